import { Actors, ENTERPRISES, eventually, seaImport, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * Money customs can trust (API.md): the declarant's payment or guarantee is an instruction; only
 * its bank confirms or refuses it, and only confirmed money releases the goods. Every wrong
 * answer from a bank gets a clear refusal and writes nothing.
 */
describe('money customs can trust, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const caughtUp = () => sw.server.subscriptions.waitUntilCaughtUp();
  const view = async (id: string) => (await importer().get(`/v1/declarations/${id}`)).body;
  const confirm = (body: Record<string, unknown>, bank = 'ICBC') => actors.bank(bank).post('/v1/bank/confirmations', { kind: 'payment', currency: 'CNY', status: 'confirmed', ...body });

  /** A dutiable green-lane import, its duties assessed: only money stands between it and release. */
  async function assessedImport(): Promise<{ id: string; owed: number }> {
    const submitted = await importer().post('/v1/declarations', seaImport());
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    const owed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      expect(v.agencies.customs.lane).toBe('green');
      return v.duties.assessed as number;
    });
    return { id, owed };
  }

  it("the trader's own word opens no gate: an instructed payment stays pending until the bank confirms it", async () => {
    const { id, owed } = await assessedImport();
    const instructed = await importer().post(`/v1/declarations/${id}/payments`, { amount: owed, currency: 'CNY', reference: `TAX-${id.slice(0, 8)}` });
    expect(instructed).toMatchObject({ status: 202, body: { id, kind: 'payment', status: 'pending-confirmation' } });
    await caughtUp();
    expect(await view(id)).toMatchObject({
      status: 'under-review',
      duties: { settled: 'none', paid: 0, instructions: [{ reference: `TAX-${id.slice(0, 8)}`, kind: 'payment', amount: owed, currency: 'CNY', status: 'pending-confirmation' }] },
    });
    const officerSees = (await actors.officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body;
    expect(officerSees.releaseBlockers).toEqual(['duties-unsettled']);

    const confirmed = await confirm({ reference: `TAX-${id.slice(0, 8)}`, declarationId: id, amount: owed });
    expect(confirmed).toMatchObject({ status: 202, body: { reference: `TAX-${id.slice(0, 8)}`, declarationId: id, status: 'confirmed', duplicate: false } });
    const released = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ settled: 'paid', paid: owed, instructions: [expect.objectContaining({ status: 'confirmed', bank: 'ICBC' })] });

    // The bank's retry is the same answer: 202, marked duplicate, nothing new recorded.
    const before = (await store.readByCorrelation(id)).length;
    const again = await confirm({ reference: `TAX-${id.slice(0, 8)}`, declarationId: id, amount: owed });
    expect(again).toMatchObject({ status: 202, body: { status: 'confirmed', duplicate: true } });
    // The opposite answer after the fact is refused.
    const contradiction = await confirm({ reference: `TAX-${id.slice(0, 8)}`, declarationId: id, amount: owed, status: 'refused' });
    expect(contradiction).toMatchObject({ status: 409, body: { code: 'already-confirmed' } });
    await caughtUp();
    expect((await store.readByCorrelation(id)).length).toBe(before);
  });

  it('mismatched, unknown and unauthorized confirmations each get a clear answer and change nothing', async () => {
    const { id, owed } = await assessedImport();
    const other = await assessedImport();
    const reference = `PAY-${id.slice(0, 8)}`;
    expect((await importer().post(`/v1/declarations/${id}/payments`, { amount: owed, currency: 'CNY', reference })).status).toBe(202);
    await caughtUp();
    const before = (await store.readByCorrelation(id)).length;

    const answers = {
      amount: await confirm({ reference, declarationId: id, amount: owed - 1 }),
      currency: await confirm({ reference, declarationId: id, amount: owed, currency: 'USD' }),
      declaration: await confirm({ reference, declarationId: other.id, amount: owed }),
      kind: await confirm({ reference, declarationId: id, amount: owed, kind: 'guarantee' }),
      unknown: await confirm({ reference: 'NO-SUCH-REF', declarationId: id, amount: owed }),
    };
    expect(answers.amount).toMatchObject({ status: 409, body: { code: 'amount-mismatch', errors: [{ field: 'amount', message: expect.stringContaining(owed.toFixed(2)) }] } });
    expect(answers.currency).toMatchObject({ status: 409, body: { code: 'currency-mismatch', errors: [{ field: 'currency' }] } });
    // The reference is looked up on the declaration the bank names: on another it is unknown (nothing says it exists elsewhere).
    expect(answers.declaration).toMatchObject({ status: 404, body: { code: 'unknown-reference' } });
    expect(JSON.stringify(answers.declaration.body)).not.toContain(id);
    expect(answers.kind).toMatchObject({ status: 409, body: { code: 'kind-mismatch', errors: [{ field: 'kind' }] } });
    expect(answers.unknown).toMatchObject({ status: 404, body: { code: 'unknown-reference' } });
    // Only a bank confirms; a declarant cannot confirm its own instruction, nor an officer.
    expect((await importer().post('/v1/bank/confirmations', { reference, declarationId: id, kind: 'payment', amount: owed, currency: 'CNY', status: 'confirmed' })).status).toBe(403);
    expect((await actors.officer('customs').post('/v1/bank/confirmations', { reference, declarationId: id, kind: 'payment', amount: owed, currency: 'CNY', status: 'confirmed' })).status).toBe(403);
    // A bad body names every field.
    expect((await actors.bank().post('/v1/bank/confirmations', { reference, kind: 'cash', amount: -1 })).body.errors.map((e: { field: string }) => e.field).sort())
      .toEqual(['amount', 'currency', 'declarationId', 'kind', 'status']);
    // Within a declaration the reference is the instruction's: another instruction cannot reuse it.
    expect((await importer().post(`/v1/declarations/${id}/payments`, { amount: owed + 1, currency: 'CNY', reference })).body.code).toBe('reference-in-use');
    // References are scoped to their declaration (two banks may issue the same string): bank-references.e2e.spec.ts.

    await caughtUp();
    expect((await store.readByCorrelation(id)).length).toBe(before);
    expect(await view(id)).toMatchObject({ status: 'under-review', duties: { settled: 'none', instructions: [expect.objectContaining({ status: 'pending-confirmation' })] } });
  });

  it('a refused instruction settles nothing; a new instruction the bank confirms does', async () => {
    const { id, owed } = await assessedImport();
    expect((await importer().post(`/v1/declarations/${id}/guarantee`, { amount: owed, currency: 'CNY', reference: `G-${id.slice(0, 8)}` })).status).toBe(202);
    const refused = await confirm({ reference: `G-${id.slice(0, 8)}`, declarationId: id, amount: owed, kind: 'guarantee', status: 'refused', reason: 'no credit line for this client' }, 'PICC');
    expect(refused).toMatchObject({ status: 202, body: { status: 'refused' } });
    await caughtUp();
    expect(await view(id)).toMatchObject({ status: 'under-review', duties: { settled: 'none', instructions: [expect.objectContaining({ status: 'refused', bank: 'PICC', reason: 'no credit line for this client' })] } });
    expect((await confirm({ reference: `G-${id.slice(0, 8)}`, declarationId: id, amount: owed, kind: 'guarantee' }, 'PICC')).body.code).toBe('already-refused');
    expect((await importer().post(`/v1/declarations/${id}/guarantee`, { amount: owed, currency: 'CNY', reference: `G-${id.slice(0, 8)}` })).body.code).toBe('instruction-refused');

    expect((await importer().post(`/v1/declarations/${id}/guarantee`, { amount: owed, currency: 'CNY', reference: `G2-${id.slice(0, 8)}` })).status).toBe(202);
    expect((await confirm({ reference: `G2-${id.slice(0, 8)}`, declarationId: id, amount: owed, kind: 'guarantee' }, 'PICC')).status).toBe(202);
    const released = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ settled: 'guaranteed', guaranteed: owed, paid: 0 });
  });

  it('refunds: an over-payment is paid back, and money confirmed after a withdrawal is paid back whole', async () => {
    const { id, owed } = await assessedImport();
    expect((await importer().post(`/v1/declarations/${id}/payments`, { amount: owed + 500, currency: 'CNY', reference: `OVER-${id.slice(0, 8)}` })).status).toBe(202);
    expect((await confirm({ reference: `OVER-${id.slice(0, 8)}`, declarationId: id, amount: owed + 500 })).status).toBe(202);
    const overpaid = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      expect(v.duties.instructions[0].refunded).toHaveLength(1);
      return v;
    });
    expect(overpaid.duties).toMatchObject({ settled: 'paid', paid: owed, refundable: 500 });
    expect(overpaid.duties.instructions[0].refunded).toEqual([expect.objectContaining({ amount: 500, currency: 'CNY', reason: 'over-payment' })]);

    // Late: the bank confirms after the declaration was withdrawn. The money is recorded (it moved) and refunded.
    const late = await assessedImport();
    expect((await importer().post(`/v1/declarations/${late.id}/payments`, { amount: late.owed, currency: 'CNY', reference: `LATE-${late.id.slice(0, 8)}` })).status).toBe(202);
    expect((await importer().post(`/v1/declarations/${late.id}/withdraw`, { reason: 'order cancelled' })).status).toBe(202);
    await eventually(async () => expect((await view(late.id)).agencies.customs.status).toBe('closed'));
    expect((await confirm({ reference: `LATE-${late.id.slice(0, 8)}`, declarationId: late.id, amount: late.owed })).status).toBe(202);
    const refunded = await eventually(async () => {
      const v = await view(late.id);
      expect(v.duties.instructions[0].refunded).toHaveLength(1);
      return v;
    });
    expect(refunded).toMatchObject({ status: 'withdrawn', duties: { paid: 0, refundable: late.owed } });
    expect(refunded.duties.instructions[0].refunded).toEqual([expect.objectContaining({ amount: late.owed, reason: 'case-closed' })]);
    // A withdrawn declaration takes no new instruction.
    expect((await importer().post(`/v1/declarations/${late.id}/payments`, { amount: 1, currency: 'CNY', reference: `X-${late.id.slice(0, 8)}` })).body.code).toBe('declaration-withdrawn');
  });

  it('refunds: money confirmed on a declaration that inspection rejects is paid back, the customs case closed', async () => {
    // An alert on the vessel sends its new declarations to examination in every agency: nothing releases on its own.
    const vessel = `REFUND ${Date.now().toString(36).toUpperCase()}`;
    const alert = await actors.officer('customs').post('/v1/alerts', { subject: { kind: 'conveyance', value: vessel }, reason: 'tip-off', action: 'examine' });
    expect(alert.status).toBe(201);
    await caughtUp();
    const beef = seaImport();
    const body = { ...beef, transport: { ...beef.transport, conveyance: vessel }, items: [{ hsCode: '0202300090', description: 'frozen boneless beef', quantity: 1000, unit: '035', value: 8000, originCountry: 'AUS' }] };
    const { body: accepted } = await importer().post('/v1/declarations', body);
    const id = accepted.id as string;
    const owed = await eventually(async () => {
      const v = await view(id);
      expect(v.agencies.inspection.status).toBe('examination');
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v.duties.assessed as number;
    });
    expect((await importer().post(`/v1/declarations/${id}/payments`, { amount: owed, currency: 'CNY', reference: `REJ-${id.slice(0, 8)}` })).status).toBe(202);
    expect((await confirm({ reference: `REJ-${id.slice(0, 8)}`, declarationId: id, amount: owed })).status).toBe(202);
    await eventually(async () => expect((await view(id)).duties.paid).toBe(owed));

    expect((await actors.officer('inspection').post(`/v1/agencies/inspection/cases/${id}/decisions`, { decision: 'reject', reason: 'prohibited origin establishment' })).status).toBe(202);
    const refunded = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.instructions[0].refunded).toHaveLength(1);
      return v;
    });
    expect(refunded).toMatchObject({ status: 'rejected', agencies: { customs: { status: 'closed' } }, duties: { paid: 0, refundable: owed } });
    expect(refunded.duties.instructions[0].refunded).toEqual([expect.objectContaining({ amount: owed, currency: 'CNY', reason: 'declaration-rejected' })]);
  });
});
