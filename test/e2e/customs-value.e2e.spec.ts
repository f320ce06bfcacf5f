import { workingDaysInForce } from '@sw/customs';
import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';

const DAY_MS = 86_400_000;
/** The calendar day in China (UTC+8) of an instant. */
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Customs value and late fees, end to end: an FOB import's duties are assessed on its CIF value
 * in CNY (freight added, insurance deemed 3‰ when not declared); an import declared more than
 * 14 days after arrival shows 滞报金; duties unpaid 15 days after assessment accrue 滞纳金 on the
 * engine's clock, and stop accruing once a bank confirms the payment.
 */
describe('customs value and late fees, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const view = async (id: string) => (await importer().get(`/v1/declarations/${id}`)).body;
  const USD = 7.1; // seeds/reference/exchange-rates.json

  it('an FOB import needs its freight; its customs value is CIF in CNY, insurance deemed 3‰ of goods + freight', async () => {
    const missing = await importer().post('/v1/declarations', seaImport({ incoterm: 'FOB' }));
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ field: 'freight', message: expect.stringContaining('FOB') }] } });

    const fob = await importer().post('/v1/declarations', seaImport({ incoterm: 'FOB', freight: { amount: 2000, currency: 'USD' } }));
    expect(fob.status).toBe(202);
    const cif = await importer().post('/v1/declarations', seaImport({ incoterm: 'FOB', freight: { amount: 2000, currency: 'USD' }, insurance: { amount: 100, currency: 'USD' } }));
    const [deemed, declared] = await Promise.all([fob.body.id, cif.body.id].map((id) => eventually(async () => {
      const v = await view(id);
      expect(v.duties.customsValueCny).not.toBeNull();
      return v;
    })));
    const goodsAndFreight = (50_000 + 2000) * USD;
    expect(deemed.duties.customsValueCny).toBeCloseTo(goodsAndFreight * 1.003, 2);
    expect(declared.duties.customsValueCny).toBeCloseTo(goodsAndFreight + 100 * USD, 2);
    // Laptops: duty 0 %, VAT 13 % of the CIF value.
    expect(deemed.duties.assessed).toBeCloseTo(deemed.duties.customsValueCny * 0.13, 1);
  });

  it('滞报金 for an import declared 20 days after arrival; 滞纳金 once duties stay unpaid beyond 15 days, until the bank confirms the payment', async () => {
    const body = seaImport({ mode: 'advance' });
    // Reported when the goods arrive (a report may not be back-dated by more than 7 days: issue 27),
    // then the engine's clock moves 20 days on before the goods are declared.
    expect((await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' })).status).toBe(202);
    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'P20D' })).status).toBe(202);
    const { body: accepted } = await importer().post('/v1/declarations', body);
    const late = await eventually(async () => {
      const v = await view(accepted.id);
      expect(v.arrival).not.toBeNull();
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v;
    });
    // Arrived 20 days ago (day 1), declared today (day 21): the 15th day to today, 7 days at 0.5‰, whole yuan.
    const days = late.duties.lateDeclarationFee.days;
    // The 起征日 (the 15th day) moves past weekends and holidays (滞报金办法 第十六条, the shipped calendar).
    const firstDay = workingDaysInForce().onOrAfter(chinaDate(Date.parse(late.arrival.arrivedAt) + 14 * DAY_MS));
    expect(days).toBe(Math.round((Date.parse(chinaDate(Date.parse(late.submittedAt))) - Date.parse(firstDay)) / DAY_MS) + 1);
    expect(days).toBeGreaterThanOrEqual(3);
    expect(days).toBeLessThanOrEqual(7);
    expect(late.duties.lateDeclarationFee).toMatchObject({ currency: 'CNY', waived: false, amount: Math.floor(late.duties.customsValueCny * 0.0005 * days) });
    expect(late.duties.latePaymentSurcharge).toBeNull();

    // The engine's clock moves 20 days on: the duties are 4 or 5 days late (about CNY 23 a day).
    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'P20D' })).status).toBe(202);
    const surcharged = await eventually(async () => {
      const v = await view(accepted.id);
      expect(v.duties.latePaymentSurcharge).not.toBeNull();
      return v;
    });
    expect(surcharged.duties.latePaymentSurcharge).toMatchObject({ currency: 'CNY', waived: false });
    expect(surcharged.duties.latePaymentSurcharge.days).toBeGreaterThanOrEqual(4);
    expect(surcharged.duties.latePaymentSurcharge.amount).toBeCloseTo(late.duties.assessed * 0.0005 * surcharged.duties.latePaymentSurcharge.days, 1);
    // An instruction does not stop it; the bank's confirmation does.
    await settleThroughBank(actors, importer(), accepted.id, { amount: late.duties.assessed, reference: `LATE-${accepted.id.slice(0, 8)}` });
    const paid = await eventually(async () => {
      const v = await view(accepted.id);
      expect(v.duties.settled).toBe('paid');
      return v;
    });
    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'P5D' })).status).toBe(202);
    expect((await view(accepted.id)).duties.latePaymentSurcharge).toEqual(paid.duties.latePaymentSurcharge);

    // Charged, not only shown: both fees are recorded by customs, and the goods wait for them (滞报金 and 滞纳金 are paid before release).
    await sw.server.subscriptions.waitUntilCaughtUp();
    const charged = await view(accepted.id);
    expect(charged.duties.lateFeesCharged).toEqual([
      expect.objectContaining({ kind: 'late-declaration', amount: late.duties.lateDeclarationFee.amount, days, legalBasis: expect.stringContaining('第二十四条') }),
      expect.objectContaining({ kind: 'late-payment', amount: paid.duties.latePaymentSurcharge.amount, legalBasis: expect.stringContaining('第六十条') }),
    ]);
    expect(charged.status).not.toBe('released');
    expect((await actors.officer('customs').get(`/v1/agencies/customs/cases/${accepted.id}`)).body.releaseBlockers).toEqual(['late-fee-unpaid']);
    const fees = Math.round(charged.duties.lateFeesCharged.reduce((sum: number, f: { amount: number }) => sum + f.amount, 0) * 100) / 100;
    await settleThroughBank(actors, importer(), accepted.id, { amount: fees, reference: `FEES-${accepted.id.slice(0, 8)}` });
    const released = await eventually(async () => {
      const v = await view(accepted.id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ paid: Math.round((late.duties.assessed + fees) * 100) / 100, refundable: 0 });
  });
});
