import { ENTERPRISES, eventually, listenToEvents, roadExport, seaImport, settleThroughBank, withServer } from '@sw/test-support';

/**
 * 整体通关时间 the way China measures it, on a fixture computed by hand while the engine clock
 * moves (t in hours from the start):
 *
 *   t=0   E1 road export, green: released at once                 export: declaration → release 0 h
 *         the port reports bill BL1 arrived (运抵)
 *         I2 advance import (提前申报) of bill BL2 filed, not arrived
 *         I4 standard import: at the port (arrived at 0), duties never paid
 *   t=10  I1 advance import of BL1 filed after its arrival, paid: released   arrival 0 → release 10: 10 h (before 10, after 0)
 *         BL2 arrives
 *   t=30  I2 paid: released                                                  arrival 10 → release 30: 20 h (before 0, after 20)
 *         I4 is 30 h past arrival: the 24 h alarm is pushed (passed at 24)
 *         I3 advance import filed, never arrives: open, but on no list (not arrived)
 *   t=50  I4 passes 48 h: the 48 h alarm; it is the only one on the 48 h list (50 h open)
 *
 * Released, by China's measure: 0, 10, 20 → median 10, p90 18 (linear: 10 + 0.8 × 10), 3 of 3
 * within 24 h. Imports: 10, 20 → median 15, p90 19; before declaring 10, 0 → median 5, p90 9;
 * after declaring 0, 20 → median 10, p90 18. Exports: 0. Submission → release (the v1 stage):
 * 0, 0, 30 → median 0, p90 24.
 */
