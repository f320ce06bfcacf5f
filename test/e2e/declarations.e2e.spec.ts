import { Actors, ENTERPRISES, eventually, roadExport, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * The stories of a declaration through the real server over HTTP: each mode, arrival,
 * two-step deadlines on the engine clock, one release, the gate.
 * Random selection is off so that each story's lane is decided by the seeded rules alone.
 */
describe('declarations, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);

  async function submit(client: ReturnType<Actors['enterprise']>, body: Record<string, unknown>, headers?: Record<string, string>) {
    const response = await client.post('/v1/declarations', body, headers);
    if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }
  async function statusOf(client: ReturnType<Actors['enterprise']>, id: string) {
    const { status, body } = await client.get(`/v1/declarations/${id}`);
    expect(status).toBe(200);
    return body;
  }
  const until = (client: ReturnType<Actors['enterprise']>, id: string, check: (view: any) => void) =>
    eventually(async () => {
      const view = await statusOf(client, id);
      check(view);
      return view;
    });
  async function typesOf(id: string) {
    return (await store.readByCorrelation(id)).map((e) => `${e.streamId.split('-')[0]}:${e.type}`);
  }

  it('a low-risk export by road is routed to customs and border, released once with no officer action, and the gate opens for its vehicle only', async () => {
    const body = roadExport();
    const { body: accepted, headers } = await submit(exporter(), body);
    expect(accepted).toEqual({ id: expect.any(String), number: expect.stringMatching(/^5301\d{4}0\d{9}$/), status: 'submitted', revision: 1 }); // submitted and routed in one write
    expect(headers.get('location')).toBe(`/v1/declarations/${accepted.id}`);

    const view = await until(exporter(), accepted.id, (v) => expect(v.status).toBe('released'));
    expect(Object.keys(view.agencies).sort()).toEqual(['border', 'customs']);
    expect(view.agencies.customs).toMatchObject({ status: 'released', lane: 'green' });
    expect(view.agencies.border).toMatchObject({ status: 'released', lane: 'green' });
    expect(view.releasedAt).toEqual(expect.any(String));
    expect((await typesOf(accepted.id)).filter((t) => t === 'declaration:DeclarationReleased')).toHaveLength(1);

    const gate = actors.gate();
    const other = await gate.post('/v1/gate/passes', { conveyance: '粤B00000', portOfEntry: '5301' });
    expect(other).toMatchObject({ status: 200, body: { open: false } });
    const pass = await gate.post('/v1/gate/passes', { conveyance: body.transport.conveyance, portOfEntry: '5301' });
    expect(pass).toMatchObject({ status: 200, body: { open: true, declarations: [accepted.id] } });
    await until(exporter(), accepted.id, (v) => expect(v.status).toBe('exited'));
    const again = await gate.post('/v1/gate/passes', { conveyance: body.transport.conveyance, portOfEntry: '5301' });
    expect(again.body.open).toBe(false);
  });

  it('a dutiable import waits for payment, then releases', async () => {
    const { body: accepted } = await submit(importer(), seaImport());
    const waiting = await until(importer(), accepted.id, (v) => {
      expect(v.duties.assessed).toBeGreaterThan(0);
      expect(v.agencies.customs.lane).toBe('green');
    });
    expect(waiting.status).toBe('under-review');
    expect(waiting.duties).toMatchObject({ currency: 'CNY', settled: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await statusOf(importer(), accepted.id)).status).toBe('under-review');

    // A part-payment, confirmed by the bank, does not release; the rest, once confirmed, does.
    await settleThroughBank(actors, importer(), accepted.id, { amount: 100, reference: 'TAX-2026-0001' });
    await until(importer(), accepted.id, (v) => expect(v.duties).toMatchObject({ settled: 'none', paid: 100 }));
    expect((await statusOf(importer(), accepted.id)).status).toBe('under-review');
    const rest = Math.round((waiting.duties.assessed - 100) * 100) / 100;
    // Instructed only: the declarant's word is not money.
    const instructed = await importer().post(`/v1/declarations/${accepted.id}/payments`, { amount: rest, currency: 'CNY', reference: 'TAX-2026-0002' });
    expect(instructed).toMatchObject({ status: 202, body: { id: accepted.id, reference: 'TAX-2026-0002', kind: 'payment', status: 'pending-confirmation' } });
    await until(importer(), accepted.id, (v) => expect(v.duties.instructions).toContainEqual(expect.objectContaining({ reference: 'TAX-2026-0002', status: 'pending-confirmation' })));
    await sw.server.subscriptions.waitUntilCaughtUp();
    expect(await statusOf(importer(), accepted.id)).toMatchObject({ status: 'under-review', duties: { settled: 'none', paid: 100 } });
    const confirmed = await actors.bank().post('/v1/bank/confirmations', { reference: 'TAX-2026-0002', declarationId: accepted.id, kind: 'payment', amount: rest, currency: 'CNY', status: 'confirmed' });
    expect(confirmed).toMatchObject({ status: 202, body: { reference: 'TAX-2026-0002', status: 'confirmed', duplicate: false } });
    const released = await until(importer(), accepted.id, (v) => expect(v.status).toBe('released'));
    expect(released.duties).toMatchObject({ settled: 'paid', paid: waiting.duties.assessed });
  });

  it('advance (提前申报): assessed at once, nothing released before the arrival report', async () => {
    const body = seaImport({ mode: 'advance' });
    const { body: accepted } = await submit(importer(), body);
    const assessed = await until(importer(), accepted.id, (v) => {
      expect(v.status).toBe('awaiting-arrival');
      expect(v.agencies.customs.lane).toBe('green'); // assessed ahead of arrival
      expect(v.duties.assessed).toBeGreaterThan(0);
    });
    await settleThroughBank(actors, importer(), accepted.id, { amount: assessed.duties.assessed, reference: 'TAX-EARLY' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await statusOf(importer(), accepted.id)).status).toBe('awaiting-arrival');

    const arrival = await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' });
    expect(arrival.status).toBe(202);
    expect(arrival.body.matched).toEqual([accepted.id]);
    const released = await until(importer(), accepted.id, (v) => expect(v.status).toBe('released'));
    expect(released.arrival.arrivedAt).toEqual(expect.any(String));
  });

  it('advance: an arrival reported before the declaration counts', async () => {
    const body = seaImport({ mode: 'advance' });
    const arrival = await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' });
    expect(arrival).toMatchObject({ status: 202, body: { matched: [] } });
    const { body: accepted } = await submit(importer(), body);
    const view = await until(importer(), accepted.id, (v) => expect(v.arrival).not.toBeNull());
    expect(view.status).not.toBe('awaiting-arrival');
  });

  it('two-step (两步申报): the guarantee gates release; the complete declaration is due 14 days after arrival and filed', async () => {
    const body = seaImport({ mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } });
    body.items = body.items.map(({ value: _value, ...item }: Record<string, unknown>) => item);
    const { body: accepted } = await submit(importer(), body);
    // Relative to today: a fixed date would make the deadline pass (and the test fail) as the calendar moves on.
    const arrivedAt = new Date(Date.now() - 86_400_000).toISOString();
    const dueAt = new Date(Date.parse(arrivedAt) + 14 * 86_400_000).toISOString();
    await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200', arrivedAt });
    const due = await until(importer(), accepted.id, (v) => expect(v.completeDeclaration.dueAt).toBe(dueAt));
    expect(due.completeDeclaration.status).toBe('due');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await statusOf(importer(), accepted.id)).status).not.toBe('released'); // 涉税: no release without guarantee

    await settleThroughBank(actors, importer(), accepted.id, { kind: 'guarantee', amount: 10000, reference: 'BANK-G-77', bank: 'BOC' });
    const released = await until(importer(), accepted.id, (v) => expect(v.status).toBe('released'));
    expect(released.duties.settled).toBe('guaranteed');

    const filed = await importer().post(`/v1/declarations/${accepted.id}/complete`, { items: seaImport().items });
    expect(filed.status).toBe(202);
    const complete = await until(importer(), accepted.id, (v) => expect(v.completeDeclaration.status).toBe('filed'));
    expect(complete.completeDeclaration.overdue).toBe(false);
    expect((await importer().post(`/v1/declarations/${accepted.id}/complete`, { items: seaImport().items })).status).toBe(409);
  });

  it('refuses to complete a standard declaration, and to withdraw after release', async () => {
    const { body: accepted } = await submit(exporter(), roadExport());
    expect((await exporter().post(`/v1/declarations/${accepted.id}/complete`, { items: roadExport().items })).status).toBe(409);
    await until(exporter(), accepted.id, (v) => expect(v.status).toBe('released'));
    const refused = await exporter().post(`/v1/declarations/${accepted.id}/withdraw`, { reason: 'changed our mind' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'already-released' } });
  });

  it('withdrawal before release closes every agency case', async () => {
    const body = seaImport({ mode: 'advance' });
    const { body: accepted } = await submit(importer(), body);
    await until(importer(), accepted.id, (v) => expect(v.agencies.customs?.lane).toBeDefined());
    expect((await importer().post(`/v1/declarations/${accepted.id}/withdraw`, { reason: 'order cancelled' })).status).toBe(202);
    const view = await until(importer(), accepted.id, (v) => {
      expect(v.status).toBe('withdrawn');
      expect(v.agencies.customs.status).toBe('closed');
    });
    expect(view.withdrawn.reason).toBe('order cancelled');
  });

  it('an enterprise sees its own declarations only: 404 for another’s, its own in the list', async () => {
    const { body: accepted } = await submit(importer(), seaImport());
    const stranger = actors.enterprise(ENTERPRISES.tianjinMachinery.uscc);
    expect((await stranger.get(`/v1/declarations/${accepted.id}`)).status).toBe(404);
    expect((await stranger.post(`/v1/declarations/${accepted.id}/withdraw`, { reason: 'mischief' })).status).toBe(404);
    await until(importer(), accepted.id, () => undefined);
    const mine = await eventually(async () => {
      const list = await importer().get('/v1/declarations?pageSize=200');
      expect(list.body.items.map((v: { id: string }) => v.id)).toContain(accepted.id);
      return list.body;
    });
    expect(mine.items.every((v: { declarant: { uscc: string } }) => v.declarant.uscc === ENTERPRISES.shanghaiTrading.uscc)).toBe(true);
    expect((await stranger.get('/v1/declarations')).body.items.map((v: { id: string }) => v.id)).not.toContain(accepted.id);
  });

  it('refuses a declaration in the name of another enterprise', async () => {
    const refused = await importer().post('/v1/declarations', roadExport());
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([{ field: 'declarant.uscc', message: expect.any(String) }]);
  });

  it('Idempotency-Key: a storm of retries gives one declaration; another body under the key is 409', async () => {
    const body = seaImport();
    const key = `order-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => importer().post('/v1/declarations', body, { 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect((await store.readStream(`declaration-${id}`)).filter((e) => e.type === 'DeclarationSubmitted')).toHaveLength(1);
    const other = await importer().post('/v1/declarations', { ...body, currency: 'EUR' }, { 'idempotency-key': key });
    expect(other).toMatchObject({ status: 409, body: { code: 'idempotency-key-reused' } });
  });

  it('needs a token, and the right role', async () => {
    expect((await sw.request('POST', '/v1/declarations', seaImport())).status).toBe(401);
    expect((await sw.request('GET', '/v1/declarations', undefined, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await actors.officer('customs').post('/v1/declarations', seaImport())).status).toBe(403);
    expect((await actors.portOperator().get('/v1/declarations')).status).toBe(403);
  });

  it('streams status changes to the declarant (SSE) until release', async () => {
    const { body: accepted } = await submit(exporter(), roadExport());
    const token = await actors.token({ role: 'enterprise', uscc: ENTERPRISES.shenzhenElectronics.uscc });
    const controller = new AbortController();
    const response = await fetch(`${sw.url}/v1/declarations/${accepted.id}/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const statuses: string[] = [];
    let buffer = '';
    const deadline = Date.now() + 10_000;
    while (!statuses.includes('released') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      for (const match of buffer.matchAll(/^data: (.*)$/gm)) {
        const data = JSON.parse(match[1]);
        if (data.status && statuses.at(-1) !== data.status) statuses.push(data.status);
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    }
    controller.abort();
    expect(statuses.at(-1)).toBe('released');
    expect(statuses.length).toBeGreaterThanOrEqual(2);
  });
});
