import { Actors, ENTERPRISES, eventually, roadExport, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * 汇总征税 (consolidated tax) against a general guarantee (总担保), end to end: a bank lodges it for
 * an eligible holder; the holder's consolidated declarations are released against its balance,
 * which drops by their duties exactly once — two racing for the last of it, one wins; the monthly
 * statement's payment, confirmed by a bank, restores the balance and pays what it covered.
 */
describe('general guarantees and consolidated tax, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const holder = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const view = async (id: string) => (await holder().get(`/v1/declarations/${id}`)).body;
  const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const lodge = (body: Record<string, unknown>, bank = 'BOC') => actors.bank(bank).post('/v1/guarantees', { currency: 'CNY', validUntil: inAYear, reference: `BG-${Date.now()}`, ...body });

  /** The duties of one seaImport(), learned from a declaration settled the ordinary way. */
  async function dutiesOfOne(): Promise<number> {
    const { body } = await holder().post('/v1/declarations', seaImport());
    return eventually(async () => {
      const v = await view(body.id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v.duties.assessed as number;
    });
  }

  it('only a bank lodges one, only for an eligible holder, only while it can still be used', async () => {
    expect((await holder().post('/v1/guarantees', { holder: ENTERPRISES.shanghaiTrading.uscc, amount: 1000, currency: 'CNY', validUntil: inAYear, reference: 'BG-SELF' })).status).toBe(403);
    const discredited = await lodge({ holder: '91441900MA4W2N9P93', amount: 1000 }); // 东莞市利通纺织品, 失信企业
    expect(discredited).toMatchObject({ status: 409, body: { code: 'holder-not-eligible', errors: [{ field: 'holder' }] } });
    expect((await lodge({ holder: ENTERPRISES.shanghaiTrading.uscc, amount: 1000, validUntil: '2020-01-01' })).body.code).toBe('guarantee-expired');
    const bad = await actors.bank().post('/v1/guarantees', { holder: 'X', amount: -1, currency: 'USD', validUntil: '31/12/2026' });
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'currency', 'holder', 'reference', 'validUntil']);
  });

  it('two consolidated declarations race for the last of the balance: exactly one is released against it; the statement is paid and restores it', async () => {
    const owed = await dutiesOfOne();
    const lodged = await lodge({ holder: ENTERPRISES.shanghaiTrading.uscc, amount: Math.round(owed * 1.5 * 100) / 100 });
    expect(lodged).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    const guaranteeId = lodged.body.id;
    await sw.server.subscriptions.waitUntilCaughtUp(); // the process knows the holder's guarantee

    const [a, b] = await Promise.all([1, 2].map(() => holder().post('/v1/declarations', seaImport({ settlement: 'consolidated' }))));
    expect([a!.status, b!.status]).toEqual([202, 202]);
    const released = await eventually(async () => {
      const views = await Promise.all([view(a!.body.id), view(b!.body.id)]);
      expect(views.map((v) => v.status).sort()).toEqual(['released', 'under-review']);
      return views;
    });
    await sw.server.subscriptions.waitUntilCaughtUp();
    const winner = released.find((v) => v.status === 'released')!;
    const loser = released.find((v) => v.status !== 'released')!;
    expect(winner.duties).toMatchObject({ settled: 'guaranteed', guaranteed: owed, settlement: 'consolidated', latePaymentSurcharge: null });
    expect(loser.duties).toMatchObject({ settled: 'none', guaranteed: 0 });
    // It says why it waits (the view's stated reason), and waits for a balance.
    expect(loser.duties.consolidated).toMatchObject({ status: 'waiting', code: 'insufficient-balance', reason: expect.stringContaining('left') });
    expect(winner.duties.consolidated).toEqual({ status: 'drawn', guaranteeId });

    const guarantee = (await holder().get(`/v1/guarantees/${guaranteeId}`)).body;
    expect(guarantee).toMatchObject({ status: 'active', amount: Math.round(owed * 1.5 * 100) / 100, balance: Math.round(owed * 0.5 * 100) / 100, uses: [{ declarationId: winner.id, amount: owed, paidBy: null }] });
    const month = guarantee.uses[0].month;
    const statement = (await actors.bank('BOC').get(`/v1/guarantees/${guaranteeId}/statement?month=${month}`)).body;
    expect(statement).toMatchObject({ month, total: owed, paid: 0, outstanding: owed, uses: [{ declarationId: winner.id }] });
    // Another bank, another enterprise: as if it did not exist.
    expect((await actors.bank('ICBC').get(`/v1/guarantees/${guaranteeId}`)).status).toBe(404);
    expect((await actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc).get(`/v1/guarantees/${guaranteeId}`)).status).toBe(404);
    expect((await actors.officer('customs').get(`/v1/guarantees/${guaranteeId}`)).status).toBe(200);

    // The statement's payment: confirmed by the holder's bank for what it owes, to the fen.
    const wrong = await actors.bank('ICBC').post(`/v1/guarantees/${guaranteeId}/statement-payments`, { month, amount: owed - 1, currency: 'CNY', reference: 'STMT-1' });
    expect(wrong).toMatchObject({ status: 409, body: { code: 'statement-mismatch', errors: [{ field: 'amount' }] } });
    const paid = await actors.bank('ICBC').post(`/v1/guarantees/${guaranteeId}/statement-payments`, { month, amount: owed, currency: 'CNY', reference: 'STMT-1' });
    expect(paid).toMatchObject({ status: 202, body: { balance: Math.round(owed * 1.5 * 100) / 100, duplicate: false } });
    expect((await actors.bank('ICBC').post(`/v1/guarantees/${guaranteeId}/statement-payments`, { month, amount: owed, currency: 'CNY', reference: 'STMT-1' })).body.duplicate).toBe(true);
    // What it covered is paid: the declaration's duties show paid.
    await eventually(async () => expect((await view(winner.id)).duties).toMatchObject({ settled: 'paid', paid: owed }));
    // The restored balance serves the declaration that lost the race: drawn now, released, on the statement as owed.
    const retried = await eventually(async () => {
      const v = await view(loser.id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(retried.duties).toMatchObject({ settled: 'guaranteed', guaranteed: owed, consolidated: { status: 'drawn', guaranteeId } });
    expect((await holder().get(`/v1/guarantees/${guaranteeId}/statement?month=${month}`)).body).toMatchObject({ total: 2 * owed, paid: owed, outstanding: owed });
    expect((await holder().get(`/v1/guarantees/${guaranteeId}`)).body).toMatchObject({ balance: Math.round(owed * 0.5 * 100) / 100 });
  });

  it('a consolidated declaration that finds no guarantee says why, and is released once a bank lodges one', async () => {
    const machinery = actors.enterprise(ENTERPRISES.tianjinMachinery.uscc);
    const { body } = await machinery.post('/v1/declarations', seaImport({ declarant: ENTERPRISES.tianjinMachinery, settlement: 'consolidated' }));
    const waiting = await eventually(async () => {
      const v = (await machinery.get(`/v1/declarations/${body.id}`)).body;
      expect(v.duties.consolidated).toMatchObject({ status: 'waiting', code: 'no-guarantee' });
      return v;
    });
    expect(waiting.status).toBe('under-review');
    const lodged = await lodge({ holder: ENTERPRISES.tianjinMachinery.uscc, amount: Math.ceil(waiting.duties.assessed * 2) });
    expect(lodged.status).toBe(201);
    const released = await eventually(async () => {
      const v = (await machinery.get(`/v1/declarations/${body.id}`)).body;
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ settled: 'guaranteed', consolidated: { status: 'drawn', guaranteeId: lodged.body.id } });

    // An advance declaration drawn on it, then withdrawn before its goods arrive: the draw is given back.
    const advance = await machinery.post('/v1/declarations', seaImport({ mode: 'advance', declarant: ENTERPRISES.tianjinMachinery, settlement: 'consolidated' }));
    await eventually(async () => expect((await machinery.get(`/v1/declarations/${advance.body.id}`)).body.duties.consolidated).toMatchObject({ status: 'drawn' }));
    const drawnTwice = (await machinery.get(`/v1/guarantees/${lodged.body.id}`)).body;
    expect(drawnTwice.uses).toHaveLength(2);
    expect((await machinery.post(`/v1/declarations/${advance.body.id}/withdraw`, { reason: 'order cancelled' })).status).toBe(202);
    const givenBack = await eventually(async () => {
      const g = (await machinery.get(`/v1/guarantees/${lodged.body.id}`)).body;
      expect(g.uses.find((u: { declarationId: string }) => u.declarationId === advance.body.id).releasedAt).toEqual(expect.any(String));
      return g;
    });
    expect(givenBack.balance).toBeCloseTo(drawnTwice.balance + waiting.duties.assessed, 2);
    const month = givenBack.uses[0].month;
    expect((await machinery.get(`/v1/guarantees/${lodged.body.id}/statement?month=${month}`)).body).toMatchObject({ total: waiting.duties.assessed, outstanding: waiting.duties.assessed });
  });

  it('consolidated tax and two-step are for imports, and not for 失信 enterprises', async () => {
    const discredited = actors.enterprise('91441900MA4W2N9P93');
    const body = seaImport({ declarant: { uscc: '91441900MA4W2N9P93', name: 'Dongguan Litong Textiles Co., Ltd.' } });
    expect(await discredited.post('/v1/declarations', { ...body, settlement: 'consolidated' })).toMatchObject({ status: 409, body: { code: 'not-eligible', errors: [{ field: 'settlement' }] } });
    const twoStep = { ...body, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } };
    expect(await discredited.post('/v1/declarations', twoStep)).toMatchObject({ status: 409, body: { code: 'not-eligible', errors: [{ field: 'mode' }] } });
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const exportConsolidated = await exporter.post('/v1/declarations', roadExport({ settlement: 'consolidated' }));
    expect(exportConsolidated).toMatchObject({ status: 400, body: { errors: [{ field: 'settlement' }] } });
    const exportTwoStep = await exporter.post('/v1/declarations', roadExport({ mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: false } }));
    expect(exportTwoStep).toMatchObject({ status: 400, body: { errors: [{ field: 'mode' }] } });
  });
});