describe('oversight as China measures it, end to end', () => {
  const world = withServer();
  const H = 3_600_000;

  it('measures imports from arrival and exports from declaration, pushes 24 h and 48 h alarms, and reports by week and month', async () => {
    const { sw, actors } = world;
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const importer = actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const port = actors.portOperator();
    const auditor = actors.auditor();
    const advance = async (duration: string) => expect((await sw.request('POST', '/v1/dev/clock', { advance: duration })).status).toBe(202);
    const view = async (id: string) => (await importer.get(`/v1/declarations/${id}`)).body;
    const statusOf = (client: typeof importer, id: string, status: string) =>
      eventually(async () => { const { body } = await client.get(`/v1/declarations/${id}`); expect(body.status).toBe(status); return body; });
    const assessed = (id: string) => eventually(async () => { const body = await view(id); expect(body.duties.assessed).toBeGreaterThan(0); return body.duties.assessed as number; });
    // Money settles duties only through a bank's confirmation (issue 19).
    const pay = async (id: string, reference: string) => { await settleThroughBank(actors, importer, id, { amount: await assessed(id), reference }); };
    const arrive = (body: Record<string, any>) => port.post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' });

    // The alarms, as an auditor's console hears them.
    const listener = await listenToEvents<any>(`${sw.url}/v1/oversight/stream`, await actors.token({ role: 'auditor' }), 'alarm');
    const alarms = listener.events;

    const t0 = Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now);
    const e1 = (await exporter.post('/v1/declarations', roadExport())).body.id;
    const i1Body = seaImport({ mode: 'advance' });
    expect((await arrive(i1Body)).status).toBe(202);
    const i2Body = seaImport({ mode: 'advance' });
    const i2 = (await importer.post('/v1/declarations', i2Body)).body.id;
    const i4 = (await importer.post('/v1/declarations', seaImport())).body.id;
    await statusOf(exporter, e1, 'released');
    await assessed(i2);
    await assessed(i4);

    await advance('PT10H');
    const i1 = (await importer.post('/v1/declarations', i1Body)).body.id;
    await eventually(async () => expect((await view(i1)).arrival?.arrivedAt).toBeDefined());
    await pay(i1, 'TAX-I1');
    await statusOf(importer, i1, 'released');
    expect((await arrive(i2Body)).status).toBe(202);
    await eventually(async () => expect((await view(i2)).arrival?.arrivedAt).toBeDefined());

    await advance('PT20H');
    await pay(i2, 'TAX-I2');
    await statusOf(importer, i2, 'released');
    const i4Arrived = Date.parse((await view(i4)).arrival.arrivedAt);
    await eventually(() => expect(alarms.map((a) => `${a.declarationId}:${a.thresholdHours}`)).toEqual([`${i4}:24`]));
    expect(alarms[0]).toMatchObject({
      code: 'clearance-over-24h', direction: 'import', mode: 'standard', portOfEntry: '2200', declarant: ENTERPRISES.shanghaiTrading.uscc,
      since: new Date(i4Arrived).toISOString(), passedAt: new Date(i4Arrived + 24 * H).toISOString(), standing: false,
    });
    const i3 = (await importer.post('/v1/declarations', seaImport({ mode: 'advance' }))).body.id;
    await statusOf(importer, i3, 'awaiting-arrival');

    await advance('PT20H');
    await eventually(() => expect(alarms.map((a) => `${a.declarationId}:${a.thresholdHours}`)).toEqual([`${i4}:24`, `${i4}:48`]), { timeoutMs: 15_000 });
    expect(alarms[1]).toMatchObject({ code: 'clearance-over-48h', passedAt: new Date(i4Arrived + 48 * H).toISOString() });
    await listener.close();

    // The metrics: every figure above.
    const metrics = (await auditor.get('/v1/metrics/clearance')).body;
    expect(metrics.counts).toEqual({ submitted: 5, released: 3, exited: 0, withdrawn: 0, rejected: 0, open: 2 });
    expect(metrics.measure).toEqual({ import: 'arrived→released', export: 'submitted→released' });
    expectDistribution(metrics.clearanceTime, 3, 10, 18);
    expect(metrics.releasedWithin24h).toEqual({ count: 3, of: 3, share: 1 });
    const imports = metrics.directions.import;
    expect(imports).toMatchObject({ released: 2, releasedWithin24h: { count: 2, of: 2, share: 1 }, overdue: 1 });
    expectDistribution(imports.clearanceTime, 2, 15, 19);
    expectDistribution(imports.beforeDeclaring, 2, 5, 9);
    expectDistribution(imports.afterDeclaring, 2, 10, 18);
    const exports = metrics.directions.export;
    expect(exports).toMatchObject({ released: 1, overdue: 0, beforeDeclaring: { count: 0, medianHours: null, p90Hours: null } });
    expectDistribution(exports.clearanceTime, 1, 0, 0);
    expect(metrics.ports.map((p: any) => [p.port, p.direction, p.released, p.overdue])).toEqual([['2200', 'import', 2, 1], ['5301', 'export', 1, 0]]);
    expectDistribution(metrics.ports[0].clearanceTime, 2, 15, 19);
    expect(metrics.modes.map((m: any) => [m.mode, m.direction, m.released, m.overdue])).toEqual([['advance', 'import', 2, 0], ['standard', 'import', 0, 1], ['standard', 'export', 1, 0]]);
    expectDistribution(metrics.stages['submitted→released'], 3, 0, 24);
    expect(metrics.overdue.items.map((o: any) => o.id)).toEqual([i4]);
    expect(metrics.overdue.items[0]).toMatchObject({ portOfEntry: '2200', mode: 'standard', arrivedAt: new Date(i4Arrived).toISOString(), number: (await view(i4)).number });
    expect(metrics.overdue.items[0].number).toMatch(/^\d{18}$/);
    expect(alarms.every((a: any) => a.declarationId === i4 && a.number === metrics.overdue.items[0].number)).toBe(true);
    expect(metrics.overdue.items[0].hoursOpen).toBeCloseTo(50, 1);

    // The weekly report from t0's day (China time) holds every release; the 48 h list at its instant (now: the week runs).
    const day = new Date(t0 + 8 * H).toISOString().slice(0, 10);
    const week = await auditor.get(`/v1/reports/clearance?period=week&from=${day}`);
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({ period: 'week', from: day, start: new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString(), complete: false });
    const overall = week.body.rows.find((r: any) => r.dimension === 'overall');
    expect(overall).toMatchObject({ released: 3, releasedWithin24h: { count: 3, of: 3, share: 1 }, overdue: 1 });
    expectDistribution(overall.clearanceTime, 3, 10, 18);
    expect(week.body.rows.map((r: any) => [r.dimension, r.direction, r.port ?? r.mode]).slice(0, 3)).toEqual([['overall', null, null], ['direction', 'import', null], ['direction', 'export', null]]);
    expect(week.body.rows.find((r: any) => r.dimension === 'port' && r.port === '2200')).toMatchObject({ portName: expect.stringContaining('海关'), released: 2 });
    expect(week.body.overdue.items.map((o: any) => o.id)).toEqual([i4]);

    // The CSV: UTF-8 with a BOM, Chinese headers, the same figures.
    const csv = await fetch(`${sw.url}/v1/reports/clearance?period=week&from=${day}`, { headers: { accept: 'text/csv', authorization: `Bearer ${await actors.token({ role: 'officer', agency: 'customs' })}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="clearance-week-${day}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
    expect(lines[0]).toEqual(['统计期间起', '统计期间止（不含）', '维度', '进出口', '口岸代码', '口岸名称', '申报方式', '放行票数', '整体通关时间中位数（小时）',
      '整体通关时间第90百分位（小时）', '24小时内放行票数', '24小时内放行占比', '申报前用时中位数（小时）', '申报后用时中位数（小时）', '超48小时未放行票数（进口）']);
    const [, , dimension, , , , , released, median, p90, within, share, , , overdueCount] = lines[1];
    expect([dimension, released, within, share, overdueCount]).toEqual(['总体', '3', '3', '1', '1']);
    expect(Number(median)).toBeCloseTo(10, 1);
    expect(Number(p90)).toBeCloseTo(18, 1);
    const importLine = lines.find((l) => l[2] === '进出口' && l[3] === '进口')!;
    expect(Number(importLine[12])).toBeCloseTo(5, 1); // before declaring
    expect(Number(importLine[13])).toBeCloseTo(10, 1); // after declaring

    // The month t0 falls in: the releases whose instant is in it (China days).
    const month = (await auditor.get(`/v1/reports/clearance?period=month&from=${day}`)).body;
    expect(month.from).toBe(`${day.slice(0, 7)}-01`);
    const releases = await Promise.all([e1, i1, i2].map(async (id) => Date.parse((await auditor.get(`/v1/declarations/${id}`)).body.releasedAt)));
    expect(month.rows[0].released).toBe(releases.filter((at) => at >= Date.parse(month.start) && at < Date.parse(month.end)).length);

    expect((await auditor.get('/v1/reports/clearance?period=year')).body.errors).toEqual([{ field: 'period', message: expect.stringContaining('week or month') }]);
    expect((await auditor.get('/v1/reports/clearance?from=2026-02-30')).body.errors).toEqual([{ field: 'from', message: expect.any(String) }]);
    expect((await importer.get('/v1/reports/clearance')).status).toBe(403);
    expect((await importer.get('/v1/oversight/stream')).status).toBe(403);
  });
});

function expectDistribution(actual: { count: number; medianHours: number; p90Hours: number }, count: number, median: number, p90: number) {
  expect(actual.count).toBe(count);
  expect(actual.medianHours).toBeCloseTo(median, 1);
  expect(actual.p90Hours).toBeCloseTo(p90, 1);
}
