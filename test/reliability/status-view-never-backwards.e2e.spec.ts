import { Actors, ENTERPRISES, eventually, roadExport, type TestServer, withServer } from '@sw/test-support';
import { Client } from 'pg';

/**
 * A status view never goes backwards. Under load the declaration-status projection lags (a batch
 * waits on a lock, or retries): GET /v1/declarations/{id} answered from the events before the
 * projection had the row (held), then from the row the projection wrote from its first batch
 * (under-review), seen in licenses.e2e.spec.ts. Here the projection is held back on purpose, with
 * a lock on its table or its row, and every read must still show what the store holds.
 */
describe('the status view under a lagging projection', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, owner: Client;
  beforeAll(async () => {
    ({ sw, actors } = world);
    owner = new Client({ connectionString: sw.database.url });
    owner.on('error', () => undefined); // the test database is dropped (its connections ended) before this client closes
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.query('rollback').catch(() => undefined);
    await owner?.end();
  });

  const HUALAN = ENTERPRISES.shenzhenElectronics.uscc;
  const exporter = () => actors.enterprise(HUALAN);
  const readers = () => [exporter(), actors.officer('customs'), actors.officer('border'), actors.auditor()];
  /** Silicon carbide needs an export licence (type 4); without one the declaration is held once every agency released it. */
  const unlicensed = () => roadExport({
    items: [{ hsCode: '2849200000', description: 'silicon carbide substrates', quantity: 200, unit: '035', value: 8000, originCountry: 'CHN' }],
  });
  const statusOf = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body.status as string;
  const storedRow = async (id: string) => (await owner.query('select status from declaration_status where id = $1', [id])).rows[0] as { status: string } | undefined;

  async function declare(): Promise<string> {
    const submitted = await exporter().post('/v1/declarations', unlicensed());
    expect(submitted.status).toBe(202);
    return submitted.body.id;
  }

  it('a row the projection has not brought up to date is not shown as it is: every reader sees the store', async () => {
    const id = await declare();
    await eventually(async () => expect((await storedRow(id))?.status).toBe('held'));

    // The projection's next batch for this declaration waits on the row until the lock goes.
    await owner.query('begin');
    await owner.query('select 1 from declaration_status where id = $1 for update', [id]);
    try {
      const withdrawn = await exporter().post(`/v1/declarations/${id}/withdraw`, { reason: 'the licence will not be issued in time' });
      expect(withdrawn.status).toBe(202);
      for (const who of readers()) {
        const seen = await who.get(`/v1/declarations/${id}`);
        expect([seen.status, seen.body.status]).toEqual([200, 'withdrawn']);
      }
      expect((await storedRow(id))?.status).toBe('held'); // the row itself is behind: the reads did not wait for it
    } finally {
      await owner.query('commit');
    }
    await eventually(async () => expect((await storedRow(id))?.status).toBe('withdrawn'));
    expect(await statusOf(id)).toBe('withdrawn');
  });

  it('a view answered from the events before the row existed is not followed by the older row', async () => {
    // The projection cannot write any row while the lock is held: reads fold the events.
    await owner.query('begin');
    await owner.query('lock table declaration_status in exclusive mode');
    let id: string;
    try {
      id = await declare();
      await eventually(async () => expect(await statusOf(id)).toBe('held'));
      expect(await storedRow(id)).toBeUndefined();
    } finally {
      await owner.query('commit');
    }
    // The projection now writes what its blocked batch held (the declaration as submitted), then the rest.
    const seen: string[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await storedRow(id!))?.status !== 'held') {
      seen.push(...(await Promise.all(readers().map(async (who) => (await who.get(`/v1/declarations/${id}`)).body.status as string))));
    }
    seen.push(await statusOf(id!));
    expect(seen.filter((status) => status !== 'held')).toEqual([]);
    expect((await storedRow(id!))?.status).toBe('held');
  });
});
