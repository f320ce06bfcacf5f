import { Actors, ENTERPRISES, eventually, roadExport, seaImport, settleThroughBank, startTestServer, type TestServer } from '@sw/test-support';
import { EVENT_STORE, rebuildProjection, type EventStore } from '@sw/event-store';
import { DataSource } from 'typeorm';

/**
 * Every projection rebuilt from the event store gives the same read model as the live run,
 * keeps its index names, and the live subscription carries on afterwards.
 */
describe('projection rebuild', () => {
  let sw: TestServer;
  let actors: Actors;
  afterAll(async () => sw?.close());

  async function snapshot(dataSource: DataSource, tables: string[]) {
    const result: Record<string, unknown> = {};
    for (const table of tables) {
      result[table] = await dataSource.query(`select to_jsonb(t) as row from ${table} t order by to_jsonb(t)::text`);
      result[`${table} indexes`] = await dataSource.query(`select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = $1 order by indexname`, [table]);
    }
    return result;
  }

  it('rebuilds every projection to the same read models as the live run', async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const importer = actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await exporter.post('/v1/declarations', roadExport())).body.id);
    const paidBody = seaImport();
    const paid = (await importer.post('/v1/declarations', paidBody)).body.id;
    const withdrawn = (await importer.post('/v1/declarations', seaImport({ mode: 'advance' }))).body.id;
    await sw.request('POST', '/v1/dev/clock', { advance: 'PT3H' });
    const assessed = await eventually(async () => {
      const { body } = await importer.get(`/v1/declarations/${paid}`);
      expect(body.duties.assessed).toBeGreaterThan(0);
      return body;
    });
    await settleThroughBank(actors, importer, paid, { amount: assessed.duties.assessed, reference: 'T-1' });
    await importer.post(`/v1/declarations/${withdrawn}/withdraw`, { reason: 'order cancelled' });
    await eventually(async () => expect((await importer.get(`/v1/declarations/${paid}`)).body.status).toBe('released'));
    // The port's fee catalogue, a charge within it and one refused (port-fees).
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    const doc = { code: 'DOC', nameZh: '单证费', payer: 'enterprise', basis: 'declaration', amount: 50, currency: 'CNY', legalBasis: '市场调节价' };
    expect((await actors.portAuthority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: today, items: [doc] })).status).toBe(201);
    expect((await actors.portOperator().post('/v1/fees/charges', { declarationId: paid, code: 'DOC', quantity: 1, amount: 50 })).status).toBe(201);
    expect((await actors.portOperator().post('/v1/fees/charges', { declarationId: paid, code: 'DOC', quantity: 1, amount: 60 })).status).toBe(409);
    // 运输工具申报: an empty truck's crossing, cleared (crossings).
    expect((await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K-R0001', direction: 'export', portOfEntry: '0700', crew: [{ name: 'Ganbold', document: 'E7000001' }], empty: true })).status).toBe(201);
    await sw.server.subscriptions.waitUntilCaughtUp();

    const dataSource = sw.server.app.get(DataSource);
    const owner = await new DataSource({ type: 'postgres', url: sw.database.url }).initialize();
    const store = sw.server.app.get<EventStore>(EVENT_STORE);
    const projections = sw.server.subscriptions.subscribers().filter((s) => s.tables?.length);
    expect(projections.map((p) => p.name).sort()).toEqual(['agency-worklist', 'clearance-times', 'crossings', 'declaration-status', 'engine-clock', 'port-fees']);
    for (const projection of projections) {
      const before = await snapshot(dataSource, projection.tables!);
      const phases: string[] = [];
      // A rebuild replaces tables: the owner's work (swctl projections rebuild as DATABASE_OWNER_URL), not the server role's.
      const result = await rebuildProjection(store, owner, projection, { batchSize: 7, onProgress: (p) => phases.push(p.phase) });
      expect(result.events).toBeGreaterThan(0);
      expect(phases[0]).toBe('copying');
      expect(phases).toContain('replaying');
      expect(phases.at(-1)).toBe('done');
      expect(await snapshot(dataSource, projection.tables!)).toEqual(before);
    }

    await owner.destroy();
    // The live subscriptions (the server's role) carry on from the rebuilt tables.
    const after = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${after}`)).body.status).toBe('released'));
    await sw.server.subscriptions.waitUntilCaughtUp();
    const [{ count }] = await dataSource.query('select count(*)::int as count from declaration_status');
    expect(count).toBe(ids.length + 3);
    expect((await actors.auditor().get('/v1/metrics/clearance')).body.counts.submitted).toBe(ids.length + 3);
  });
});
