import { createTestDatabase, type TestDatabase } from '@sw/test-support';
import { Client } from 'pg';
import { shippedReferenceData } from '../reference-data';
import { LIST_SPECS } from './list-specs';
import { ReferenceCatalog } from './reference-catalog';
import { ReferenceTables1763900000800, refreshCatalog, storeShippedVersions, type Sql, type Transaction } from './reference-store';

/**
 * The shipped tables stored on a fresh database, as the server does at its first start: every
 * entry of every list stored (about 7,800), timed, read back into a catalog identical to the
 * seeds; a second start stores nothing.
 */
describe('storing the shipped reference tables on a fresh database (PostgreSQL)', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await new ReferenceTables1763900000800().up(client as never);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const sql: Sql = { query: (text, params) => client.query(text, params as unknown[]).then((r) => r.rows) };
  const transaction: Transaction = async (body) => {
    await client.query('begin');
    try {
      const result = await body(sql);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  };

  it('stores every entry once, reads them back unchanged, and takes seconds, not minutes', async () => {
    const shipped = shippedReferenceData();
    const expected = LIST_SPECS.reduce((sum, spec) => sum + shipped.lists[spec.key].length, 0);
    const started = performance.now();
    const stored = await storeShippedVersions(transaction, shipped);
    const storing = performance.now() - started;
    const catalog = new ReferenceCatalog(shipped);
    const reading = performance.now();
    await refreshCatalog(sql, catalog);
    const read = performance.now() - reading;
    // eslint-disable-next-line no-console
    console.info(`stored ${expected} shipped entries of ${stored.length} lists in ${storing.toFixed(0)} ms; read back in ${read.toFixed(0)} ms`);

    expect(stored).toEqual(LIST_SPECS.map((spec) => spec.key));
    const [{ count }] = await sql.query('select count(*)::int as count from reference_entries');
    expect(count).toBe(expected);
    // Read back equal to the seeds, they share the seeds' entries and indexes: no second copy in memory.
    for (const spec of LIST_SPECS) expect(catalog.entriesOn(spec.key, '2026-12-31')).toBe(shipped.lists[spec.key]);
    expect(catalog.asOf('2026-12-31')).toBe(shipped);
    expect(storing).toBeLessThan(60_000);
    // The next start finds them stored.
    expect(await storeShippedVersions(transaction, shipped)).toEqual([]);
  });
});
