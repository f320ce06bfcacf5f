import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, WrongExpectedRevisionError, verifyChain, type NewEvent } from '@sw/event-store';
import { createTestDatabase, type TestDatabase } from '@sw/test-support';

/**
 * Group commit in the PostgreSQL store (issue 22): concurrent appends share one statement and one
 * commit, and each keeps exactly the outcome it would have had alone: revisions, refusals,
 * idempotent re-appends, the hash chain of every stream.
 */
describe('postgres group commit', () => {
  let database: TestDatabase, store: PostgresEventStore, admin: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    await PostgresEventStore.createSchema(database.url);
    store = new PostgresEventStore({ connectionString: database.url, groupCommit: { maxInFlight: 2 } });
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await database?.drop();
  });

  const event = (type: string, data: Record<string, unknown> = {}, id?: string): NewEvent => ({
    ...(id ? { id } : {}), type, data, metadata: { correlationId: 'c-' + randomUUID(), actor: { kind: 'system', id: 'test' } },
  });
  const transactionsOf = async (prefix: string) =>
    Number((await admin.query(`select count(distinct transaction_id) as n from events where stream_id like $1`, [prefix + '%'])).rows[0].n);

  it('coalesces 60 concurrent appends to 12 streams into a few commits; every stream contiguous with a valid chain', async () => {
    const prefix = `gc-${randomUUID().slice(0, 8)}-`;
    const streams = Array.from({ length: 12 }, (_, i) => `${prefix}${String.fromCharCode(97 + ((i * 7) % 12))}`);
    // Each stream is appended to 5 times, the streams interleaved in different orders (no deadlock between groups).
    const calls = Array.from({ length: 60 }, (_, i) => store.append(streams[(i * 5) % 12], [event('Counted', { i }), event('Counted', { i, second: true })], 'any'));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.position.includes('/'))).toBe(true);
    for (const stream of streams) {
      const events = await store.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(verifyChain(events).valid).toBe(true);
    }
    // 60 appends, at most 2 statements at once: the first two alone, the rest grouped.
    expect(await transactionsOf(prefix)).toBeLessThanOrEqual(6);
  });

  it('keeps each append its own outcome inside a group: one winner per expected revision, the others refused, other streams written', async () => {
    const prefix = `gcr-${randomUUID().slice(0, 8)}-`;
    const contested = prefix + 'contested';
    await store.append(contested, [event('Opened')], 'no-stream');
    const attempts = await Promise.allSettled([
      ...Array.from({ length: 6 }, (_, i) => store.append(contested, [event('Decided', { i })], 0)),
      ...Array.from({ length: 6 }, (_, i) => store.append(`${prefix}free-${i}`, [event('Opened', { i })], 'no-stream')),
    ]);
    const onContested = attempts.slice(0, 6);
    expect(onContested.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const loser of onContested.filter((a) => a.status === 'rejected')) {
      expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
    expect(attempts.slice(6).every((a) => a.status === 'fulfilled')).toBe(true);
    const events = await store.readStream(contested);
    expect(events.map((e) => e.revision)).toEqual([0, 1]);
    expect(verifyChain(events).valid).toBe(true);
  });

  it('answers a re-append of the same ids (a retry) with the first result, also when both are in one group', async () => {
    const stream = `gci-${randomUUID().slice(0, 8)}`;
    const ids = [randomUUID(), randomUUID()];
    const append = () => store.append(stream, [event('A', {}, ids[0]), event('B', {}, ids[1])], 'no-stream');
    const [first, second, third] = await Promise.all([append(), append(), append()]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect((await store.readStream(stream)).map((e) => e.id)).toEqual(ids);
  });
});
