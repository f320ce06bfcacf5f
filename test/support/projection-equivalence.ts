import type { RecordedEvent } from '@sw/event-store';
import { DataSource, type EntityManager, type MigrationInterface } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './database';

type Handle = (events: RecordedEvent[], manager: EntityManager) => Promise<void>;

/** The events, cut into consecutive batches of the given sizes (cycled). */
export function splitIntoBatches(events: RecordedEvent[], sizes: number[]): RecordedEvent[][] {
  const batches: RecordedEvent[][] = [];
  for (let i = 0, s = 0; i < events.length; s++) {
    const size = sizes[s % sizes.length];
    batches.push(events.slice(i, i + size));
    i += size;
  }
  return batches;
}

/**
 * Two copies of a projection's tables (schemas `reference` and `batched`) on a database of the
 * test's own: a reference handler takes all the events in one batch, the projection under test
 * takes them cut into batches, and both must leave the same rows in every table.
 */
export class ProjectionTwins {
  private database: TestDatabase | null = null;
  private dataSource: DataSource | null = null;

  constructor(private readonly migration: new () => MigrationInterface, private readonly tables: string[]) {}

  async open(): Promise<void> {
    this.database = await createTestDatabase();
    this.dataSource = new DataSource({ type: 'postgres', url: this.database.url, migrations: [this.migration] });
    await this.dataSource.initialize();
    await this.dataSource.runMigrations();
    for (const schema of ['reference', 'batched']) {
      await this.dataSource.query(`create schema ${schema}`);
      for (const table of this.tables) await this.dataSource.query(`create table ${schema}.${table} (like public.${table} including all)`);
    }
  }

  async close(): Promise<void> {
    await this.dataSource?.destroy();
    await this.database?.drop();
  }

  /** Runs both from empty tables and expects the same rows; returns them, by table. */
  async compare(events: RecordedEvent[], sizes: number[], reference: Handle, batched: Handle): Promise<Record<string, { row: any }[]>> {
    await this.dataSource!.query(`truncate ${['reference', 'batched'].flatMap((s) => this.tables.map((t) => `${s}.${t}`)).join(', ')}`);
    const expected = await this.run('reference', [events], reference);
    const actual = await this.run('batched', splitIntoBatches(events, sizes), batched);
    expect(actual).toEqual(expected);
    return expected;
  }

  private async run(schema: string, batches: RecordedEvent[][], handle: Handle): Promise<Record<string, { row: any }[]>> {
    for (const batch of batches) {
      await this.dataSource!.transaction(async (manager) => {
        await manager.query(`set local search_path = ${schema}, public`);
        await handle(batch, manager);
      });
    }
    const rows: Record<string, { row: any }[]> = {};
    for (const table of this.tables) rows[table] = await this.dataSource!.query(`select to_jsonb(t) as row from ${schema}.${table} t order by to_jsonb(t)::text`);
    return rows;
  }
}
