import { PassThrough } from 'node:stream';
import { DuplicateEventIdError, EventStoreDbEventStore, EventStoreUnavailableError, type RecordedEvent } from '@sw/event-store';
import { escapeRegex, isSystemEvent, matchesFilter, toServerFilter } from './filters';
import { comparePositions, decodePosition, encodePosition, knownPosition, parseProjectionPosition } from './positions';
import { readBatches } from './read-batches';
import { findReappend } from './reappend';
import { backoffMs } from './timing';

// Pure parts of the EventStoreDB adapter; the adapter itself runs against a server in
// test/contract/eventstoredb.int.spec.ts.

describe('EventStoreDB positions', () => {
  it('encode as <commit>/<prepare> and decode back exactly, beyond 2^53', () => {
    const big = { commit: (1n << 63n) + 5n, prepare: (1n << 63n) + 3n };
    expect(encodePosition(big)).toBe('9223372036854775813/9223372036854775811');
    expect(decodePosition(encodePosition(big))).toEqual(big);
    expect(decodePosition('0/0')).toEqual({ commit: 0n, prepare: 0n });
    expect(decodePosition('1234/1200')).toEqual({ commit: 1234n, prepare: 1200n });
  });

  it('refuse what is not a position', () => {
    for (const text of ['', '12', '1/2/3', '-1/2', 'a/b', '1.5/2', ' 1/2', '1/2 ', '123456789012345678901/1']) {
      expect(() => decodePosition(text)).toThrow(RangeError);
    }
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
  });

  it('compare by commit, then prepare, without losing precision', () => {
    const a = { commit: 9007199254740993n, prepare: 9007199254740993n }; // 2^53 + 1: equal to 2^53 as a number
    const b = { commit: 9007199254740992n, prepare: 9007199254740992n };
    expect(Number(a.commit)).toBe(Number(b.commit));
    expect(comparePositions(a, b)).toBe(1);
    expect(comparePositions(b, a)).toBe(-1);
    expect(comparePositions(a, { ...a })).toBe(0);
    expect(comparePositions({ commit: 5n, prepare: 9n }, { commit: 6n, prepare: 1n })).toBe(-1);
    expect(comparePositions({ commit: 5n, prepare: 2n }, { commit: 5n, prepare: 1n })).toBe(1);
    const sorted = ['10/10', '2/2', '10/3', '9007199254740993/9007199254740993', '9007199254740992/9007199254740992']
      .map(decodePosition).sort(comparePositions).map(encodePosition);
    expect(sorted).toEqual(['2/2', '10/3', '10/10', '9007199254740992/9007199254740992', '9007199254740993/9007199254740993']);
  });

  it('treat the server\'s "no position" as unknown', () => {
    expect(knownPosition(undefined)).toBeNull();
    expect(knownPosition({ commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n })).toBeNull();
    expect(knownPosition({ commit: 7n, prepare: 7n })).toEqual({ commit: 7n, prepare: 7n });
  });

  it('parse a projection position from its statistics', () => {
    expect(parseProjectionPosition('C:63821834/P:63821834; Some\\\\Type: -1; ')).toEqual({ commit: 63821834n, prepare: 63821834n });
    expect(parseProjectionPosition('C:18446744073709551615/P:18446744073709551615')).toEqual({ commit: 18446744073709551615n, prepare: 18446744073709551615n });
    expect(parseProjectionPosition('C:100/P:-1')).toEqual({ commit: 100n, prepare: 100n });
    expect(parseProjectionPosition('C:-1/P:-1')).toBeNull();
    expect(parseProjectionPosition('')).toBeNull();
    expect(parseProjectionPosition(undefined)).toBeNull();
  });
});

