import { eventually, seaImport, withServer, type Actors } from '@sw/test-support';

/**
 * 口岸收费目录清单, 清单之外无收费: the port authority of Shanghai (2200) publishes its catalogue,
 * anyone reads it as of any day without a token, and a port operator's charges are held to the
 * version in force that day (the engine's clock, China's day). A charge outside it, or above it,
 * is refused with 409 and listed for oversight; examination handling on a shipment whose
 * examination found nothing is the government's to pay (免除查验没有问题外贸企业吊装移位仓储费).
 */
describe('the port fee catalogue and the charges held to it, end to end', () => {
  const world = withServer();
  const DISCREDITED = { uscc: '91330782MA2E7G6J9Y', name: 'Yiwu Xingchen Toys Co., Ltd.' }; // every declaration examined (cu-discredited-enterprise)
  const THC = { code: 'THC-20', nameZh: '码头作业费（20英尺集装箱）', payer: 'enterprise', basis: 'container', amount: 480, currency: 'CNY', legalBasis: '交水发〔2019〕136号' };
  const DOC = { code: 'DOC', nameZh: '单证费', payer: 'enterprise', basis: 'declaration', amount: 50, currency: 'CNY', legalBasis: '市场调节价，备案号 SH-2026-01' };
  const LIFT = { code: 'EXAM-LIFT', nameZh: '查验吊装移位仓储费', payer: 'enterprise', basis: 'container', amount: 300, currency: 'CNY', legalBasis: '国办发〔2018〕37号', examinationHandling: true };
  let actors: Actors;
  let today: string;
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const authority = () => actors.portAuthority();
  const charge = (declarationId: string, code: string, quantity: number, amount: number) => actors.portOperator().post('/v1/fees/charges', { declarationId, code, quantity, amount });
  const publicGet = (path: string) => world.sw.request('GET', path);

  beforeAll(async () => {
    actors = world.actors;
    today = new Date(Date.parse((await world.sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
  });

  it('publishes versions a port authority alone may publish, readable by anyone as of any day', async () => {
    const first = await authority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: today, items: [THC, DOC, LIFT] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ port: '2200', version: 1, effectiveFrom: today });
    const second = await authority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: day(1), items: [{ ...THC, amount: 450 }, DOC, LIFT] });
    expect(second.body).toMatchObject({ version: 2, effectiveFrom: day(1) });

    const now = await eventually(async () => {
      const { status, body } = await publicGet('/v1/fees/catalogues?port=2200');
      expect(status).toBe(200);
      expect(body.items).toHaveLength(1);
      return body;
    });
    expect(now).toMatchObject({ asOf: today, total: 1, items: [{ port: '2200', portName: expect.stringContaining('上海'), version: 1, effectiveFrom: today, items: [THC, DOC, LIFT] }] });
    await eventually(async () => expect((await publicGet(`/v1/fees/catalogues?port=2200&asOf=${day(1)}`)).body.items[0]).toMatchObject({ version: 2, items: [{ code: 'THC-20', amount: 450 }, DOC, LIFT] }));
    expect((await publicGet(`/v1/fees/catalogues?port=2200&asOf=${day(-1)}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await publicGet('/v1/fees/catalogues')).body.items.map((c: { port: string }) => c.port)).toEqual(['2200']);

    // Refused: the past, a version before the latest, bad bodies, other roles.
    expect((await authority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: day(-1), items: [THC] })).body).toMatchObject({ status: 409, code: 'catalogue-retroactive' });
    expect((await authority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: today, items: [THC] })).body).toMatchObject({ status: 409, code: 'catalogue-not-after-latest' });
    const bad = await authority().post('/v1/fees/catalogues', { port: '9999', effectiveFrom: '2026-02-30', items: [THC, { ...THC, basis: 'pallet', amount: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['effectiveFrom', 'items', 'items[1].amount', 'items[1].basis', 'port']);
    expect((await actors.portOperator().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: day(2), items: [THC] })).status).toBe(403);
    expect((await world.sw.request('POST', '/v1/fees/catalogues', { port: '2200', effectiveFrom: day(2), items: [THC] })).status).toBe(401);
    expect((await publicGet('/v1/fees/catalogues?asOf=tomorrow')).body.errors).toEqual([{ field: 'asOf', message: expect.any(String) }]);
  });

  it('records charges within the catalogue in force that day and refuses, and lists, the others', async () => {
    const importer = actors.enterprise(seaImport().declarant.uscc);
    const id = (await importer.post('/v1/declarations', seaImport())).body.id;

    const thc = await charge(id, 'THC-20', 2, 960);
    expect(thc.status).toBe(201);
    expect(thc.body).toMatchObject({ declarationId: id, code: 'THC-20', nameZh: THC.nameZh, quantity: 2, amount: 960, currency: 'CNY', payer: 'enterprise', catalogueVersion: 1, port: '2200' });
    expect((await charge(id, 'DOC', 1, 50)).status).toBe(201);

    const outside = await charge(id, 'SECURITY-FEE', 1, 120);
    expect(outside.status).toBe(409);
    expect(outside.body).toMatchObject({ code: 'not-in-catalogue', chargeId: expect.any(String) });
    expect((await charge(id, 'THC-20', 1, 500)).body).toMatchObject({ status: 409, code: 'above-catalogue', maxAmount: 480, currency: 'CNY' });
    expect((await charge(id, 'DOC', 2, 100)).body).toMatchObject({ status: 409, code: 'above-catalogue', maxAmount: 50 });
    expect((await charge(id, 'EXAM-LIFT', 1, 300)).body).toMatchObject({ status: 409, code: 'no-examination' });

    // The next day the second version is in force: THC at 450.
    expect((await world.sw.request('POST', '/v1/dev/clock', { advance: 'P1D' })).status).toBe(202);
    expect((await charge(id, 'THC-20', 1, 480)).body).toMatchObject({ status: 409, code: 'above-catalogue', maxAmount: 450 });
    expect((await charge(id, 'THC-20', 1, 450)).body).toMatchObject({ amount: 450, catalogueVersion: 2, effectiveFrom: day(1) });

    // The enterprise sees what it was charged on its declaration; oversight sees what was refused.
    await eventually(async () => {
      const { body } = await importer.get(`/v1/declarations/${id}`);
      expect(body.charges.map((c: any) => [c.code, c.quantity, c.amount, c.payer, c.catalogueVersion])).toEqual([['THC-20', 2, 960, 'enterprise', 1], ['DOC', 1, 50, 'enterprise', 1], ['THC-20', 1, 450, 'enterprise', 2]]);
    });
    const refused = await eventually(async () => {
      const { body } = await actors.auditor().get(`/v1/fees/charges?status=refused&declarationId=${id}`);
      expect(body.total).toBe(5);
      return body.items;
    });
    expect(refused.map((c: any) => [c.code, c.reason, c.amount, c.maxAmount ?? null]).reverse()).toEqual([
      ['SECURITY-FEE', 'not-in-catalogue', 120, null], ['THC-20', 'above-catalogue', 500, 480], ['DOC', 'above-catalogue', 100, 50],
      ['EXAM-LIFT', 'no-examination', 300, null], ['THC-20', 'above-catalogue', 480, 450],
    ]);
    expect(refused.every((c: any) => c.status === 'refused' && c.port === '2200' && c.declarationId === id && typeof c.message === 'string')).toBe(true);
    // Officers name a declaration by its customs number (海关编号): each charge carries it.
    const { number } = (await actors.auditor().get(`/v1/declarations/${id}`)).body;
    expect(number).toMatch(/^\d{18}$/);
    expect(refused.map((c: any) => c.number)).toEqual(refused.map(() => number));
    expect((await actors.officer('customs').get('/v1/fees/charges?status=refused')).body.total).toBe(5);
    expect((await actors.officer('customs').get('/v1/fees/charges?status=maybe')).body.errors).toEqual([{ field: 'status', message: expect.any(String) }]);
    expect((await importer.get('/v1/fees/charges')).status).toBe(403);

    // Bad requests write nothing.
    expect((await charge('00000000-0000-4000-8000-000000000000', 'THC-20', 1, 1)).status).toBe(404);
    const invalid = await actors.portOperator().post('/v1/fees/charges', { declarationId: 'nope', code: 'thc 20', quantity: 0, amount: '5' });
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'code', 'declarationId', 'quantity']);
    expect((await importer.post('/v1/fees/charges', { declarationId: id, code: 'DOC', quantity: 1, amount: 1 })).status).toBe(403);
  });

  it('charges examination handling to the government when the examination found nothing, and to the enterprise when it found something', async () => {
    const enterprise = actors.enterprise(DISCREDITED.uscc);
    const examined = async (result: 'pass' | 'fail') => {
      const id = (await enterprise.post('/v1/declarations', seaImport({ declarant: DISCREDITED }))).body.id;
      const exam = await eventually(async () => {
        const { status, body } = await actors.officer('customs').get(`/v1/examinations/${id}`);
        expect(status).toBe(200);
        return body;
      });
      // Before the examination's result, nobody can say who pays: 409, and nothing is listed.
      expect((await charge(id, 'EXAM-LIFT', 1, 300)).body).toMatchObject({ status: 409, code: 'examination-not-completed' });
      const checks = exam.requiredChecks.customs.map((c: { check: string }, i: number) => ({ check: c.check, result: i === 0 ? result : 'pass' }));
      expect((await actors.officer('customs').post(`/v1/examinations/${id}/findings`, { checks })).status).toBe(202);
      await eventually(async () => expect((await actors.officer('customs').get(`/v1/examinations/${id}`)).body.status).toBe('completed'));
      return id;
    };
    const clean = await examined('pass');
    expect((await charge(clean, 'EXAM-LIFT', 1, 300)).body).toMatchObject({ code: 'EXAM-LIFT', amount: 300, payer: 'government' });
    const dirty = await examined('fail');
    expect((await charge(dirty, 'EXAM-LIFT', 1, 280)).body).toMatchObject({ code: 'EXAM-LIFT', amount: 280, payer: 'enterprise' });
    await eventually(async () => expect((await actors.auditor().get(`/v1/declarations/${clean}`)).body.charges).toEqual([expect.objectContaining({ code: 'EXAM-LIFT', payer: 'government', status: 'recorded' })]));
    expect((await actors.auditor().get(`/v1/fees/charges?declarationId=${clean}&status=refused`)).body.total).toBe(0);

    // The auditor's history of the shipment holds the charge, by whom.
    const history = (await actors.auditor().get(`/v1/audit/shipments/${clean}/events`)).body.events;
    expect(history.filter((e: any) => e.stream === `port-charges-${clean}`).map((e: any) => [e.type, e.data.payer, e.metadata.actor.kind])).toEqual([['PortChargeRecorded', 'government', 'port-operator']]);
  });
});
