/**
 * The code lists' versions in PostgreSQL: reference_versions (list, version, effective date,
 * kind, source, content hash) and reference_entries (each version's entries, in order). The
 * shipped seeds are stored as versions of kind `shipped`, effective from SHIPPED_EFFECTIVE_FROM
 * (a new release whose seeds differ stores them again); `swctl reference import` adds versions
 * of kind `imported` and notifies REFERENCE_CHANNEL, on which every server reloads the list.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { ReferenceData } from '../reference-data';
import { LIST_SPECS, specOf, type ImportableList } from './list-specs';
import { canonicalJson, type ListVersion, type ReferenceCatalog } from './reference-catalog';

/** A connection or transaction that runs SQL (a TypeORM DataSource or EntityManager, a pg client). */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<any>;
}

/** Runs `body` in one transaction. */
export type Transaction = <T>(body: (sql: Sql) => Promise<T>) => Promise<T>;

/** The day the shipped tables are in force from: before any import, they are the tables. */
export const SHIPPED_EFFECTIVE_FROM = '2000-01-01';
export const REFERENCE_CHANNEL = 'sw_reference';

export class ReferenceTables1763900000800 implements MigrationInterface {
  name = 'ReferenceTables1763900000800';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists reference_versions (
      list text not null,
      version int not null,
      effective_from date not null,
      kind text not null check (kind in ('shipped', 'imported')),
      source text not null,
      content_hash text not null,
      entries int not null,
      imported_at timestamptz not null default now(),
      primary key (list, version)
    )`);
    await queryRunner.query(`create table if not exists reference_entries (
      list text not null,
      version int not null,
      position int not null,
      code text not null,
      entry jsonb not null,
      primary key (list, version, code),
      foreign key (list, version) references reference_versions (list, version)
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists reference_entries; drop table if exists reference_versions;');
  }
}

export function contentHash(entries: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(entries)).digest('hex');
}

type VersionRow = { list: ImportableList; version: number; effective_from: string; kind: 'shipped' | 'imported'; source: string; imported_at: Date };

/** Every stored version of the lists (or of one), with its entries in their order. */
export async function loadVersions(sql: Sql, list?: ImportableList): Promise<ListVersion[]> {
  const where = list ? 'where list = $1' : '';
  const params = list ? [list] : [];
  const rows = await sql.query(`select list, version, to_char(effective_from, 'YYYY-MM-DD') as effective_from, kind, source, imported_at from reference_versions ${where}`, params) as VersionRow[];
  const entries = await sql.query(`select list, version, entry from reference_entries ${where} order by list, version, position`, params) as { list: string; version: number; entry: unknown }[];
  const byVersion = new Map<string, unknown[]>();
  for (const row of entries) {
    const key = `${row.list}:${row.version}`;
    const list = byVersion.get(key) ?? [];
    list.push(row.entry);
    byVersion.set(key, list);
  }
  return rows.map((row) => ({
    list: row.list, version: row.version, effectiveFrom: row.effective_from, kind: row.kind, source: row.source,
    importedAt: new Date(row.imported_at).toISOString(), entries: byVersion.get(`${row.list}:${row.version}`) ?? [],
  }));
}

/** Puts every stored version of the lists (or of one) into the catalog. */
export async function refreshCatalog(sql: Sql, catalog: ReferenceCatalog, list?: ImportableList): Promise<void> {
  const versions = await loadVersions(sql, list);
  for (const spec of LIST_SPECS) {
    if (list && spec.key !== list) continue;
    catalog.replace(spec.key, versions.filter((v) => v.list === spec.key));
  }
}

export interface NewVersion {
  list: ImportableList;
  entries: readonly unknown[];
  effectiveFrom: string;
  kind: 'shipped' | 'imported';
  source: string;
}

/** Stores a version (the next number of its list) and tells every server; run it in a transaction. */
export async function storeVersion(sql: Sql, version: NewVersion): Promise<number> {
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`sw_reference:${version.list}`]);
  const [{ next }] = await sql.query('select coalesce(max(version), 0) + 1 as next from reference_versions where list = $1', [version.list]) as { next: number }[];
  await sql.query(
    'insert into reference_versions (list, version, effective_from, kind, source, content_hash, entries) values ($1, $2, $3, $4, $5, $6, $7)',
    [version.list, next, version.effectiveFrom, version.kind, version.source, contentHash(version.entries), version.entries.length],
  );
  await sql.query(
    `insert into reference_entries (list, version, position, code, entry)
     select $1, $2, e.position, e.entry ->> $3, e.entry from jsonb_array_elements($4::jsonb) with ordinality as e(entry, position)`,
    [version.list, next, specOf(version.list).keyColumn, JSON.stringify(version.entries)],
  );
  await sql.query('select pg_notify($1, $2)', [REFERENCE_CHANNEL, version.list]);
  return next;
}

/**
 * Stores the shipped seeds of every list whose latest shipped version differs from them (a
 * fresh database, or a release with corrected seeds). Returns the lists stored.
 */
export async function storeShippedVersions(transaction: Transaction, shipped: ReferenceData): Promise<ImportableList[]> {
  const stored: ImportableList[] = [];
  for (const spec of LIST_SPECS) {
    const entries = shipped.lists[spec.key];
    const hash = contentHash(entries);
    const added = await transaction(async (sql) => {
      await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`sw_reference:${spec.key}`]);
      const latest = await sql.query(`select content_hash from reference_versions where list = $1 and kind = 'shipped' order by version desc limit 1`, [spec.key]) as { content_hash: string }[];
      if (latest[0]?.content_hash === hash) return false;
      await storeVersion(sql, { list: spec.key, entries, effectiveFrom: SHIPPED_EFFECTIVE_FROM, kind: 'shipped', source: shipped.sources[spec.key] });
      return true;
    });
    if (added) stored.push(spec.key);
  }
  return stored;
}

/**
 * Keeps a catalog up to date: LISTEN on REFERENCE_CHANNEL, reloading the list named by each
 * notification. A lost connection is reopened, and everything reloaded (notifications sent
 * meanwhile were missed).
 */
export class ReferenceFeed {
  private client: Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly connectionString: string, private readonly sql: Sql, private readonly catalog: ReferenceCatalog,
    private readonly onError: (error: unknown) => void = () => undefined) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'single-window reference feed' });
    client.on('notification', (message) => {
      const list = LIST_SPECS.find((spec) => spec.key === message.payload)?.key;
      refreshCatalog(this.sql, this.catalog, list).catch(this.onError);
    });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      if (error) this.onError(error);
      if (!this.closed) this.retry = setTimeout(() => this.reconnect(), 1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${REFERENCE_CHANNEL}`);
    this.client = client;
  }

  private reconnect(): void {
    this.retry = null;
    this.start().then(() => refreshCatalog(this.sql, this.catalog)).catch((error) => {
      this.onError(error);
      if (!this.closed) this.retry = setTimeout(() => this.reconnect(), 5000);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
