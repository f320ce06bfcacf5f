import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError, WrongExpectedRevisionError, verifyChain,
  type EventStore, type NewEvent, type RecordedEvent,
} from '@sw/event-store';
import { eventually } from '@sw/test-support';

/**
 * The event store contract. Every adapter runs it (postgres.int.spec.ts, eventstoredb.int.spec.ts).
 * Streams are named per test, so the tests share one store without seeing each other.
 */
export interface ContractSubject {
  store: EventStore;
  /**
   * Starts appending `events` to `streamId` in a transaction that stays open until `commit`
   * (PostgreSQL only: the hazard of late commits exists only where positions are drawn before commit).
   */
  beginLateAppend?(streamId: string, events: NewEvent[]): Promise<{ commit(): Promise<void> }>;
  close(): Promise<void>;
}

const actor = { kind: 'system' as const, id: 'contract-test' };

export function event(type: string, data: unknown = {}, correlationId = 'shipment-1', extra: Partial<NewEvent> = {}): NewEvent {
  return { type, data, metadata: { correlationId, actor, occurredAt: new Date().toISOString() }, ...extra };
}

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

async function collect(store: EventStore, options: { after: string | null; prefix: string; until: (events: RecordedEvent[]) => boolean; timeoutMs?: number }): Promise<RecordedEvent[]> {
  const controller = new AbortController();
  const seen: RecordedEvent[] = [];
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  try {
    let reported: string | null = options.after;
    for await (const batch of store.subscribe({ after: options.after, filter: { streamPrefixes: [options.prefix] }, batchSize: 7, signal: controller.signal })) {
      // A batch brings events, or news of progress past events the filter left out.
      expect(batch.events.length > 0 || batch.position !== reported).toBe(true);
      for (const event of batch.events) expect(event.streamId.startsWith(options.prefix)).toBe(true);
      reported = batch.position;
      seen.push(...batch.events);
      if (options.until(seen)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}

export function eventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => subject?.close());

    describe('append and read a stream', () => {
      it('numbers revisions from 0 and returns data and metadata as written', async () => {
        const stream = unique('declaration');
        const result = await store.append(stream, [event('Submitted', { value: 1.5, items: [{ hs: '0201300000' }] }), event('Routed', { to: ['customs'] })], 'no-stream');
        expect(result.nextRevision).toBe(1);
        expect(result.position).toEqual(expect.any(String));
        const events = await store.readStream(stream);
        expect(events.map((e) => [e.revision, e.type])).toEqual([[0, 'Submitted'], [1, 'Routed']]);
        expect(events[0].data).toEqual({ value: 1.5, items: [{ hs: '0201300000' }] });
        expect(events[0].metadata).toMatchObject({ correlationId: 'shipment-1', actor, schemaVersion: 1 });
        expect(events[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(events[1].position).toBe(result.position);
      });

      it('stores awkward text as written (line breaks, quotes, backslashes, U+2028, astral characters), alone and across streams', async () => {
        const awkward = { text: 'line one\nline two\r\n\ttab "quoted" back\\slash \u2028 \u2029 😀 海关', lines: ['\n', '\\n', '"\n"'] };
        const [one, a, b] = [unique('awkward'), unique('awkward-a'), unique('awkward-b')];
        await store.append(one, [event('Noted', awkward), event('Noted', { again: awkward })], 'no-stream');
        await store.appendMany([
          { streamId: a, events: [event('Noted', awkward)], expected: 'no-stream' },
          { streamId: b, events: [event('Noted', { ...awkward, b: true }), event('Noted', awkward)], expected: 'no-stream' },
        ]);
        for (const stream of [one, a, b]) {
          const events = await store.readStream(stream);
          expect(events[0].data).toMatchObject(awkward);
          expect(verifyChain(events)).toEqual({ valid: true, events: events.length });
        }
      });

      it('returns no events for a stream that does not exist', async () => {
        expect(await store.readStream(unique('missing'))).toEqual([]);
      });

      it('reads a revision range', async () => {
        const stream = unique('range');
        await store.append(stream, [0, 1, 2, 3, 4].map((n) => event('Counted', { n })), 'no-stream');
        const events = await store.readStream(stream, { fromRevision: 1, toRevision: 3 });
        expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
      });

      it('reads a stream as it stood at an instant of the engine clock', async () => {
        const stream = unique('as-of');
        const at = (iso: string, n: number) => ({ ...event('Counted', { n }), metadata: { correlationId: 'c', actor, occurredAt: iso } });
        await store.append(stream, [at('2026-01-01T00:00:00.000Z', 0), at('2026-01-02T00:00:00.000Z', 1), at('2026-01-03T00:00:00.000Z', 2)], 'no-stream');
        const events = await store.readStream(stream, { untilTime: new Date('2026-01-02T12:00:00.000Z') });
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
      });

      it('chains hashes so that the stream verifies', async () => {
        const stream = unique('chain');
        await store.append(stream, [event('A', { x: 1 }), event('B', { y: [1, 2] })], 'no-stream');
        await store.append(stream, [event('C', { nested: { b: 1, a: 2 } })], 1);
        const events = await store.readStream(stream);
        expect(verifyChain(events)).toEqual({ valid: true, events: 3 });
        const tampered = events.map((e, i) => (i === 1 ? { ...e, data: { y: [1, 3] } } : e));
        expect(verifyChain(tampered)).toEqual({ valid: false, brokenAt: { stream, revision: 1 }, events: 3 });
      });
    });

    describe('expected revision', () => {
      it('no-stream refuses an existing stream, naming its revision', async () => {
        const stream = unique('no-stream');
        await store.append(stream, [event('A')], 'no-stream');
        await expect(store.append(stream, [event('B')], 'no-stream')).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 0, expected: 'no-stream' });
      });

      it('an exact revision appends when it matches and refuses otherwise', async () => {
        const stream = unique('exact');
        await store.append(stream, [event('A'), event('B')], 'no-stream');
        expect((await store.append(stream, [event('C')], 1)).nextRevision).toBe(2);
        const error = await store.append(stream, [event('D')], 1).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 1, actual: 2 });
      });

      it('an exact revision on a missing stream is a conflict with no stream', async () => {
        await expect(store.append(unique('exact-missing'), [event('A')], 0)).rejects.toMatchObject({ actual: 'no-stream' });
      });

      it('stream-exists refuses a missing stream and appends to an existing one', async () => {
        const stream = unique('exists');
        await expect(store.append(stream, [event('A')], 'stream-exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await store.append(stream, [event('A')], 'no-stream');
        expect((await store.append(stream, [event('B')], 'stream-exists')).nextRevision).toBe(1);
      });

      it('any appends whatever the stream holds', async () => {
        const stream = unique('any');
        expect((await store.append(stream, [event('A')], 'any')).nextRevision).toBe(0);
        expect((await store.append(stream, [event('B'), event('C')], 'any')).nextRevision).toBe(2);
      });

      it('a refused append writes none of its events', async () => {
        const stream = unique('atomic');
        await store.append(stream, [event('A')], 'no-stream');
        await expect(store.append(stream, [event('B'), event('C'), event('D')], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids returns the first result and stores nothing twice', async () => {
        const stream = unique('idempotent');
        const batch = [event('A', {}, 'c', { id: randomUUID() }), event('B', {}, 'c', { id: randomUUID() })];
        const first = await store.append(stream, batch, 'no-stream');
        const again = await store.append(stream, batch, 'no-stream');
        expect(again).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('an id already stored in another stream is refused, or stored again, as the adapter declares', async () => {
        const id = randomUUID();
        const [first, second] = [unique('first'), unique('second')];
        await store.append(first, [event('A', {}, 'c', { id })], 'no-stream');
        const again = store.append(second, [event('A', {}, 'c', { id })], 'no-stream');
        if (store.capabilities.eventIdsUniqueAcrossStreams) {
          await expect(again).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(second)).toEqual([]);
        } else {
          // Unique per stream only (EventStoreDB): the second stream holds it too.
          await expect(again).resolves.toMatchObject({ nextRevision: 0 });
          expect((await store.readStream(second)).map((e) => e.id)).toEqual([id]);
        }
        expect((await store.readStream(first)).map((e) => e.id)).toEqual([id]);
      });

      it('re-appending events stored long before (many events since) returns the first result', async () => {
        const stream = unique('old-reappend');
        const batch = [event('A', {}, 'c', { id: randomUUID() }), event('B', {}, 'c', { id: randomUUID() })];
        const first = await store.append(stream, [event('Opened'), ...batch], 'no-stream');
        for (let i = 0; i < 3; i++) await store.append(stream, Array.from({ length: 40 }, (_, n) => event('Later', { i, n })), 'any');
        // As after a restore: the same command again, with the revision it was decided on.
        expect(await store.append(stream, batch, 0)).toEqual(first);
        expect(await store.append(stream, batch, 'any')).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(123);
      });

      it('an append of no events answers where the stream ends (never a position before it)', async () => {
        const stream = unique('empty');
        const written = await store.append(stream, [event('A'), event('B')], 'no-stream');
        expect(await store.append(stream, [], 1)).toEqual(written);
        expect(await store.appendMany([{ streamId: stream, events: [], expected: 'any' }])).toEqual([written]);
        const missing = await store.append(unique('empty-missing'), [], 'any');
        expect(missing.nextRevision).toBe(-1);
        expect(missing.position).not.toBe('');
        expect(await store.readAll({ after: missing.position, filter: { streamPrefixes: [stream] } })).toEqual([]);
      });
    });

    describe('appending to several streams', () => {
      it('appends each as append would, in order, and says where each went', async () => {
        const [a, b, c] = [unique('many-a'), unique('many-b'), unique('many-c')];
        await store.append(b, [event('B0')], 'no-stream');
        const results = await store.appendMany([
          { streamId: a, events: [event('A0'), event('A1')], expected: 'no-stream' },
          { streamId: b, events: [event('B1')], expected: 0 },
          { streamId: c, events: [], expected: 'any' },
        ]);
        expect(results.map((r) => r.nextRevision)).toEqual([1, 1, -1]);
        const [readA, readB] = [await store.readStream(a), await store.readStream(b)];
        expect(readA.map((e) => e.type)).toEqual(['A0', 'A1']);
        expect(readB.map((e) => e.type)).toEqual(['B0', 'B1']);
        expect(results[0].position).toBe(readA[1].position);
        expect(results[1].position).toBe(readB[1].position);
        expect(verifyChain(readB)).toEqual({ valid: true, events: 2 });
        const all = (await store.readAll({ filter: { streamPrefixes: [a, b] }, maxCount: 10_000 })).map((e) => e.type);
        expect(all.indexOf('A1')).toBeLessThan(all.indexOf('B1')); // in the order given
      });

      it('throws the first refusal, naming its stream, with the appends before it written', async () => {
        const [a, b] = [unique('many-a'), unique('many-b')];
        await store.append(b, [event('B0')], 'no-stream');
        const refused = store.appendMany([
          { streamId: a, events: [event('A0')], expected: 'no-stream' },
          { streamId: b, events: [event('B1')], expected: 5 },
          { streamId: unique('many-c'), events: [event('C0')], expected: 'no-stream' },
        ]);
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(refused).rejects.toMatchObject({ streamId: b });
        expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0']);
        expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0']);
      });

      it('done again with the same ids, returns the first results and stores nothing twice', async () => {
        const [a, b] = [unique('many-a'), unique('many-b')];
        const appends = [
          { streamId: a, events: [event('A0', {}, 'c', { id: randomUUID() })], expected: 'no-stream' as const },
          { streamId: b, events: [event('B0', {}, 'c', { id: randomUUID() }), event('B1', {}, 'c', { id: randomUUID() })], expected: 'no-stream' as const },
        ];
        const first = await store.appendMany(appends);
        expect(await store.appendMany(appends)).toEqual(first);
        // Also when only the first of them had been done (a crash between them).
        const [c, d] = [unique('many-c'), unique('many-d')];
        const partial = [
          { streamId: c, events: [event('C0', {}, 'c', { id: randomUUID() })], expected: 'no-stream' as const },
          { streamId: d, events: [event('D0', {}, 'c', { id: randomUUID() })], expected: 'no-stream' as const },
        ];
        const done = await store.append(c, partial[0].events, 'no-stream');
        const results = await store.appendMany(partial);
        expect(results[0]).toEqual(done);
        expect((await store.readStream(c)).length + (await store.readStream(d)).length).toBe(2);
        expect((await store.readStream(b)).length).toBe(2);
      });
    });

    describe('concurrency', () => {
      it('of concurrent appends at the same revision exactly one wins, and the stream stays contiguous', async () => {
        const stream = unique('race');
        await store.append(stream, [event('Opened')], 'no-stream');
        for (let revision = 0; revision < 10; revision++) {
          const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(stream, [event('Decided', { revision, writer: i })], revision)));
          const winners = attempts.filter((a) => a.status === 'fulfilled');
          expect(winners).toHaveLength(1);
          for (const loser of attempts.filter((a) => a.status === 'rejected')) {
            expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
          }
        }
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 11 }, (_, i) => i));
        expect(new Set(events.map((e) => e.id)).size).toBe(11);
        expect(verifyChain(events).valid).toBe(true);
      });

      it('concurrent creation of one stream has exactly one winner', async () => {
        const stream = unique('create-race');
        const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(stream, [event('Created', { i })], 'no-stream')));
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('concurrent appends with any lose nothing', async () => {
        const stream = unique('any-race');
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(stream, [event('Counted', { i })], 'any')));
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect(new Set(events.map((e) => (e.data as { i: number }).i)).size).toBe(20);
        expect(verifyChain(events).valid).toBe(true);
      });
    });

    describe('reading all', () => {
      it('reads every stream in global order, resuming after any position without gaps', async () => {
        const prefix = unique('all');
        for (let i = 0; i < 5; i++) await store.append(`${prefix}-${i}`, [event('A', { i }), event('B', { i })], 'no-stream');
        const everything: RecordedEvent[] = [];
        let after: string | null = null;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 3, filter: { streamPrefixes: [prefix] } });
          if (page.length === 0) break;
          everything.push(...page);
          after = page[page.length - 1].position;
        }
        expect(everything.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual(
          [0, 1, 2, 3, 4].flatMap((i) => [`-${i}:A`, `-${i}:B`]),
        );
      });

      it('filters by event type', async () => {
        const prefix = unique('types');
        const type = `Marked${randomUUID().slice(0, 6)}`;
        await store.append(`${prefix}-a`, [event('Other'), event(type, { n: 1 })], 'no-stream');
        await store.append(`${prefix}-b`, [event(type, { n: 2 })], 'no-stream');
        const marked = await store.readAll({ filter: { eventTypes: [type] } });
        expect(marked.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
      });

      it('reads a shipment across streams by correlation id, in global order', async () => {
        const shipment = randomUUID();
        await store.append(unique('declaration'), [event('Submitted', {}, shipment)], 'no-stream');
        await store.append(unique('customs'), [event('CaseOpened', {}, shipment), event('RiskAssessed', {}, shipment)], 'no-stream');
        await store.append(unique('other'), [event('Unrelated', {}, randomUUID())], 'no-stream');
        await store.append(unique('inspection'), [event('CaseOpened', {}, shipment)], 'no-stream');
        const history = await store.readByCorrelation(shipment);
        expect(history.map((e) => e.type)).toEqual(['Submitted', 'CaseOpened', 'RiskAssessed', 'CaseOpened']);
      });

      it('knows its head position', async () => {
        const result = await store.append(unique('head'), [event('A')], 'no-stream');
        await eventually(async () => {
          const head = await store.headPosition();
          expect(head).not.toBeNull();
          const after = await store.readAll({ after: result.position, maxCount: 1 });
          if (after.length === 0) expect(head).toBe(result.position);
        });
      });
    });

    describe('subscriptions', () => {
      it('deliver stored then live events in global order, once each', async () => {
        const prefix = unique('sub');
        await store.append(`${prefix}-1`, [event('A'), event('B')], 'no-stream');
        const delivered = collect(store, { after: null, prefix, until: (seen) => seen.length >= 5 });
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.append(`${prefix}-2`, [event('C')], 'no-stream');
        await store.append(`${prefix}-1`, [event('D'), event('E')], 1);
        const seen = await delivered;
        expect(seen.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      });

      it('resume after a checkpoint without repeating or skipping', async () => {
        const prefix = unique('resume');
        for (let i = 0; i < 6; i++) await store.append(`${prefix}-${i}`, [event('N', { i })], 'no-stream');
        const first = await collect(store, { after: null, prefix, until: (seen) => seen.length >= 3 });
        const checkpoint = first[2].position;
        const rest = await collect(store, { after: checkpoint, prefix, until: (seen) => seen.length >= 3 });
        expect([...first.slice(0, 3), ...rest].map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      it('deliver every event of many concurrent writers exactly once, in the order readAll gives', async () => {
        const prefix = unique('burst');
        const writers = 10;
        const perWriter = 10;
        const delivered = collect(store, { after: null, prefix, until: (seen) => seen.length >= writers * perWriter, timeoutMs: 20_000 });
        await Promise.all(Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) await store.append(`${prefix}-${w}`, [event('N', { w, i })], i === 0 ? 'no-stream' : i - 1);
        }));
        const seen = await delivered;
        expect(seen).toHaveLength(writers * perWriter);
        expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);
        const all = await store.readAll({ filter: { streamPrefixes: [prefix] }, maxCount: 10_000 });
        expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
        for (let w = 0; w < writers; w++) {
          expect(seen.filter((e) => e.streamId === `${prefix}-${w}`).map((e) => e.revision)).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        }
      });

      it('never skip an event whose transaction commits after later ones', async () => {
        if (!subject.beginLateAppend) {
          console.info(`${name}: no late-commit hazard (the log is written in commit order); test not applicable`);
          return;
        }
        const prefix = unique('late');
        await store.append(`${prefix}-early`, [event('Early')], 'no-stream');
        const late = await subject.beginLateAppend(`${prefix}-late`, [event('Late')]);
        await store.append(`${prefix}-after-1`, [event('After1')], 'no-stream');
        await store.append(`${prefix}-after-2`, [event('After2')], 'no-stream');

        const seen: RecordedEvent[] = [];
        const controller = new AbortController();
        const run = (async () => {
          for await (const batch of store.subscribe({ after: null, filter: { streamPrefixes: [prefix] }, signal: controller.signal })) {
            seen.push(...batch.events);
            if (seen.length >= 4) break;
          }
        })();
        await eventually(() => expect(seen.map((e) => e.type)).toEqual(['Early']));
        await new Promise((resolve) => setTimeout(resolve, 300));
        // While the late transaction is open, nothing after it may be delivered: a checkpoint
        // taken now would otherwise pass over it.
        expect(seen.map((e) => e.type)).toEqual(['Early']);
        await late.commit();
        await run;
        controller.abort();
        expect(seen.map((e) => e.type).sort()).toEqual(['After1', 'After2', 'Early', 'Late']);
        const all = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
        // A subscriber that had checkpointed the first event still gets the late one.
        const resumed = await collect(store, { after: seen[0].position, prefix, until: (s) => s.length >= 3 });
        expect(resumed.map((e) => e.type).sort()).toEqual(['After1', 'After2', 'Late']);
      });
    });
  });
}
