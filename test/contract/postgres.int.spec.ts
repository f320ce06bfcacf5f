import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, canonicalEventText, type EventFilter, type PostgresEventStoreOptions, type RecordedEvent } from '@sw/event-store';
import { createTestDatabase, eventually } from '@sw/test-support';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('postgres', async () => {
  const database = await createTestDatabase();
  await PostgresEventStore.createSchema(database.url);
  const store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 100 });
  return {
    store,
    async beginLateAppend(streamId, events) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query('begin');
      const ids = events.map(() => randomUUID());
      const payload = events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata, occurredAt: e.metadata.occurredAt ?? new Date().toISOString(), schemaVersion: 1 } }));
      const canonical = payload.map((e, i) => canonicalEventText({ streamId, id: ids[i], ...e }));
      await client.query('select * from sw_append($1, -2, $2::uuid[], $3::text[])', [streamId, ids, canonical]);
      return {
        async commit() {
          await client.query('commit');
          await client.end();
        },
      };
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
});


/** One test's own database and store, with a controller its subscriptions stop on; all closed after. */
async function withStore(options: Partial<PostgresEventStoreOptions>, test: (subject: { store: PostgresEventStore; controller: AbortController; url: string }) => Promise<void>): Promise<void> {
  const database = await createTestDatabase();
  await PostgresEventStore.createSchema(database.url);
  const store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50, ...options });
  const controller = new AbortController();
  try {
    await test({ store, controller, url: database.url });
  } finally {
    controller.abort();
    await store.close();
    await database.drop();
  }
}

describe('postgres subscribers sharing one read of the log', () => {
  const actor = { kind: 'system' as const, id: 'test' };
  const event = (type: string, data: unknown) => ({ type, data, metadata: { correlationId: randomUUID(), actor } });

  it('each get exactly what its own read would, whatever its filter, batch size and start, also when it falls behind the tail', async () => {
    // A tail of 25 events: the slow subscriber falls behind it and reads the store itself.
    await withStore({ sharedTailEvents: 25 }, async ({ store, controller, url }) => {
      const types = ['A', 'B', 'C'];
      const write = async (writer: string, count: number) => {
        for (let i = 0; i < count; i++) await store.append(`${writer}-${i % 3}`, [event(types[i % 3], { writer, i })], 'any');
      };
      await write('early', 30);
      const start = (await store.readAll({ maxCount: 10_000 }))[11].position;
      const subscribers: { after: string | null; filter?: EventFilter; batchSize: number; delayMs: number }[] = [
        { after: null, batchSize: 500, delayMs: 0 },
        { after: null, filter: { streamPrefixes: ['w1-', 'early-1'] }, batchSize: 7, delayMs: 0 },
        { after: start, filter: { eventTypes: ['B'] }, batchSize: 3, delayMs: 0 },
        { after: null, filter: { eventTypes: ['A', 'C'] }, batchSize: 5, delayMs: 40 }, // slow
      ];
      const total = 30 + 4 * 40;
      const seen = subscribers.map(() => [] as RecordedEvent[]);
      const runs = subscribers.map(async (subscriber, index) => {
        for await (const batch of store.subscribe({ after: subscriber.after, filter: subscriber.filter, batchSize: subscriber.batchSize, signal: controller.signal })) {
          expect(batch.events.length).toBeLessThanOrEqual(subscriber.batchSize);
          seen[index].push(...batch.events);
          if (subscriber.delayMs) await new Promise((resolve) => setTimeout(resolve, subscriber.delayMs));
          if (batch.position === (await store.headPosition()) && (await store.readAll({ maxCount: 10_000 })).length === total) break;
        }
      });
      await Promise.all(['w1', 'w2', 'w3', 'w4'].map((writer) => write(writer, 40)));
      await Promise.all(runs);
      for (const [index, subscriber] of subscribers.entries()) {
        const expected = await store.readAll({ after: subscriber.after, filter: subscriber.filter, maxCount: 10_000 });
        expect(seen[index].map((e) => e.id)).toEqual(expected.map((e) => e.id));
        expect(seen[index].map((e) => e.data)).toEqual(expected.map((e) => e.data));
      }
    });
  });
});

