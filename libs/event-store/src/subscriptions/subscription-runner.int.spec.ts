import { getEventListeners } from 'node:events';
import { createTestDatabase, eventually, type TestDatabase } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store.port';
import { EventStoreSchema1763900000000, SubscriptionCheckpoints1763900000001 } from '../postgres/migrations';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import type { Subscriber } from './subscriber';
import { SubscriptionRunner } from './subscription-runner';

/**
 * A deliberately non-idempotent projection: it adds to a total and inserts one row per event
 * id (a primary key), so an event applied twice either fails the batch or shows in the total.
 */
class CountingProjection implements Subscriber {
  readonly filter: { streamPrefixes: string[] };
  handled = 0;
  failOnce = new Set<string>();
  constructor(readonly name: string, prefix: string) {
    this.filter = { streamPrefixes: [prefix] };
  }
  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      if (this.failOnce.delete(event.id)) throw new Error(`handler failed on ${event.id}`);
      await manager.query('insert into counted (event_id, subscriber) values ($1, $2)', [event.id, this.name]);
    }
    await manager.query('update totals set total = total + $2 where subscriber = $1', [this.name, events.length]);
    this.handled += events.length;
  }
}

async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: [EventStoreSchema1763900000000, SubscriptionCheckpoints1763900000001], extra: { max: 5 } });
  await dataSource.initialize();
  return dataSource;
}

