import { Actors, ENTERPRISES, roadExport, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * Finding a shipment (API.md "Numbers and finding a shipment"): GET /v1/declarations by number,
 * bill of lading, conveyance, consignee, declarant, time and free text, always within what the
 * caller may see; a filter that does not validate is a 400 naming it.
 */
describe('declaration search, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const ids = (page: { items: { id: string }[] }) => page.items.map((d) => d.id).sort();
  let road: { id: string; number: string; body: any }, sea: { id: string; number: string; body: any }, other: { id: string; number: string };
  let between: string;

  beforeAll(async () => {
    const roadBody = roadExport({ transport: { mode: '4', conveyance: '粤Z 1234港', billOfLading: 'HG-SEARCH-0001' } });
    road = { ...(await exporter().post('/v1/declarations', roadBody)).body, body: roadBody };
    await new Promise((resolve) => setTimeout(resolve, 20));
    between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seaBody = seaImport();
    sea = { ...(await importer().post('/v1/declarations', seaBody)).body, body: seaBody };
    other = (await exporter().post('/v1/declarations', roadExport())).body;
    await sw.server.subscriptions.waitUntilCaughtUp();
  });

  const search = (client: ReturnType<Actors['enterprise']>, query: string) => client.get(`/v1/declarations?${query}`);

  it('finds by customs number, bill of lading and conveyance (letter case and spaces aside)', async () => {
    const byNumber = await search(exporter(), `number=${road.number}`);
    expect(byNumber).toMatchObject({ status: 200, body: { total: 1, items: [{ id: road.id, number: road.number }] } });
    expect(ids((await search(exporter(), 'billOfLading=HG-SEARCH-0001')).body)).toEqual([road.id]);
    expect(ids((await search(exporter(), `conveyance=${encodeURIComponent('粤z1234港')}`)).body)).toEqual([road.id]);
  });

  it('finds by time range, declarant and consignee, and q matches any of the keys', async () => {
    const auditor = actors.auditor();
    const after = ids((await search(auditor, `from=${encodeURIComponent(between)}`)).body);
    expect(after).toEqual([sea.id, other.id].sort());
    expect(ids((await search(auditor, `to=${encodeURIComponent(between)}`)).body)).toEqual([road.id]);
    expect(ids((await search(auditor, `declarant=${ENTERPRISES.shanghaiTrading.uscc}`)).body)).toEqual([sea.id]);
    expect(ids((await search(auditor, `consignee=${ENTERPRISES.shanghaiTrading.uscc}`)).body)).toEqual([sea.id]);
    expect(ids((await search(auditor, `q=${sea.number}`)).body)).toEqual([sea.id]);
    expect(ids((await search(auditor, `q=${sea.body.transport.billOfLading.toLowerCase()}`)).body)).toEqual([sea.id]);
    expect(ids((await search(auditor, `q=${encodeURIComponent('粤Z1234港')}`)).body)).toEqual([road.id]);
    expect(ids((await search(auditor, `q=${ENTERPRISES.shenzhenElectronics.uscc}`)).body)).toEqual([road.id, other.id].sort());
    expect(ids((await search(auditor, `q=${ENTERPRISES.shenzhenElectronics.uscc}&billOfLading=HG-SEARCH-0001`)).body)).toEqual([road.id]);
  });

  it('searches only within what the caller may see', async () => {
    expect((await search(importer(), `number=${road.number}`)).body).toMatchObject({ total: 0, items: [] });
    expect((await search(importer(), 'billOfLading=HG-SEARCH-0001')).body.total).toBe(0);
    expect(ids((await search(actors.officer('border'), `q=${ENTERPRISES.shenzhenElectronics.uscc}`)).body)).toEqual([road.id, other.id].sort());
    expect((await search(actors.officer('border'), `number=${sea.number}`)).body.total).toBe(0); // a sea import is not routed to border
    expect((await search(actors.broker(ENTERPRISES.tianjinMachinery.uscc), `number=${road.number}`)).body.total).toBe(0);
  });

  it('refuses a filter that does not validate with a 400 naming it', async () => {
    const bad = await search(exporter(), 'number=12345&from=yesterday&consignee=not-a-uscc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['consignee', 'from', 'number']);
    const reversed = await search(exporter(), `from=${encodeURIComponent('2026-03-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-01T00:00:00+08:00')}`);
    expect(reversed).toMatchObject({ status: 400, body: { errors: [{ field: 'to', message: 'to must not be before from' }] } });
  });
});
