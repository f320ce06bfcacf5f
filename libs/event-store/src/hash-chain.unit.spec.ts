import { canonicalEventText, canonicalJson, chainHash, verifyChain } from './hash-chain';
import type { RecordedEvent } from './event-store.port';

describe('canonical JSON', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[1, 'two', true, null], '[1,"two",true,null]'],
    ['海关 "quoted"', '"海关 \\"quoted\\""'],
    [1.5e21, '1.5e+21'],
  ])('%j → %s', (value, text) => expect(canonicalJson(value)).toBe(text));

  it('does not depend on key order', () => {
    const event = (metadata: object) => canonicalEventText({ streamId: 's', id: 'i', type: 't', data: { x: 1, y: 2 }, metadata: metadata as never });
    expect(event({ correlationId: 'c', actor: { kind: 'system', id: 'a' } })).toBe(event({ actor: { id: 'a', kind: 'system' }, correlationId: 'c' }));
  });
});

describe('verifyChain', () => {
  function chain(n: number): RecordedEvent[] {
    let previous = '';
    return Array.from({ length: n }, (_, revision) => {
      const base = { streamId: 's-1', id: `id-${revision}`, type: 'T', data: { revision }, metadata: { correlationId: 'c', actor: { kind: 'system' as const, id: 'x' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } };
      previous = chainHash(previous, canonicalEventText(base));
      return { ...base, revision, position: `1/${revision}`, recordedAt: '', metadata: { ...base.metadata, hash: previous } };
    });
  }

  it('accepts an intact chain', () => expect(verifyChain(chain(4))).toEqual({ valid: true, events: 4 }));
  it('accepts an empty stream', () => expect(verifyChain([])).toEqual({ valid: true, events: 0 }));

  it.each([
    ['changed data', (events: RecordedEvent[]) => { events[2] = { ...events[2], data: { revision: 99 } }; }, 2],
    ['changed metadata', (events: RecordedEvent[]) => { events[1] = { ...events[1], metadata: { ...events[1].metadata, actor: { kind: 'officer', id: 'x' } } }; }, 1],
    ['a removed event', (events: RecordedEvent[]) => { events.splice(1, 1); }, 2],
    ['swapped events', (events: RecordedEvent[]) => { const [a, b] = [events[1], events[2]]; events[1] = { ...b, revision: 1 }; events[2] = { ...a, revision: 2 }; }, 1],
    ['a recomputed hash on one event only', (events: RecordedEvent[]) => { events[1] = { ...events[1], data: { revision: 7 } }; events[1].metadata = { ...events[1].metadata, hash: chainHash(events[0].metadata.hash, canonicalEventText(events[1])) }; }, 2],
  ])('finds %s', (_, tamper, brokenRevision) => {
    const events = chain(4);
    tamper(events);
    expect(verifyChain(events)).toMatchObject({ valid: false, brokenAt: { stream: 's-1', revision: brokenRevision } });
  });
});