describe('SubscriptionRunner', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const runners: SubscriptionRunner[] = [];
  const extraSources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database.url);
    await dataSource.runMigrations();
    await dataSource.query('create table counted (event_id uuid, subscriber text, primary key (event_id, subscriber))');
    await dataSource.query('create table totals (subscriber text primary key, total int not null)');
    store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await Promise.all(extraSources.map((s) => s.destroy()));
    await store.close();
    await dataSource.destroy();
    await database.drop();
  });

  async function projection(prefix: string): Promise<CountingProjection> {
    const subscriber = new CountingProjection(`counter-${randomUUID().slice(0, 8)}`, prefix);
    await dataSource.query('insert into totals values ($1, 0)', [subscriber.name]);
    return subscriber;
  }
  async function totals(name: string) {
    const [{ total }] = await dataSource.query('select total from totals where subscriber = $1', [name]);
    const [{ rows }] = await dataSource.query('select count(*)::int as rows from counted where subscriber = $1', [name]);
    return { total, rows };
  }
  async function appendMany(prefix: string, streams: number, perStream: number) {
    await Promise.all(Array.from({ length: streams }, async (_, s) => {
      for (let i = 0; i < perStream; i++) {
        await store.append(`${prefix}-${s}`, [{ type: 'Counted', data: { s, i }, metadata: { correlationId: `${prefix}-${s}`, actor: { kind: 'system', id: 'test' } } }], i === 0 ? 'no-stream' : i - 1);
      }
    }));
  }
  function run(subscriber: Subscriber, source = dataSource) {
    const runner = new SubscriptionRunner(store, source, [subscriber], { takeoverIntervalMs: 50 });
    runners.push(runner);
    runner.start();
    return runner;
  }

  it('applies every event once, stored and live, and reports no lag when caught up', async () => {
    const prefix = `once-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 5, 20);
    const runner = run(subscriber);
    await appendMany(`${prefix}x`, 5, 20); // live, and matching the prefix too
    await eventually(async () => expect(await totals(subscriber.name)).toEqual({ total: 200, rows: 200 }));
    const [status] = await runner.status();
    expect(status).toMatchObject({ name: subscriber.name, state: 'running', lag: 0, failures: 0 });
  });

  it('counts lag through its filter: events it does not take are not lag', async () => {
    const prefix = `filtered-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 1, 3);
    const runner = run(subscriber);
    await eventually(async () => expect((await totals(subscriber.name)).total).toBe(3));
    await appendMany(`unrelated-${randomUUID().slice(0, 8)}`, 2, 5); // after its last event, not for it
    const [status] = await runner.status();
    expect(status.lag).toBe(0);
    await runner.waitUntilCaughtUp(2000);
  });

  it('stores its progress past the events its filter leaves out, so a restart does not read them again', async () => {
    const prefix = `sparse-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 1, 2);
    run(subscriber);
    await eventually(async () => expect((await totals(subscriber.name)).total).toBe(2));
    await appendMany(`noise-${randomUUID().slice(0, 8)}`, 3, 10); // none for it
    // Stored at most once a second: within a few seconds the checkpoint is the store's head.
    await eventually(async () => {
      const [{ position }] = await dataSource.query('select position from subscription_checkpoints where name = $1', [subscriber.name]);
      expect(position).toBe(await store.headPosition());
    }, { timeoutMs: 5000 });
    expect(await totals(subscriber.name)).toEqual({ total: 2, rows: 2 });
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const prefix = `restart-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 2, 10);
    const first = run(subscriber);
    await eventually(async () => expect((await totals(subscriber.name)).total).toBe(20));
    await first.stop();
    await appendMany(`${prefix}-more`, 2, 10);
    run(subscriber);
    await eventually(async () => expect(await totals(subscriber.name)).toEqual({ total: 40, rows: 40 }));
  });

  it('retries a failed batch from the checkpoint: the failure leaves no partial effect', async () => {
    const prefix = `retry-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 1, 10);
    const events = await store.readStream(`${prefix}-0`);
    subscriber.failOnce.add(events[5].id);
    run(subscriber);
    await eventually(async () => expect(await totals(subscriber.name)).toEqual({ total: 10, rows: 10 }));
    expect(subscriber.failOnce.size).toBe(0);
  });

  it('lets one instance consume while another stands by, and the standby takes over', async () => {
    const prefix = `owner-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    const secondSource = await openDataSource(database.url);
    extraSources.push(secondSource);
    const instanceA = run(subscriber);
    await eventually(async () => expect((await instanceA.status())[0].state).toBe('running'));
    const instanceB = run(subscriber, secondSource);
    await eventually(async () => expect((await instanceB.status())[0].state).toBe('standby'));
    // Standing by is pausing again and again (every 50 ms here): no abort listener may pile up on its stop signal.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(getEventListeners((instanceB as unknown as { controller: AbortController }).controller.signal, 'abort').length).toBeLessThanOrEqual(2);
    await appendMany(prefix, 3, 10);
    await eventually(async () => expect((await totals(subscriber.name)).total).toBe(30));
    await instanceA.stop(); // as if the instance died: its lock is released
    await eventually(async () => expect((await instanceB.status())[0].state).toBe('running'));
    await appendMany(`${prefix}-after`, 3, 10);
    await eventually(async () => expect(await totals(subscriber.name)).toEqual({ total: 60, rows: 60 }));
  });

  it('refuses a batch whose checkpoint another consumer moved meanwhile', async () => {
    const prefix = `cas-${randomUUID().slice(0, 8)}`;
    const subscriber = await projection(prefix);
    await appendMany(prefix, 1, 4);
    const events = await store.readStream(`${prefix}-0`);
    let interfered = false;
    const original = subscriber.handle.bind(subscriber);
    subscriber.handle = async (batch, manager) => {
      if (!interfered) {
        interfered = true; // another consumer, outside this transaction, handled up to event 1
        await dataSource.query('update subscription_checkpoints set position = $2 where name = $1', [subscriber.name, events[1].position]);
        await dataSource.query('insert into counted (event_id, subscriber) values ($1, $3), ($2, $3)', [events[0].id, events[1].id, subscriber.name]);
        await dataSource.query('update totals set total = total + 2 where subscriber = $1', [subscriber.name]);
      }
      return original(batch, manager);
    };
    run(subscriber);
    await eventually(async () => expect(await totals(subscriber.name)).toEqual({ total: 4, rows: 4 }));
  });
});
