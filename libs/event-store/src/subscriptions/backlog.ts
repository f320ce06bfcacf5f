import type { EntityManager } from 'typeorm';
import type { EventStore } from '../event-store.port';
import type { Subscriber } from './subscriber';

/** How far behind one subscription is: the wait of its oldest event not yet handled. */
export interface SubscriptionBacklog {
  name: string;
  /** Seconds the oldest event waiting for it has waited; 0 when none waits. */
  seconds: number;
  /** When that event was stored (null when none waits). */
  oldestWaitingSince: string | null;
}

/**
 * Measures each subscription's backlog from its stored checkpoint, so any instance (an API
 * process beside the workers included) sees the same: the first event after the checkpoint
 * that passes the subscription's filter, and how long ago it was stored. Two statements in all
 * on PostgreSQL (the checkpoints, then every subscription's first waiting event, on indexes).
 * A subscription with no checkpoint row has never run anywhere and is left out (nothing can be
 * said to wait for it).
 *
 * A filtered subscription stores progress past the events it skips at most once a second, so
 * its figure can be up to a second high; the filter keeps skipped events from counting.
 */
export async function measureBacklog(store: EventStore, manager: EntityManager, subscribers: Pick<Subscriber, 'name' | 'filter'>[], now = Date.now()): Promise<SubscriptionBacklog[]> {
  if (subscribers.length === 0) return [];
  const rows: { name: string; position: string | null }[] = await manager.query(
    'select name, position from subscription_checkpoints where name = any($1::text[])',
    [subscribers.map((s) => s.name)],
  );
  const checkpoints = new Map(rows.map((row) => [row.name, row.position]));
  const measured = subscribers.filter((subscriber) => checkpoints.has(subscriber.name));
  const reads = measured.map((subscriber) => ({ after: checkpoints.get(subscriber.name) ?? null, filter: subscriber.filter }));
  const firstWaiting = store.firstWaiting
    ? await store.firstWaiting(reads)
    : await Promise.all(reads.map(async (read) => (await store.readAll({ ...read, maxCount: 1 }))[0]?.recordedAt ?? null));
  return measured.map((subscriber, i) => {
    const since = firstWaiting[i] ? Date.parse(firstWaiting[i]!) : NaN;
    return {
      name: subscriber.name,
      seconds: Number.isNaN(since) ? 0 : Math.max(0, (now - since) / 1000),
      oldestWaitingSince: firstWaiting[i],
    };
  });
}
