import { createTestDatabase, type TestDatabase } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { DomainError, type Decider, type DomainEvent } from './decider';
import { DeciderRepository, type CommandContext } from './decider-repository';

type Counted = DomainEvent<'Counted', { total: number }>;
type Count = { type: 'Count'; limit: number };
const counter: Decider<{ total: number }, Count, Counted> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: event.data.total }),
  decide: (command, state) => {
    if (state.total >= command.limit) throw new DomainError('limit-reached', `no more than ${command.limit}`);
    return [{ type: 'Counted', data: { total: state.total + 1 } }];
  },
};

describe('DeciderRepository', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let repository: DeciderRepository;
  const context = (extra: Partial<CommandContext> = {}): CommandContext => ({ correlationId: 'c', actor: { kind: 'system', id: 'test' }, now: new Date('2026-11-23T00:00:00Z'), ...extra });

  beforeAll(async () => {
    database = await createTestDatabase();
    await PostgresEventStore.createSchema(database.url);
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 20 });
    repository = new DeciderRepository(store, { maxAttempts: 50 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('decides on the current state and retries when a concurrent command won', async () => {
    const stream = `counter-${randomUUID()}`;
    await Promise.all(Array.from({ length: 15 }, () => repository.handle(stream, counter, { type: 'Count', limit: 100 }, context())));
    const events = await store.readStream(stream);
    expect(events.map((e) => (e.data as { total: number }).total)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('appends nothing when the decider refuses', async () => {
    const stream = `counter-${randomUUID()}`;
    await repository.handle(stream, counter, { type: 'Count', limit: 1 }, context());
    await expect(repository.handle(stream, counter, { type: 'Count', limit: 1 }, context())).rejects.toMatchObject({ code: 'limit-reached' });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('records who, when and why in the metadata', async () => {
    const stream = `counter-${randomUUID()}`;
    await repository.handle(stream, counter, { type: 'Count', limit: 5 }, context({ correlationId: 'shipment-9', causationId: 'request-1' }));
    const [event] = await store.readStream(stream);
    expect(event.metadata).toMatchObject({ correlationId: 'shipment-9', causationId: 'request-1', actor: { kind: 'system', id: 'test' }, occurredAt: '2026-11-23T00:00:00.000Z' });
  });

  it('with an idempotency seed, handling the same cause twice appends once', async () => {
    const stream = `counter-${randomUUID()}`;
    const seed = `event-${randomUUID()}`;
    const first = await repository.handle(stream, counter, { type: 'Count', limit: 5 }, context({ idempotencySeed: seed }));
    const second = await repository.handle(stream, counter, { type: 'Count', limit: 5 }, context({ idempotencySeed: seed }));
    expect(second.revision).toBe(first.revision);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('handles several commands as one: decided in turn, appended at once, all refused if one is', async () => {
    const stream = `counter-${randomUUID()}`;
    const handled = await repository.handleAll(stream, counter, [{ type: 'Count', limit: 5 }, { type: 'Count', limit: 5 }, { type: 'Count', limit: 5 }], context());
    expect(handled).toMatchObject({ state: { total: 3 }, revision: 2 });
    expect(handled.eventIds).toEqual((await store.readStream(stream)).map((e) => e.id));
    // One append: one transaction (the first part of a PostgreSQL position).
    expect(new Set((await store.readStream(stream)).map((e) => e.position.split('/')[0])).size).toBe(1);
    await expect(repository.handleAll(stream, counter, [{ type: 'Count', limit: 5 }, { type: 'Count', limit: 4 }], context())).rejects.toMatchObject({ code: 'limit-reached' });
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('with newStream, decides without reading, and reads after all when the stream exists', async () => {
    const stream = `counter-${randomUUID()}`;
    expect((await repository.handle(stream, counter, { type: 'Count', limit: 5 }, context(), { newStream: true })).revision).toBe(0);
    // Wrong about the stream being new: the append is refused, the stream read, the command decided again.
    const again = await repository.handle(stream, counter, { type: 'Count', limit: 5 }, context(), { newStream: true });
    expect(again).toMatchObject({ revision: 1, state: { total: 2 } });
    expect((await store.readStream(stream)).map((e) => (e.data as { total: number }).total)).toEqual([1, 2]);
  });
});