describe('postgres shared tail and a subscriber catching up', () => {
  const actor = { kind: 'system' as const, id: 'test' };
  const event = (type: string) => ({ type, data: {}, metadata: { correlationId: randomUUID(), actor } });

  it('reads the log through its own filter, not through the tail (which only holds the live end)', async () => {
    await withStore({}, async ({ store, controller, url }) => {
      for (let i = 0; i < 60; i++) await store.append(`old-${i}`, [event('Old')], 'no-stream');
      const head = (await store.headPosition())!;
      // Every read of the log without a filter is a read of the shared tail.
      const reads = jest.spyOn(store as unknown as { readWithProgress: (after: string | null, limit: number, filter?: unknown) => Promise<unknown> }, 'readWithProgress');
      const live: RecordedEvent[] = [];
      const newcomer: RecordedEvent[] = [];
      const consume = async (after: string | null, filter: EventFilter, into: RecordedEvent[]) => {
        for await (const batch of store.subscribe({ after, filter, batchSize: 10, signal: controller.signal })) into.push(...batch.events);
      };
      // The newcomer reads first, from the beginning.
      const runs = [consume(null, { eventTypes: ['New', 'Old'] }, newcomer)];
      await eventually(() => expect(newcomer.length).toBeGreaterThan(0));
      runs.push(consume(head, { eventTypes: ['New'] }, live));
      await eventually(() => expect(newcomer).toHaveLength(60));
      for (let i = 0; i < 5; i++) await store.append(`new-${i}`, [event('New')], 'no-stream');
      await eventually(() => { expect(live).toHaveLength(5); expect(newcomer).toHaveLength(65); });
      controller.abort();
      await Promise.all(runs);
      const tailReads = reads.mock.calls.filter(([, , filter]) => filter === undefined).map(([after]) => after);
      expect(tailReads.length).toBeGreaterThan(0); // the live end was shared
      const old = await store.readAll({ maxCount: 1000 });
      // None started among the old events: the newcomer read those itself.
      for (const after of tailReads) expect(old.slice(0, 59).map((e) => e.position)).not.toContain(after);
      expect(tailReads).not.toContain(null);
    });
  });
});

describe('postgres subscription progress', () => {
  const actor = { kind: 'system' as const, id: 'test' };
  const event = (type: string) => ({ type, data: {}, metadata: { correlationId: randomUUID(), actor } });

  it('moves past the events its filter leaves out, but never past a transaction still open', async () => {
    await withStore({}, async ({ store, controller, url }) => {
      await store.append('wanted-1', [event('Wanted')], 'no-stream');
      for (let i = 0; i < 20; i++) await store.append(`other-${i}`, [event('Other')], 'no-stream');
      // An append left open: what commits after it must not be passed over.
      const late = new Client({ connectionString: url });
      await late.connect();
      await late.query('begin');
      const payload = [{ type: 'Wanted', data: {}, metadata: { correlationId: randomUUID(), actor, occurredAt: new Date().toISOString(), schemaVersion: 1 } }];
      const lateId = randomUUID();
      await late.query('select * from sw_append($1, -2, $2::uuid[], $3::text[])',
        ['wanted-late', [lateId], [canonicalEventText({ streamId: 'wanted-late', id: lateId, ...payload[0] })]]);
      await store.append('other-after', [event('Other')], 'no-stream');

      const batches: { types: string[]; position: string }[] = [];
      const run = (async () => {
        for await (const batch of store.subscribe({ after: null, filter: { streamPrefixes: ['wanted-'] }, signal: controller.signal })) {
          batches.push({ types: batch.events.map((e) => e.type), position: batch.position });
          if (batch.events.some((e) => e.streamId === 'wanted-late')) break;
        }
      })();
      const others = await store.readAll({ filter: { streamPrefixes: ['other-'] } });
      // Everything before the open transaction was read: the 20 others committed before it.
      await eventually(() => expect(batches.at(-1)?.position).toBe(others[19].position));
      expect(batches.flatMap((b) => b.types)).toEqual(['Wanted']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(batches.at(-1)?.position).toBe(others[19].position); // not past the open append
      await late.query('commit');
      await late.end();
      await run;
      expect(batches.flatMap((b) => b.types)).toEqual(['Wanted', 'Wanted']);
      const head = await store.headPosition();
      expect(batches.at(-1)?.position).toBe(head); // 'other-after' read past as well
    });
  });
});
