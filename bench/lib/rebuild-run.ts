import { Client } from 'pg';
import { rebuildProjection } from '@sw/event-store';
import { round } from './stats';
import { openToolContext } from './tool-context';

/**
 * Rebuilds every projection (every subscriber that owns `tables`) with rebuildProjection, one
 * after the other, through createToolContext, on a database whose server is stopped. Each
 * rebuilt table is compared with the live one it replaces (an md5 of its rows in order): the
 * rebuild must give back the same read model.
 */
export interface RebuildFigures { eventsPerSecond: number }
export interface RebuildDetails {
  events: number;
  seconds: number;
  eventsInStore: number;
  /** identical: null when not compared (the live projections had not caught up with the store). */
  projections: { name: string; tables: string[]; events: number; seconds: number; eventsPerSecond: number; identical: boolean | null }[];
}

/** `compare`: the live read models are caught up (the e2e run drained), so a rebuild must reproduce them. */
export async function rebuildAll(databaseUrl: string, compare: boolean, log: (line: string) => void): Promise<{ figures: RebuildFigures; details: RebuildDetails }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const context = await openToolContext(databaseUrl, 4);
  try {
    const digest = async (table: string) => (await client.query<{ md5: string | null }>(
      `select md5(string_agg(t::text, '|' order by t::text)) as md5 from ${table} t`)).rows[0].md5;
    const eventsInStore = Number((await client.query<{ n: string }>('select count(*) as n from events')).rows[0].n);
    const projections: RebuildDetails['projections'] = [];
    for (const subscriber of context.subscribers().filter((s) => (s.tables?.length ?? 0) > 0)) {
      const before = compare ? await Promise.all(subscriber.tables!.map(digest)) : null;
      const result = await rebuildProjection(context.store, context.dataSource, subscriber);
      const after = compare ? await Promise.all(subscriber.tables!.map(digest)) : null;
      const entry = {
        name: result.projection, tables: result.tables, events: result.events, seconds: round(result.seconds, 3),
        eventsPerSecond: round(result.events / Math.max(result.seconds, 1e-3), 0), identical: before && after ? before.every((d, i) => d === after[i]) : null,
      };
      projections.push(entry);
      log(`  rebuild ${entry.name}: ${entry.events.toLocaleString('en-US')} events in ${entry.seconds} s (${entry.eventsPerSecond.toLocaleString('en-US')} events/s)${entry.identical === false ? ' — the rebuilt tables DIFFER from the live ones' : ''}`);
    }
    const events = projections.reduce((s, p) => s + p.events, 0);
    const seconds = projections.reduce((s, p) => s + p.seconds, 0);
    return { figures: { eventsPerSecond: round(events / Math.max(seconds, 1e-3), 0) }, details: { events, seconds: round(seconds, 3), eventsInStore, projections } };
  } finally {
    await context.close();
    await client.end();
  }
}
