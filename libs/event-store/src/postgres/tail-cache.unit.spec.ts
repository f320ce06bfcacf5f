import type { EventFilter, RecordedEvent } from '../event-store.port';
import { TailCache } from './tail-cache';

// The shared tail must serve each subscriber exactly what its own read of the store would
// return: the same events after its checkpoint, through its filter, at most its batch size,
// and the same progress position.

function recorded(tx: number, position: number, streamId: string, type: string): RecordedEvent {
  return {
    streamId, revision: 0, position: `${tx}/${position}`, id: `${tx}-${position}`, type, data: { nested: { list: [1] } },
    metadata: { correlationId: 'c', actor: { kind: 'system', id: 't' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, hash: '' },
    recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

// A log in commit order: transactions 10..14, positions drawn out of order across them.
const log = [
  recorded(10, 3, 'declaration-1', 'DeclarationSubmitted'),
  recorded(10, 4, 'declaration-1', 'DeclarationRouted'),
  recorded(11, 1, 'customs-1', 'CaseOpened'),
  recorded(12, 7, 'arrival-9', 'ArrivalReported'),
  recorded(13, 5, 'customs-1', 'CaseReleased'),
  recorded(14, 8, 'declaration-1', 'DeclarationReleased'),
];

/** What the store's read returns: the events after `after` through the filter, limit, and how far it went. */
function direct(after: string | null, limit: number, filter: EventFilter | undefined, head: string) {
  const key = (p: string | null) => (p ? p.split('/').map(BigInt) : [-1n, -1n]);
  const later = (p: string) => { const [a, b] = key(p); const [c, d] = key(after); return a > c || (a === c && b > d); };
  const passes = (e: RecordedEvent) => !filter || ('streamPrefixes' in filter ? filter.streamPrefixes.some((s) => e.streamId.startsWith(s)) : filter.eventTypes.includes(e.type));
  const events = log.filter((e) => later(e.position) && passes(e)).slice(0, limit);
  return { events, readTo: events.length === limit ? events[events.length - 1].position : head };
}

describe('TailCache', () => {
  const head = '14/8';

  it('locates a checkpoint before, inside, at the end of or beyond the stretch it holds', () => {
    const tail = new TailCache('10/4', 100);
    expect(tail.locate('10/4')).toBe('end'); // nothing read yet
    tail.extend(log.slice(2), head, 1);
    expect(tail.locate(null)).toBe('before');
    expect(tail.locate('10/3')).toBe('before');
    expect(tail.locate('10/4')).toBe('inside');
    expect(tail.locate('12/7')).toBe('inside');
    expect(tail.locate('12/99')).toBe('inside'); // a position between two held ones
    expect(tail.locate('14/8')).toBe('end');
    expect(tail.locate('15/1')).toBe('beyond');
  });

  it.each<[string, string | null, number, EventFilter | undefined]>([
    ['everything', null, 100, undefined],
    ['a full batch', null, 2, undefined],
    ['by stream prefix', null, 100, { streamPrefixes: ['customs-', 'arrival-'] }],
    ['by prefix, a full batch mid-log', '10/4', 1, { streamPrefixes: ['customs-'] }],
    ['by event type', '11/1', 100, { eventTypes: ['DeclarationReleased', 'CaseOpened'] }],
    ['a filter that takes nothing', '10/3', 100, { eventTypes: ['Nothing'] }],
    ['from a position between events', '12/6', 100, undefined],
  ])('serves %s as the store would', (_, after, limit, filter) => {
    const tail = new TailCache(null, 100);
    tail.extend(log.slice(0, 3), '11/1', 1);
    tail.extend(log.slice(3), head, 2);
    expect(tail.serve(after, limit, filter)).toEqual(direct(after, limit, filter, head));
  });

  it('keeps the newest events only, moving its start up', () => {
    const tail = new TailCache(null, 3);
    tail.extend(log, head, 1);
    expect(tail.size).toBe(3);
    expect(tail.locate('10/4')).toBe('before'); // 11/1 was dropped: such a subscriber reads the store
    expect(tail.locate('11/1')).toBe('inside'); // everything after it is held
    expect(tail.serve('11/1', 100, undefined).events.map((e) => e.position)).toEqual(['12/7', '13/5', '14/8']);
    expect(tail.serve('12/7', 100, undefined).events.map((e) => e.position)).toEqual(['13/5', '14/8']);
  });

  it('moves its end to the head a read reached even when it found nothing', () => {
    const tail = new TailCache('14/8', 100);
    tail.extend([], '15/2', 3);
    expect(tail.locate('14/8')).toBe('inside');
    expect(tail.serve('14/8', 10, undefined)).toEqual({ events: [], readTo: '15/2' });
    expect(tail.generation).toBe(3);
  });

  it('hands out frozen events: one subscriber cannot change what the others get', () => {
    const tail = new TailCache(null, 100);
    tail.extend([recorded(20, 1, 'declaration-2', 'DeclarationSubmitted')], '20/1', 1);
    const [event] = tail.serve(null, 10, undefined).events;
    expect(() => { (event.data as { nested: { list: number[] } }).nested.list.push(2); }).toThrow(TypeError);
    expect(() => { (event as { type: string }).type = 'Other'; }).toThrow(TypeError);
  });
});
