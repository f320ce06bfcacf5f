import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, Position, RecordedEvent } from '../event-store.port';
import type { Subscriber } from './subscriber';

export interface RebuildProgress {
  projection: string;
  phase: 'copying' | 'replaying' | 'swapping' | 'done';
  events: number;
  /** Events in the store when the rebuild began (the log keeps growing meanwhile). */
  total: number | null;
  eventsPerSecond: number;
  etaSeconds: number | null;
}

export interface RebuildResult {
  projection: string;
  tables: string[];
  events: number;
  seconds: number;
  checkpoint: Position | null;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Rebuilds a projection's read model from the event store without readers ever seeing it half
 * built. The events are replayed into copies of its tables in a schema of their own (the
 * projection's code is unchanged: that schema comes first on the search_path), one transaction
 * per batch. Then one transaction locks the live tables (the live subscription's next batch
 * waits), replays what arrived meanwhile, swaps the tables in, and sets the subscription's
 * checkpoint to where the rebuild stopped; the live subscription carries on from there.
 */
export async function rebuildProjection(
  store: EventStore,
  dataSource: DataSource,
  projection: Subscriber,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const tables = projection.tables ?? [];
  if (tables.length === 0) throw new Error(`${projection.name} owns no tables: only projections can be rebuilt`);
  for (const table of tables) if (!IDENTIFIER.test(table)) throw new Error(`not a plain table name: ${table}`);
  const schema = `rebuild_${projection.name.replace(/[^a-z0-9]/g, '_')}_${Date.now().toString(36)}`;
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  let events = 0;
  let position: Position | null = null;
  let total: number | null = null;
  const report = (phase: RebuildProgress['phase']) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    options.onProgress?.({
      projection: projection.name, phase, events, total, eventsPerSecond: Math.round(rate),
      etaSeconds: total !== null && rate > 0 ? Math.max(0, (total - events) / rate) : null,
    });
  };
  const read = (after: Position | null) => store.readAll({ after, maxCount: batchSize, filter: projection.filter });
  /** Applies a batch (the events right after `position`) into the copies. */
  const apply = async (manager: EntityManager, batch: RecordedEvent[]): Promise<void> => {
    // sw.rebuilding: a projection that tells clients of changes (NOTIFY) stays quiet while rebuilt.
    await manager.query(`set local search_path = ${schema}, public; set local sw.rebuilding = 'on'`);
    await projection.handle(batch, manager);
    position = batch[batch.length - 1].position;
    events += batch.length;
  };
  /** Applies the next batch after `position` into the copies; returns how many events it applied. */
  const replayBatch = async (manager: EntityManager): Promise<number> => {
    const batch = await read(position);
    if (batch.length > 0) await apply(manager, batch);
    return batch.length;
  };

  report('copying');
  await dataSource.query(`create schema ${schema}`);
  try {
    for (const table of tables) {
      await dataSource.query(`create table ${schema}.${table} (like public.${table} including all)`);
      await copyGrants(dataSource, table, schema);
    }
    total = store.countAfter ? await store.countAfter(null, projection.filter) : null;
    // Each batch is read while the one before it is applied (the store reads on its own connections).
    let next = read(position);
    for (let batch = await next; batch.length > 0; batch = await next) {
      next = read(batch[batch.length - 1].position);
      try {
        await dataSource.transaction((manager) => apply(manager, batch));
      } catch (error) {
        next.catch(() => undefined);
        throw error;
      }
      report('replaying');
    }

    report('swapping');
    await dataSource.transaction(async (manager) => {
      await manager.query(`lock table ${tables.map((t) => `public.${t}`).join(', ')} in access exclusive mode`);
      await manager.query('select 1 from subscription_checkpoints where name = $1 for update', [projection.name]);
      while ((await replayBatch(manager)) > 0);
      await manager.query('set local search_path = public');
      for (const table of tables) {
        const indexes: { indexname: string; indexdef: string }[] = await manager.query(
          `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = $1`, [table]);
        await manager.query(`drop table public.${table}`);
        await manager.query(`alter table ${schema}.${table} set schema public`);
        await restoreIndexNames(manager, table, indexes);
      }
      // The live subscription resumes where the rebuilt tables stand (its compare-and-set of the
      // old checkpoint fails once, and it reloads this one).
      await manager.query(
        `insert into subscription_checkpoints (name, position) values ($1, $2)
         on conflict (name) do update set position = excluded.position, updated_at = now()`,
        [projection.name, position],
      );
    });
    report('done');
    return { projection: projection.name, tables, events, seconds: (Date.now() - started) / 1000, checkpoint: position };
  } finally {
    await dataSource.query(`drop schema if exists ${schema} cascade`);
  }
}

/**
 * The rights other roles hold on a table (the server's least-privileged role on a read model),
 * given on its copy too: `like … including all` copies no grants, and the swapped-in table would
 * otherwise be the owner's alone.
 */
async function copyGrants(dataSource: DataSource, table: string, schema: string): Promise<void> {
  const grants: { grantee: string; privilege: string }[] = await dataSource.query(
    `select quote_ident(pg_get_userbyid(a.grantee)) as grantee, a.privilege_type as privilege
       from pg_class c cross join lateral aclexplode(c.relacl) a
      where c.oid = $1::regclass and a.grantee <> c.relowner and a.grantee <> 0`, [`public.${table}`]);
  for (const { grantee, privilege } of grants) await dataSource.query(`grant ${privilege} on ${schema}.${table} to ${grantee}`);
}

/** Copied indexes get generated names; give them back the names the migrations created them with. */
async function restoreIndexNames(manager: EntityManager, table: string, originals: { indexname: string; indexdef: string }[]): Promise<void> {
  const current: { indexname: string; indexdef: string }[] = await manager.query(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = $1`, [table]);
  const shape = (definition: string, name: string) => definition.replace(` INDEX ${name} ON `, ' INDEX _ ON ');
  for (const original of originals) {
    const match = current.find((c) => shape(c.indexdef, c.indexname) === shape(original.indexdef, original.indexname));
    if (!match || match.indexname === original.indexname) continue;
    const constraint: unknown[] = await manager.query('select 1 from pg_constraint where conname = $1 and conrelid = $2::regclass', [match.indexname, `public.${table}`]);
    if (constraint.length) await manager.query(`alter table public.${table} rename constraint ${match.indexname} to ${original.indexname}`);
    else await manager.query(`alter index public.${match.indexname} rename to ${original.indexname}`);
  }
}
