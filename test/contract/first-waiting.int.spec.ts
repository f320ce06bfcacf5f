import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventFilter, type Position } from '@sw/event-store';
import { createTestDatabase } from '@sw/test-support';

/**
 * PostgresEventStore.firstWaiting (the backlog monitor's one statement for every subscription)
 * finds, for each read, the event readAll({ after, filter, maxCount: 1 }) finds: whatever the
 * position, whatever the filter (prefixes with LIKE's special characters included), none past the head.
 */
describe('postgres firstWaiting: each read as its own readAll with maxCount 1 would find it', () => {
  const actor = { kind: 'system' as const, id: 'test' };
  const event = (type: string) => ({ type, data: {}, metadata: { correlationId: randomUUID(), actor } });

  it('agrees with readAll for every start and filter, in the order asked', async () => {
    const database = await createTestDatabase();
    await PostgresEventStore.createSchema(database.url);
    const store = new PostgresEventStore({ connectionString: database.url });
    try {
      const streams = ['order-1', 'order_2', 'ordex-3', 'bill%-4', 'bill-5'];
      for (let i = 0; i < 20; i++) {
        await store.append(streams[i % streams.length], [event(['A', 'B', 'C'][i % 3])], 'any');
        // Distinct recorded_at, so a wrong event shows as a wrong time.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const all = await store.readAll({ maxCount: 100 });
      expect(all).toHaveLength(20);
      const starts: (Position | null)[] = [null, all[0].position, all[7].position, all[18].position, all[19].position];
      const filters: (EventFilter | undefined)[] = [
        undefined,
        { streamPrefixes: ['order_'] },
        { streamPrefixes: ['bill%'] },
        { streamPrefixes: ['ordex', 'bill-'] },
        { streamPrefixes: ['nobody'] },
        { eventTypes: ['C'] },
        { eventTypes: ['A', 'B'] },
        { eventTypes: ['Z'] },
      ];
      const reads = starts.flatMap((after) => filters.map((filter) => ({ after, filter })));
      const expected = await Promise.all(reads.map(async (read) => (await store.readAll({ ...read, maxCount: 1 }))[0]?.recordedAt ?? null));
      // The reads cover both outcomes, so agreement is not agreement on nothing.
      expect(expected.filter((at) => at === null).length).toBeGreaterThan(5);
      expect(new Set(expected.filter((at) => at !== null)).size).toBeGreaterThan(5);
      expect(await store.firstWaiting(reads)).toEqual(expected);
      expect(await store.firstWaiting([])).toEqual([]);
    } finally {
      await store.close();
      await database.drop();
    }
  }, 60_000);
});
