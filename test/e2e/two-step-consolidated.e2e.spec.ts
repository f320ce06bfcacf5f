import { Actors, ENTERPRISES, eventually, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * 两步申报 under 汇总征税: the summary's duties are drawn on the holder's general guarantee and the
 * goods released; the complete declaration's final duties settle on the same guarantee — a higher
 * final draws the difference (nothing payable by the declarant, its monthly statement pays it), a
 * lower one gives the difference back to the balance. Each once.
 */
describe('two-step under consolidated tax: the final difference is settled on the general guarantee', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const holder = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const view = async (id: string) => (await holder().get(`/v1/declarations/${id}`)).body;
  const guarantee = async (id: string) => (await holder().get(`/v1/guarantees/${id}`)).body;
  const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const round2 = (n: number) => Math.round(n * 100) / 100;

  /** A consolidated two-step summary with values, arrived, released against the guarantee. */
  async function releasedOnSummary() {
    const full = seaImport({ settlement: 'consolidated' });
    const summary = { ...full, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } };
    const submitted = await holder().post('/v1/declarations', summary);
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await actors.portOperator().post('/v1/arrivals', { billOfLading: full.transport.billOfLading, conveyance: full.transport.conveyance, portOfEntry: '2200' });
    const released = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ settled: 'guaranteed', consolidated: { status: 'drawn' } });
    return { id, full, summaryDuties: released.duties.assessed as number };
  }
  const scaled = (items: { value: number }[], factor: number) => items.map((item) => ({ ...item, value: round2(item.value * factor) }));

  it('a higher final draws the difference on the guarantee, once; a lower one gives it back', async () => {
    const lodged = await actors.bank('BOC').post('/v1/guarantees', { holder: ENTERPRISES.shanghaiTrading.uscc, amount: 10_000_000, currency: 'CNY', validUntil: inAYear, reference: `BG-2S-${Date.now()}` });
    expect(lodged.status).toBe(201);
    const guaranteeId = lodged.body.id as string;
    await sw.server.subscriptions.waitUntilCaughtUp();

    // Higher: the complete declaration's values are 1.5 times the summary's.
    const up = await releasedOnSummary();
    expect((await holder().post(`/v1/declarations/${up.id}/complete`, { ...up.full, mode: 'two-step', items: scaled(up.full.items, 1.5) })).status).toBe(202);
    const higher = await eventually(async () => {
      const v = await view(up.id);
      expect(v.duties.final).toBeDefined();
      expect(v.duties.final.outstanding).toBe(0);
      return v;
    });
    const finalUp = higher.duties.assessed as number;
    const difference = round2(finalUp - up.summaryDuties);
    expect(difference).toBeGreaterThan(0);
    expect(higher.duties.final).toMatchObject({ payable: 0, outstanding: 0, generalGuarantee: { drawn: up.summaryDuties, draw: difference, release: 0 } });
    expect(higher.duties).toMatchObject({ guaranteed: finalUp, latePaymentSurcharge: null, consolidated: { status: 'drawn', guaranteeId } });

    // Lower: half the summary's values.
    const down = await releasedOnSummary();
    expect((await holder().post(`/v1/declarations/${down.id}/complete`, { ...down.full, mode: 'two-step', items: scaled(down.full.items, 0.5) })).status).toBe(202);
    const lower = await eventually(async () => {
      const v = await view(down.id);
      expect(v.duties.final).toBeDefined();
      return v;
    });
    const finalDown = lower.duties.assessed as number;
    const back = round2(down.summaryDuties - finalDown);
    expect(back).toBeGreaterThan(0);
    expect(lower.duties.final).toMatchObject({ payable: 0, outstanding: 0, generalGuarantee: { drawn: down.summaryDuties, draw: 0, release: back } });
    expect(lower.duties.guaranteed).toBe(finalDown);

    // The guarantee took each declaration's final duties exactly: the summary draws, the difference, what was given back.
    await sw.server.subscriptions.waitUntilCaughtUp();
    const g = await guarantee(guaranteeId);
    expect(g.balance).toBeCloseTo(10_000_000 - finalUp - finalDown, 2);
    expect(g.uses.filter((u: { declarationId: string }) => u.declarationId === up.id)).toEqual([
      expect.objectContaining({ amount: up.summaryDuties }), expect.objectContaining({ amount: difference, part: 'final' }),
    ]);
    expect(g.uses.filter((u: { declarationId: string }) => u.declarationId === down.id)).toEqual([expect.objectContaining({ amount: finalDown, reduced: back })]);
    const statement = (await holder().get(`/v1/guarantees/${guaranteeId}/statement?month=${g.uses[0].month}`)).body;
    expect(statement.total).toBeCloseTo(finalUp + finalDown, 2);
  });
});
