import { Actors, ENTERPRISES, eventually, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * Whose is a bank reference? A bank's own number for one payment or guarantee: unique at that bank,
 * not across banks or declarants. An instruction is keyed by its declaration and reference, so two
 * declarants (paying through two banks) may give the same string without colliding or learning that
 * it exists elsewhere; a bank confirms each reference of its own for one payment only; retries of the
 * same instruction or confirmation stay idempotent.
 */
describe('bank references: scoped to the bank and the declaration', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const shanghai = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const tianjin = () => actors.enterprise(ENTERPRISES.tianjinMachinery.uscc);
  const confirm = (body: Record<string, unknown>, bank: string) => actors.bank(bank).post('/v1/bank/confirmations', { kind: 'payment', currency: 'CNY', status: 'confirmed', ...body });

  async function assessed(declarant: () => ReturnType<Actors['enterprise']>, enterprise: { uscc: string; name: string }) {
    const submitted = await declarant().post('/v1/declarations', seaImport({ declarant: enterprise }));
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    const owed = await eventually(async () => {
      const { body } = await declarant().get(`/v1/declarations/${id}`);
      expect(body.duties.assessed).toBeGreaterThan(0);
      return body.duties.assessed as number;
    });
    return { id, owed };
  }

  it('the same reference from two declarants and two banks: no collision, no leak; one bank reference serves one payment', async () => {
    const reference = `SAME-${Date.now()}`;
    const a = await assessed(shanghai, ENTERPRISES.shanghaiTrading);
    const b = await assessed(tianjin, ENTERPRISES.tianjinMachinery);

    // Two declarants, the same string: each is its own instruction, neither hears of the other.
    const first = await shanghai().post(`/v1/declarations/${a.id}/payments`, { amount: a.owed, currency: 'CNY', reference });
    const second = await tianjin().post(`/v1/declarations/${b.id}/payments`, { amount: b.owed, currency: 'CNY', reference });
    expect(first).toMatchObject({ status: 202, body: { status: 'pending-confirmation' } });
    expect(second).toMatchObject({ status: 202, body: { status: 'pending-confirmation' } });
    // The declarant's retry is the same instruction.
    expect(await tianjin().post(`/v1/declarations/${b.id}/payments`, { amount: b.owed, currency: 'CNY', reference })).toMatchObject({ status: 202, body: { status: 'pending-confirmation' } });

    // Each bank confirms its own client's payment under its own reference of the same string.
    expect(await confirm({ reference, declarationId: a.id, amount: a.owed }, 'ICBC')).toMatchObject({ status: 202, body: { status: 'confirmed', duplicate: false } });
    expect(await confirm({ reference, declarationId: b.id, amount: b.owed }, 'BOC')).toMatchObject({ status: 202, body: { status: 'confirmed', duplicate: false } });
    // A bank's retry: the same answer, nothing new.
    expect(await confirm({ reference, declarationId: a.id, amount: a.owed }, 'ICBC')).toMatchObject({ status: 202, body: { duplicate: true } });

    for (const [declarant, { id, owed }] of [[shanghai, a], [tianjin, b]] as const) {
      const settled = await eventually(async () => {
        const { body } = await declarant().get(`/v1/declarations/${id}`);
        expect(body.duties.settled).toBe('paid');
        return body;
      });
      // Each view shows its own instruction only, confirmed by its own bank.
      expect(settled.duties.instructions).toEqual([expect.objectContaining({ reference, amount: owed, status: 'confirmed' })]);
    }
    const { body: tianjinView } = await tianjin().get(`/v1/declarations/${b.id}`);
    expect(tianjinView.duties.instructions[0].bank).toBe('BOC');
    expect(JSON.stringify(tianjinView)).not.toContain(a.id);

    // The same bank cannot confirm its one reference for a second payment (the declarant reused it on another declaration).
    const c = await assessed(shanghai, ENTERPRISES.shanghaiTrading);
    expect((await shanghai().post(`/v1/declarations/${c.id}/payments`, { amount: c.owed, currency: 'CNY', reference })).status).toBe(202);
    const reused = await confirm({ reference, declarationId: c.id, amount: c.owed }, 'ICBC');
    expect(reused).toMatchObject({ status: 409, body: { code: 'bank-reference-in-use', errors: [{ field: 'reference' }] } });
    // … while another bank's reference of that string is its own.
    expect(await confirm({ reference, declarationId: c.id, amount: c.owed }, 'CCB')).toMatchObject({ status: 202, body: { status: 'confirmed' } });
    await sw.server.subscriptions.waitUntilCaughtUp();
  });
});
