import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@sw/event-store';
import { Actors, ENTERPRISES, eventually, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * Payments recorded before banks confirmed money (v1: the declarant's own POST was recorded on the
 * declaration as DutiesPaid and counted as settled). Since v1.1 such a record is shown for what it
 * is, legacy-unconfirmed: it settles nothing and releases nothing. Its bank may still confirm it
 * under its reference; only then does it count, like any confirmed payment.
 */
describe('pre-v1.1 payments: legacy-unconfirmed until their bank confirms them', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const view = async (id: string) => (await importer().get(`/v1/declarations/${id}`)).body;
  const confirm = (body: Record<string, unknown>, bank = 'ICBC') => actors.bank(bank).post('/v1/bank/confirmations', { kind: 'payment', currency: 'CNY', status: 'confirmed', ...body });

  it('shows the old record as legacy-unconfirmed, holds the goods, and releases them once its bank confirms it', async () => {
    const submitted = await importer().post('/v1/declarations', seaImport());
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    const owed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      expect(v.agencies.customs.lane).toBe('green');
      return v.duties.assessed as number;
    });
    // What a v1 server wrote when the declarant posted a payment.
    const reference = `OLD-${id.slice(0, 8)}`;
    const paidAt = new Date().toISOString();
    await store.append(`declaration-${id}`, [{
      type: 'DutiesPaid', data: { amount: owed, currency: 'CNY', reference, paidAt },
      metadata: { correlationId: id, causationId: randomUUID(), actor: { kind: 'enterprise', id: ENTERPRISES.shanghaiTrading.uscc } },
    }], 'any');
    await sw.server.subscriptions.waitUntilCaughtUp();
    const legacy = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.instructions).toEqual([expect.objectContaining({ reference, amount: owed, status: 'legacy-unconfirmed' })]);
      return v;
    });
    expect(legacy).toMatchObject({ status: 'under-review', duties: { settled: 'none', paid: 0 } });
    // An officer cannot release it on the old record either.
    const refused = await actors.officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'the declarant says it paid' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'release-blocked', blockers: ['duties-unsettled'] } });

    // The bank's answer must match the record; a mismatch writes nothing.
    expect(await confirm({ reference, declarationId: id, amount: owed + 1 })).toMatchObject({ status: 409, body: { code: 'amount-mismatch' } });
    await sw.server.subscriptions.waitUntilCaughtUp();
    expect((await view(id)).duties.instructions).toEqual([expect.objectContaining({ reference, status: 'legacy-unconfirmed' })]);

    expect(await confirm({ reference, declarationId: id, amount: owed })).toMatchObject({ status: 202, body: { status: 'confirmed', duplicate: false } });
    const released = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      return v;
    });
    expect(released.duties).toMatchObject({ settled: 'paid', paid: owed });
    expect(released.duties.instructions).toEqual([expect.objectContaining({ reference, status: 'confirmed', bank: 'ICBC' })]);
    // The bank's retry is the same answer.
    expect(await confirm({ reference, declarationId: id, amount: owed })).toMatchObject({ status: 202, body: { duplicate: true } });
    // An old record the bank never confirms stays what it is: no other declaration can claim it.
    const other = await importer().post('/v1/declarations', seaImport());
    expect((await confirm({ reference, declarationId: other.body.id, amount: owed })).status).toBe(404);
  });
});
