import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';

/**
 * 两步申报 done right, end to end (API.md "Corrections": the complete declaration): the summary is
 * released against a guarantee its bank confirmed; the complete declaration repeats the full
 * body, any header field that differs from the summary's is refused naming each; customs assesses
 * it and settles it against the guarantee — what the guarantee covers is drawn, the rest of the
 * guarantee released, and what it does not cover is payable until the bank confirms its payment.
 */
describe('two-step: the complete declaration is assessed and settled against the guarantee', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const importer = () => actors.enterprise(ENTERPRISES.qingdaoFood.uscc);
  const view = async (id: string) => (await importer().get(`/v1/declarations/${id}`)).body;

  /** A two-step summary without values, arrived, released against a confirmed guarantee of `guarantee` CNY. */
  async function releasedOnGuarantee(guarantee: number) {
    const full = seaImport({ declarant: ENTERPRISES.qingdaoFood });
    const summary = { ...full, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true },
      items: full.items.map(({ value: _value, ...item }: Record<string, unknown>) => item) };
    const submitted = await importer().post('/v1/declarations', summary);
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await actors.portOperator().post('/v1/arrivals', { billOfLading: full.transport.billOfLading, conveyance: full.transport.conveyance, portOfEntry: '2200' });
    await settleThroughBank(actors, importer(), id, { kind: 'guarantee', amount: guarantee, reference: `G-${id.slice(0, 8)}` });
    await eventually(async () => expect(await view(id)).toMatchObject({ status: 'released', duties: { assessed: null, settled: 'guaranteed', guaranteed: guarantee } }));
    return { id, full };
  }

  it('refuses a complete declaration whose header differs from the summary, naming each field; writes nothing', async () => {
    const { id, full } = await releasedOnGuarantee(100_000);
    const refused = await importer().post(`/v1/declarations/${id}/complete`, {
      ...full, mode: 'two-step', currency: 'EUR', transport: { ...full.transport, conveyance: 'ANOTHER VESSEL' },
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'complete-header-differs' } });
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['transport.conveyance', 'currency']);
    expect(refused.body.errors[1].message).toContain('"USD"');
    await sw.server.subscriptions.waitUntilCaughtUp();
    expect((await view(id)).completeDeclaration.status).toBe('due');
  });

  it('a guarantee larger than the final duties: drawn for the duties, the rest released, nothing payable', async () => {
    const { id, full } = await releasedOnGuarantee(100_000);
    // The full body again, header as the summary filed it, items with their values.
    const filed = await importer().post(`/v1/declarations/${id}/complete`, { ...full, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } });
    expect(filed.status).toBe(202);
    const settled = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.final).toBeDefined();
      return v;
    });
    const owed = settled.duties.assessed as number;
    expect(owed).toBeGreaterThan(0);
    expect(settled.completeDeclaration.status).toBe('filed');
    expect(settled.duties.final).toMatchObject({
      summaryAssessed: null, assessed: owed, guaranteed: 100_000, drawnOnGuarantee: owed,
      guaranteeReleased: Math.round((100_000 - owed) * 100) / 100, payable: 0, outstanding: 0,
    });
    expect(settled.duties).toMatchObject({ settled: 'paid', paid: owed, guaranteed: 0 });
    expect(settled.duties.customsValueCny).toBeGreaterThan(0);
    // Filed once.
    expect((await importer().post(`/v1/declarations/${id}/complete`, { items: full.items })).body.code).toBe('already-filed');
  });

  it('a guarantee smaller than the final duties: all of it drawn, the difference payable until the bank confirms its payment', async () => {
    const { id, full } = await releasedOnGuarantee(1_000);
    // Only the items, as before v1.1: still a complete declaration.
    expect((await importer().post(`/v1/declarations/${id}/complete`, { items: full.items })).status).toBe(202);
    const assessed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.final).toBeDefined();
      return v;
    });
    const owed = assessed.duties.assessed as number;
    const payable = Math.round((owed - 1_000) * 100) / 100;
    expect(assessed.duties.final).toMatchObject({ drawnOnGuarantee: 1_000, guaranteeReleased: 0, payable, outstanding: payable });
    expect(assessed.duties.settled).toBe('none');

    await settleThroughBank(actors, importer(), id, { amount: payable, reference: `DIFF-${id.slice(0, 8)}` });
    const paid = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.final.outstanding).toBe(0);
      return v;
    });
    expect(paid.duties).toMatchObject({ settled: 'paid', paid: owed });
  });

  // Last: it moves the engine's clock.
  it('滞纳金 on the final difference counts from the final assessment: paid 20 days after it, 5 days charged on the difference alone', async () => {
    const { id, full } = await releasedOnGuarantee(1_000);
    expect((await importer().post(`/v1/declarations/${id}/complete`, { items: full.items })).status).toBe(202);
    const assessed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.final).toBeDefined();
      return v;
    });
    const payable = assessed.duties.final.payable as number;
    expect(payable).toBeGreaterThan(0);
    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'P20D' })).status).toBe(202);
    await settleThroughBank(actors, importer(), id, { amount: payable, reference: `LATE-${id.slice(0, 8)}` });
    const charged = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.lateFeesCharged?.some((f: { kind: string }) => f.kind === 'late-payment')).toBe(true);
      return v;
    });
    const fee = charged.duties.lateFeesCharged.find((f: { kind: string }) => f.kind === 'late-payment');
    // Day 16 to day 20 after the final assessment (China days; the payment's day counts), 0.5‰ of the difference a day.
    expect(fee).toMatchObject({ on: 'final', legalBasis: expect.stringContaining('第六十条') });
    expect(fee.days).toBeGreaterThanOrEqual(5);
    expect(fee.days).toBeLessThanOrEqual(6);
    expect(fee.amount).toBeCloseTo(Math.round(payable * 0.0005 * fee.days * 100) / 100, 2);
  });
});
