import { Actors, ENTERPRISES, eventually, roadExport, seaImport, settleThroughBank, startTestServer, type TestServer } from '@sw/test-support';

/**
 * Clearance oversight on a scenario computed by hand, on the engine clock:
 *   A  road export, green: released within seconds of submission (≈ 0 h)
 *   B  advance import: arrives and is paid 30 h after submission (≈ 30 h from submission, ≈ 0 h from arrival)
 *   C  advance import submitted at +30 h that never arrives: open
 * Then the clock moves 48 h: C is 48 h old and unreleased, but it never arrived, so it is not on
 * the 48 h list (v1.1: only arrived imports are; oversight-china.e2e.spec.ts has one that is).
 * Submission → release: A and B → median 15 h, p90 27 h (linear interpolation). China's measure
 * (imports from arrival): A ≈ 0 h, B ≈ 0 h, both within 24 h.
 */
describe('clearance oversight, end to end', () => {
  let sw: TestServer;
  let actors: Actors;
  afterAll(async () => sw?.close());

  it('computes stage times, the 24 h share and the 48 h list on the engine clock', async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const importer = actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const advance = (id: string) => sw.request('POST', '/v1/dev/clock', { advance: id });

    const a = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${a}`)).body.status).toBe('released'));
    const bBody = seaImport({ mode: 'advance' });
    const b = (await importer.post('/v1/declarations', bBody)).body.id;
    const assessed = await eventually(async () => {
      const { body } = await importer.get(`/v1/declarations/${b}`);
      expect(body.duties.assessed).toBeGreaterThan(0);
      return body;
    });

    expect((await advance('PT30H')).status).toBe(202);
    await actors.portOperator().post('/v1/arrivals', { billOfLading: bBody.transport.billOfLading, conveyance: bBody.transport.conveyance, portOfEntry: '2200' });
    await settleThroughBank(actors, importer, b, { amount: assessed.duties.assessed, reference: 'TAX-B' });
    await eventually(async () => expect((await importer.get(`/v1/declarations/${b}`)).body.status).toBe('released'));
    const c = (await importer.post('/v1/declarations', seaImport({ mode: 'advance' }))).body.id;
    await eventually(async () => expect((await importer.get(`/v1/declarations/${c}`)).body.status).toBe('awaiting-arrival'));
    expect((await advance('PT48H')).status).toBe(202);

    const report = await eventually(async () => {
      const { status, body } = await actors.auditor().get('/v1/metrics/clearance');
      expect(status).toBe(200);
      expect(body.counts).toEqual({ submitted: 3, released: 2, exited: 0, withdrawn: 0, rejected: 0, open: 1 });
      expect(body.overdue.items.map((o: { id: string }) => o.id)).toEqual([]);
      return body;
    });
    expect(report.stages['submitted→released'].count).toBe(2);
    expect(report.stages['submitted→released'].medianHours).toBeCloseTo(15, 1);
    expect(report.stages['submitted→released'].p90Hours).toBeCloseTo(27, 1);
    expect(report.clearanceTime.count).toBe(2);
    expect(report.clearanceTime.medianHours).toBeLessThan(0.01);
    expect(report.clearanceTime.p90Hours).toBeLessThan(0.01);
    expect(report.releasedWithin24h).toEqual({ count: 2, of: 2, share: 1 });
    expect(report.overdue).toEqual({ thresholdHours: 48, count: 0, items: [] });
    expect(c).toBeDefined();
    expect(report.agencies.customs['opened→released'].count).toBe(2);
    expect(report.agencies.border['opened→released']).toMatchObject({ count: 1 });
    expect(report.agencies.border['opened→released'].medianHours).toBeLessThan(0.01);

    // The window filters by submission: only C was submitted after +1 h.
    const late = await actors.officer('customs').get(`/v1/metrics/clearance?from=${encodeURIComponent(new Date(Date.parse(report.now) - 49 * 3600_000).toISOString())}`);
    expect(late.body.counts.submitted).toBe(1);
    expect((await actors.officer('customs').get('/v1/metrics/clearance?from=soon')).body.errors).toEqual([{ field: 'from', message: expect.any(String) }]);
    expect((await importer.get('/v1/metrics/clearance')).status).toBe(403);
  });

  it('exposes Prometheus metrics: request latency, appends, subscription lag, releases', async () => {
    const response = await fetch(`${sw.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/sw_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/declarations\/:id"/);
    expect(text).toMatch(/sw_event_store_appends_total\{outcome="ok"\} \d+/);
    expect(text).toMatch(/sw_subscription_lag_events\{subscription="declaration-status"\} \d+/);
    expect(text).toMatch(/sw_declarations_released_total 2/);
  });
});
