import { Actors, ENTERPRISES, roadExport, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { CUSTOMS_NUMBER_BLOCK } from '@sw/declaration';
import fc from 'fast-check';
import { Client } from 'pg';

/**
 * 海关编号 under concurrency: two complete server instances on one database take bursts of
 * submissions at the same moment, from both directions and offices. Whatever the mix, every
 * accepted declaration has its own number, well formed for its office, year and direction, and
 * no two share one: the counter is one row per office and year, advanced atomically, never max()+1.
 */
describe('customs numbers are unique across two server instances', () => {
  let a: TestServer;
  let b: TestServer;
  let db: Client;
  beforeAll(async () => {
    a = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    b = await startTestServer({ RISK_RANDOM_SELECTION: 'off' }, a.database);
    db = new Client({ connectionString: a.database.url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await a?.close({ keepDatabase: true });
    await b?.close();
  });

  it('gives every concurrent submission through either instance a number of its own', async () => {
    const seen = new Map<string, string>();
    const onA = new Actors(a);
    const onB = new Actors(b);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ instance: fc.constantFrom('a', 'b'), kind: fc.constantFrom('export', 'import') }), { minLength: 2, maxLength: 16 }),
        async (burst) => {
          const replies = await Promise.all(burst.map(async ({ instance, kind }) => {
            const actors = instance === 'a' ? onA : onB;
            const client = actors.enterprise(kind === 'export' ? ENTERPRISES.shenzhenElectronics.uscc : ENTERPRISES.shanghaiTrading.uscc);
            const reply = await client.post('/v1/declarations', kind === 'export' ? roadExport() : seaImport());
            expect(reply.status).toBe(202);
            return { kind, ...reply.body } as { kind: string; id: string; number: string };
          }));
          for (const { kind, id, number } of replies) {
            expect(number).toMatch(kind === 'export' ? /^5301\d{4}0\d{9}$/ : /^2200\d{4}1\d{9}$/);
            expect(seen.get(number) ?? id).toBe(id);
            seen.set(number, id);
          }
        },
      ),
      { numRuns: 12 },
    );
    // What the database recorded agrees: one number per declaration, none shared.
    const { rows } = await db.query('select count(*)::int as numbers, count(distinct declaration_id)::int as declarations from customs_numbers');
    expect(rows[0]).toEqual({ numbers: seen.size, declarations: seen.size });
    // Per office and year every sequence given lies within what the counter handed out (each instance
    // takes blocks of CUSTOMS_NUMBER_BLOCK), and no more than a block per instance is left unused.
    const perOffice = await db.query(`select g.office, g.n, g.top, c.last_sequence::int as counter
      from (select substr(number, 1, 4) as office, count(*)::int as n, max(substr(number, 10)::int) as top from customs_numbers group by 1) g
      join customs_number_counters c using (office)`);
    expect(perOffice.rows).toHaveLength(2);
    for (const row of perOffice.rows) {
      expect(row.top).toBeLessThanOrEqual(row.counter);
      expect(row.counter - row.n).toBeLessThan(2 * CUSTOMS_NUMBER_BLOCK);
    }
  }, 120_000);
});
