import { Actors, ENTERPRISES, roadExport, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { CUSTOMS_NUMBER_BLOCK } from '@sw/declaration';
import { PostgresEventStore } from '@sw/event-store';
import { randomUUID } from 'node:crypto';
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
    // What the database recorded agrees: one number per declaration, none shared. The record of a
    // number is the DeclarationSubmitted event that carries it (unique index events_customs_number).
    const numbered = `(select data->>'number' as number, data->>'declarationId' as declaration_id from events where type = 'DeclarationSubmitted' and data ? 'number')`;
    const { rows } = await db.query(`select count(*)::int as numbers, count(distinct number)::int as distinct_numbers, count(distinct declaration_id)::int as declarations from ${numbered} n`);
    expect(rows[0]).toEqual({ numbers: seen.size, distinct_numbers: seen.size, declarations: seen.size });
    // Per office and year every sequence given lies within what the counter handed out (each instance
    // takes blocks of CUSTOMS_NUMBER_BLOCK), and no more than a block per instance is left unused.
    const perOffice = await db.query(`select g.office, g.n, g.top, c.last_sequence::int as counter
      from (select substr(number, 1, 4) as office, count(*)::int as n, max(substr(number, 10)::int) as top from ${numbered} n group by 1) g
      join customs_number_counters c using (office)`);
    expect(perOffice.rows).toHaveLength(2);
    for (const row of perOffice.rows) {
      expect(row.top).toBeLessThanOrEqual(row.counter);
      expect(row.counter - row.n).toBeLessThan(2 * CUSTOMS_NUMBER_BLOCK);
    }
  }, 120_000);

  it('refuses, in the event store itself, a second declaration carrying a number already given', async () => {
    const { rows } = await db.query(`select data->>'number' as number from events where type = 'DeclarationSubmitted' and data ? 'number' limit 1`);
    expect(rows[0]?.number).toMatch(/^\d{18}$/);
    const store = new PostgresEventStore({ connectionString: a.database.url, poolSize: 1 });
    try {
      const id = randomUUID();
      const submitted = (number: string) => [{ type: 'DeclarationSubmitted', data: { declarationId: id, number }, metadata: { correlationId: id, actor: { kind: 'system' as const, id: 'test' } } }];
      await expect(store.append(`declaration-${id}`, submitted(rows[0].number), 'no-stream')).rejects.toMatchObject({ code: '23505', constraint: 'events_customs_number' });
      expect((await db.query('select count(*)::int as n from events where stream_id = $1', [`declaration-${id}`])).rows[0].n).toBe(0);
    } finally {
      await store.close();
    }
  });
});
