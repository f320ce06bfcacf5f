import { canonicalEventText, canonicalJson, chainHash, verifyChain } from './hash-chain';
import type { RecordedEvent } from './event-store.port';
import fc from 'fast-check';

describe('canonical JSON', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[1, 'two', true, null], '[1,"two",true,null]'],
    ['海关 "quoted"', '"海关 \\"quoted\\""'],
    [1.5e21, '1.5e+21'],
  ])('%j → %s', (value, text) => expect(canonicalJson(value)).toBe(text));

  /** The first implementation (map, filter, sort, join), kept as the reference for JSON values: stored hashes were made with it. */
  function reference(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return '[' + value.map(reference).join(',') + ']';
    return '{' + Object.keys(value).filter((k) => (value as any)[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + reference((value as any)[k])).join(',') + '}';
  }

  it('gives the texts of the first implementation for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 2000 });
  });

  it('gives a raw value the text of its JSON round trip (dates, undefined, non-finite numbers)', () => {
    const raw = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }), fc.date({ noInvalidDate: true }), fc.constant(undefined), fc.constantFrom(NaN, Infinity, -0),
        fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(fc.property(raw, (value) => {
      const roundTrip = JSON.stringify(value) === undefined ? undefined : JSON.parse(JSON.stringify(value));
      expect(canonicalJson(value)).toBe(canonicalJson(roundTrip));
      if (roundTrip !== undefined) expect(JSON.parse(canonicalJson(value))).toEqual(roundTrip);
    }), { numRuns: 2000 });
  });

  it('sorts keys as sort() does, numeric-looking, non-ASCII and astral keys included, in small and large objects', () => {
    const keyChars = fc.constantFrom('a', 'B', '1', '0', '9', '_', 'é', '海', '关', '\u{1F600}', '\uFFFD', '-');
    const objects = fc.dictionary(fc.string({ unit: keyChars, maxLength: 3 }), fc.integer(), { maxKeys: 100 });
    fc.assert(fc.property(objects, (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 500 });
  });

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