describe('EventStoreDB filters', () => {
  it('exclude system events when no filter is given', () => {
    expect(toServerFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });

  it('filter streams by prefix on the server', () => {
    expect(toServerFilter({ streamPrefixes: ['declaration-', 'customs-'] })).toMatchObject({
      filterOn: 'streamName', prefixes: ['declaration-', 'customs-'], checkpointInterval: 1,
    });
  });

  it('filter exact event types with an anchored, escaped regex', () => {
    const filter = toServerFilter({ eventTypes: ['Released', 'Risk.Assessed', 'A+B(1)'] }) as { filterOn: string; regex: string };
    expect(filter.filterOn).toBe('eventType');
    const regex = new RegExp(filter.regex);
    for (const type of ['Released', 'Risk.Assessed', 'A+B(1)']) expect(regex.test(type)).toBe(true);
    for (const type of ['ReleasedX', 'XReleased', 'RiskxAssessed', 'AAB(1)', 'Risk', '']) expect(regex.test(type)).toBe(false);
    expect(escapeRegex('a.b*c?[d]^$|{e}\\f')).toBe('a\\.b\\*c\\?\\[d\\]\\^\\$\\|\\{e\\}\\\\f');
    expect(escapeRegex('a b#c')).toBe('a\\x20b\\#c');
  });

  it('match nothing for empty lists', () => {
    expect(toServerFilter({ streamPrefixes: [] })).toBeNull();
    expect(toServerFilter({ eventTypes: [] })).toBeNull();
  });

  it('apply the same filter on the client and recognise system events', () => {
    const event = { streamId: 'customs-42', type: 'CaseOpened' };
    expect(matchesFilter(event, undefined)).toBe(true);
    expect(matchesFilter(event, { streamPrefixes: ['customs-'] })).toBe(true);
    expect(matchesFilter(event, { streamPrefixes: ['inspection-'] })).toBe(false);
    expect(matchesFilter(event, { eventTypes: ['CaseOpened'] })).toBe(true);
    expect(matchesFilter(event, { eventTypes: ['Case'] })).toBe(false);
    expect(isSystemEvent(event)).toBe(false);
    expect(isSystemEvent({ streamId: '$bc-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$customs-42', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: 'customs-42', type: '$>' })).toBe(true);
  });
});

describe('EventStoreDB idempotent re-append', () => {
  const recorded = (id: string, revision: number): RecordedEvent => ({
    streamId: 's', revision, position: `${100 + revision}/${100 + revision}`, id, type: 'T', data: {},
    metadata: { correlationId: 'c', actor: { kind: 'system', id: 'x' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, hash: 'h' },
    recordedAt: '2026-01-01T00:00:00.000Z',
  });
  const tail = [recorded('e4', 4), recorded('e3', 3), recorded('e2', 2), recorded('e1', 1)]; // newest first

  it('returns the first result when every id is stored, consecutively, in order', () => {
    expect(findReappend('s', tail, ['e2', 'e3'])).toEqual({ nextRevision: 3, position: '103/103' });
    expect(findReappend('s', tail, ['e4'])).toEqual({ nextRevision: 4, position: '104/104' });
  });

  it('is not a re-append when no id is stored', () => {
    expect(findReappend('s', tail, ['n1', 'n2'])).toBeNull();
    expect(findReappend('s', tail, [])).toBeNull();
  });

  it('refuses a batch that only partly matches what is stored', () => {
    expect(() => findReappend('s', tail, ['e2', 'n1'])).toThrow(DuplicateEventIdError);
    expect(() => findReappend('s', tail, ['n1', 'e2'])).toThrow(DuplicateEventIdError);
    expect(() => findReappend('s', tail, ['e3', 'e2'])).toThrow(DuplicateEventIdError);
    expect(() => findReappend('s', tail, ['e1', 'e3'])).toThrow(DuplicateEventIdError);
  });
});

describe('EventStoreDB backoff', () => {
  it('grows exponentially to a cap, with jitter below the ceiling', () => {
    const top = () => 0.999999;
    expect(backoffMs(0, { baseMs: 100, capMs: 5000, random: top })).toBe(99);
    expect(backoffMs(3, { baseMs: 100, capMs: 5000, random: top })).toBe(799);
    expect(backoffMs(10, { baseMs: 100, capMs: 5000, random: top })).toBe(4999);
    expect(backoffMs(1000, { baseMs: 100, capMs: 5000, random: top })).toBe(4999);
    expect(backoffMs(5, { random: () => 0 })).toBe(0);
    for (let i = 0; i < 100; i++) expect(backoffMs(4)).toBeLessThan(1600);
  });
});

describe('readBatches', () => {
  const source = () => new PassThrough({ objectMode: true });
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('delivers what arrived together as one batch, never more than batchSize', async () => {
    const stream = source();
    for (let i = 0; i < 10; i++) stream.write(i);
    stream.end();
    const batches: number[][] = [];
    for await (const batch of readBatches<number>(stream, { batchSize: 4 })) batches.push(batch);
    expect(batches).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('does not hold back an event that arrives alone', async () => {
    const stream = source();
    const iterator = readBatches<string>(stream, { batchSize: 100 })[Symbol.asyncIterator]();
    const first = iterator.next();
    await tick();
    stream.write('a');
    expect(await first).toEqual({ value: ['a'], done: false });
    const second = iterator.next();
    await tick();
    stream.write('b');
    stream.write('c');
    expect(await second).toEqual({ value: ['b', 'c'], done: false });
    stream.end();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('delivers the items received before an error, then throws it', async () => {
    const stream = source();
    stream.write(1);
    stream.write(2);
    const seen: number[] = [];
    const run = (async () => { for await (const batch of readBatches<number>(stream, { batchSize: 10 })) seen.push(...batch); })();
    await tick();
    stream.emit('error', new Error('dropped')); // the client's subscriptions emit errors without ending
    await expect(run).rejects.toThrow('dropped');
    expect(seen).toEqual([1, 2]);
  });

  it('on stop, delivers what was already buffered and ends', async () => {
    const stream = source();
    const stop = new AbortController();
    stream.write(1);
    stream.write(2);
    stream.write(3);
    await tick();
    stop.abort();
    const seen: number[][] = [];
    for await (const batch of readBatches<number>(stream, { batchSize: 2, stop: stop.signal })) {
      seen.push(batch);
      stream.write(99); // arrives after the stop: not delivered
    }
    expect(seen).toEqual([[1, 2], [3]]);
  });

  it('ends a wait when stopped with nothing buffered', async () => {
    const stream = source();
    const stop = new AbortController();
    const run = (async () => { const all: number[] = []; for await (const b of readBatches<number>(stream, { batchSize: 5, stop: stop.signal })) all.push(...b); return all; })();
    await tick();
    stop.abort();
    expect(await run).toEqual([]);
  });

  it('on abort, returns at once without delivering', async () => {
    const stream = source();
    const controller = new AbortController();
    stream.write(1);
    await tick();
    controller.abort();
    const seen: number[] = [];
    for await (const batch of readBatches<number>(stream, { batchSize: 5, signal: controller.signal })) seen.push(...batch);
    expect(seen).toEqual([]);
  });

  it('ends when the source closes without ending', async () => {
    const stream = source();
    const run = (async () => { for await (const _ of readBatches<number>(stream, { batchSize: 5 })) { /* nothing */ } })();
    await tick();
    stream.destroy();
    await expect(run).resolves.toBeUndefined();
  });

  it('removes its listeners when done', async () => {
    const stream = source();
    stream.end();
    for await (const _ of readBatches<number>(stream, { batchSize: 1 })) { /* nothing */ }
    expect(stream.listenerCount('readable')).toBe(0);
    expect(stream.listenerCount('error')).toBe(0);
  });
});

describe('EventStoreDB adapter without a server', () => {
  // Nothing listens on port 1: these check the failure paths, not the store (which the contract
  // suite checks against a real server).
  const actor = { kind: 'system' as const, id: 'unit' };

  it('reports an unreachable node as EventStoreUnavailableError', async () => {
    const store = new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.append('s-1', [{ type: 'A', data: {}, metadata: { correlationId: 'c', actor } }], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream('s-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readByCorrelation('c')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await store.close();
    }
  });

  it('reports a cluster it cannot discover as EventStoreUnavailableError', async () => {
    const store = new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1,127.0.0.1:2?tls=false&maxDiscoverAttempts=2&discoveryInterval=10&gossipTimeout=1' });
    try {
      await expect(store.ping()).rejects.toThrow(/unavailable: Failed to discover/);
    } finally {
      await store.close();
    }
  });

  it('keeps resubscribing while the server is away, and stops on abort or close', async () => {
    const store = new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    const controller = new AbortController();
    const drain = async (signal: AbortSignal) => {
      const seen: RecordedEvent[] = [];
      for await (const batch of store.subscribe({ after: null, signal })) seen.push(...batch.events);
      return seen;
    };
    const aborted = drain(controller.signal);
    setTimeout(() => controller.abort(), 300);
    await expect(aborted).resolves.toEqual([]);
    const closed = drain(new AbortController().signal);
    setTimeout(() => void store.close(), 300);
    await expect(closed).resolves.toEqual([]);
  });

  it('refuses positions that are not its own', async () => {
    const store = new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    try {
      await expect(store.readAll({ after: 'not-a-position' })).rejects.toBeInstanceOf(RangeError);
    } finally {
      await store.close();
    }
  });
});
