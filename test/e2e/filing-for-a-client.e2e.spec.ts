import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * 代理报关 (API.md "Parties: filing for a client"): Shanghai Puyuan (the principal) gives the customs
 * broker Tianjin Binhai a power of attorney for imports at Shanghai customs. The broker files
 * under it and is refused outside it, with a 403 naming what is missing and no event written;
 * the principal and the broker both see, follow and act on what was filed; nobody else does.
 * Revoking stops new filings, not those already filed.
 */
describe('filing for a client (代理报关), end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const PRINCIPAL = ENTERPRISES.shanghaiTrading;
  const BROKER = ENTERPRISES.tianjinMachinery;
  const principal = () => actors.enterprise(PRINCIPAL.uscc);
  const broker = () => actors.broker(BROKER.uscc);
  const stranger = () => actors.enterprise(ENTERPRISES.qingdaoFood.uscc);
  const otherBroker = () => actors.broker(ENTERPRISES.shenzhenElectronics.uscc);
  const forClient = (overrides: Record<string, unknown> = {}) => seaImport({ declarant: BROKER, consignee: PRINCIPAL, ...overrides });
  let today: string;
  let poa: string;

  beforeAll(async () => {
    today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
  });

  it('a broker without a power of attorney is refused with a 403 naming it, and nothing is written', async () => {
    const refused = await broker().post('/v1/declarations', forClient());
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'power-of-attorney-required', errors: [{ field: 'consignee.uscc', message: expect.stringContaining('no power of attorney') }] });
    const { body } = await principal().get('/v1/declarations');
    expect(body.total).toBe(0);
  });

  it('the principal issues a power of attorney for imports at 2200; both parties list it, in force', async () => {
    const issued = await principal().post('/v1/powers-of-attorney', { agent: BROKER.uscc, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['import'], customsOffices: ['2200'] } });
    expect(issued).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    poa = issued.body.id;
    const mine = await principal().get('/v1/powers-of-attorney');
    expect(mine.body).toMatchObject({ total: 1, items: [{ id: poa, principal: PRINCIPAL.uscc, agent: BROKER.uscc, status: 'in-force', scope: { directions: ['import'], customsOffices: ['2200'] } }] });
    expect((await broker().get('/v1/powers-of-attorney')).body.items.map((p: { id: string }) => p.id)).toEqual([poa]);
    expect((await stranger().get('/v1/powers-of-attorney')).body.total).toBe(0);
  });

  it('refuses bad powers of attorney with each field named', async () => {
    const bad = await principal().post('/v1/powers-of-attorney', { agent: 'not-a-uscc', validFrom: '2026-02-30', validUntil: '2026-01-01', scope: { directions: ['sideways'], customsOffices: ['99'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['agent', 'scope.customsOffices', 'scope.directions', 'validFrom']);
    const self = await principal().post('/v1/powers-of-attorney', { agent: PRINCIPAL.uscc, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['import'] } });
    expect(self).toMatchObject({ status: 400, body: { errors: [{ field: 'agent' }] } });
    expect((await broker().post('/v1/powers-of-attorney', { agent: PRINCIPAL.uscc, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['import'] } })).status).toBe(403);
  });

  let filed: { id: string; number: string };

  it('the broker files an import at 2200 under it; both parties see, follow and act; nobody else does', async () => {
    const accepted = await broker().post('/v1/declarations', forClient());
    expect(accepted).toMatchObject({ status: 202, body: { id: expect.any(String), number: expect.stringMatching(/^2200\d{4}1\d{9}$/) } });
    filed = accepted.body;
    expect(filed.number.endsWith('000000001')).toBe(true); // the refusals before took no number
    const [submitted] = await store.readStream(`declaration-${filed.id}`);
    expect(submitted.metadata.actor).toMatchObject({ kind: 'broker', id: BROKER.uscc });
    expect(submitted.data).toMatchObject({ declaration: { declarant: BROKER, consignee: PRINCIPAL } });

    for (const party of [principal(), broker()]) {
      const view = await party.get(`/v1/declarations/${filed.number}`);
      expect(view).toMatchObject({ status: 200, body: { id: filed.id, declarant: { uscc: BROKER.uscc }, consignee: { uscc: PRINCIPAL.uscc } } });
    }
    for (const outsider of [stranger(), otherBroker()]) expect((await outsider.get(`/v1/declarations/${filed.id}`)).status).toBe(404);
    await sw.server.subscriptions.waitUntilCaughtUp();
    expect((await principal().get('/v1/declarations')).body.items.map((d: { id: string }) => d.id)).toEqual([filed.id]);
    expect((await broker().get(`/v1/declarations?consignee=${PRINCIPAL.uscc}`)).body.items.map((d: { id: string }) => d.id)).toEqual([filed.id]);
    expect((await otherBroker().get('/v1/declarations')).body.total).toBe(0);

    // The principal pays (its bank confirms) and the goods are released; the broker follows the stream.
    const assessed = await eventually(async () => {
      const { body } = await broker().get(`/v1/declarations/${filed.id}`);
      expect(body.duties.assessed).toBeGreaterThan(0);
      return body.duties.assessed as number;
    });
    await settleThroughBank(actors, principal(), filed.id, { amount: assessed, reference: `POA-${filed.number}` });
    await eventually(async () => expect((await broker().get(`/v1/declarations/${filed.id}`)).body.status).toBe('released'));
    expect((await stranger().post(`/v1/declarations/${filed.id}/withdraw`, { reason: 'not mine' })).status).toBe(404);
  });

  it('outside its scope the broker is refused, naming the direction and the office', async () => {
    const refused = await broker().post('/v1/declarations', forClient({ direction: 'export', customsOffice: '4200', portOfEntry: '4200', incoterm: 'FOB' }));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('power-of-attorney-required');
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['customsOffice', 'direction']);
    const elsewhere = await broker().post('/v1/declarations', forClient({ customsOffice: '4200' }));
    expect(elsewhere).toMatchObject({ status: 403, body: { errors: [{ field: 'customsOffice', message: expect.stringContaining('2200') }] } });
    // In Chinese the catalogue words the refusal and each missing scope, with what it names (the offices).
    const inChinese = await broker().post('/v1/declarations', forClient({ direction: 'export', customsOffice: '4200', portOfEntry: '4200', incoterm: 'FOB' }), { 'accept-language': 'zh-CN' });
    expect(inChinese.status).toBe(403);
    expect(inChinese.body.detail).toBe('没有有效的代理报关委托涵盖此申报：请委托企业出具或延长委托');
    const byField = Object.fromEntries(inChinese.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(byField.customsOffice).toMatch(/^代理报关委托 \S+ 只涵盖申报地海关 2200，不涵盖 4200$/);
    expect(byField.direction).toMatch(/^代理报关委托 \S+ 只涵盖进口，不涵盖出口$/);
  });

  it('a broker must name its client; an enterprise cannot name another as consignee', async () => {
    const noClient = await broker().post('/v1/declarations', seaImport({ declarant: BROKER }));
    expect(noClient).toMatchObject({ status: 400, body: { errors: [{ field: 'consignee' }] } });
    const notMine = await stranger().post('/v1/declarations', seaImport({ declarant: ENTERPRISES.qingdaoFood, consignee: PRINCIPAL }));
    expect(notMine).toMatchObject({ status: 403, body: { code: 'consignee-not-declarant', errors: [{ field: 'consignee.uscc' }] } });
  });

  it('the broker that filed books the examination (预约查验) as the declarant would; another broker cannot', async () => {
    // Advance (no arrival yet): the case waits for the officer's examine.
    const accepted = await broker().post('/v1/declarations', forClient({ mode: 'advance' }));
    expect(accepted.status).toBe(202);
    const id: string = accepted.body.id;
    const customs = actors.officer('customs');
    await eventually(async () => expect((await customs.post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'check the declared goods' })).status).toBe(202));
    await eventually(async () => expect((await broker().get(`/v1/examinations/${id}`)).body.status).toBe('scheduled'), { timeoutMs: 20_000 });
    const day = new Date(Date.parse(today) + 2 * 86_400_000).toISOString().slice(0, 10); // two days ahead of the engine's clock
    const slot = { from: `${day}T09:00:00+08:00`, to: `${day}T10:00:00+08:00`, location: 'Yangshan yard 3' };
    expect((await otherBroker().post(`/v1/examinations/${id}/appointment`, slot)).status).toBe(404);
    expect((await otherBroker().get(`/v1/examinations/${id}`)).status).toBe(404);
    const booked = await broker().post(`/v1/examinations/${id}/appointment`, slot);
    expect(booked).toMatchObject({ status: 202, body: { declarationId: id, status: 'scheduled' } });
    // A slot that ends before it starts is named beside its field, for the broker too.
    expect((await broker().post(`/v1/examinations/${id}/appointment`, { ...slot, to: slot.from, from: slot.to })).body).toMatchObject({ errors: [{ field: 'to' }] });
    for (const party of [broker(), principal()]) {
      const { body } = await party.get(`/v1/examinations/${id}`);
      expect(body.appointment).toMatchObject({ location: 'Yangshan yard 3' });
      expect(JSON.stringify(body)).not.toContain('check the declared goods'); // the officer's reason stays with the officers
    }
    const recorded = (await store.readStream(`examination-${id}`)).find((e) => e.type === 'AppointmentBooked')!;
    expect(recorded.data).toMatchObject({ bookedBy: { kind: 'enterprise', id: BROKER.uscc } });
    expect(recorded.metadata.actor).toMatchObject({ kind: 'broker', id: BROKER.uscc });
  });

  it('revoking stops new filings, not those already filed', async () => {
    expect((await broker().post(`/v1/powers-of-attorney/${poa}/revoke`, {})).status).toBe(403);
    expect((await stranger().post(`/v1/powers-of-attorney/${poa}/revoke`, {})).status).toBe(404);
    expect((await principal().post(`/v1/powers-of-attorney/${poa}/revoke`, { reason: 'contract ended' })).status).toBe(202);
    expect((await principal().post(`/v1/powers-of-attorney/${poa}/revoke`, {})).status).toBe(409);
    const refused = await broker().post('/v1/declarations', forClient());
    expect(refused).toMatchObject({ status: 403, body: { errors: [{ field: 'consignee.uscc', message: expect.stringContaining('revoked') }] } });
    expect((await broker().get(`/v1/declarations/${filed.id}`)).status).toBe(200);
    expect((await principal().get('/v1/powers-of-attorney')).body.items[0]).toMatchObject({ id: poa, status: 'revoked' });
  });
});
