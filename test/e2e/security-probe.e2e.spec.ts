import { signHs256, type TokenClaims } from '@sw/platform';
import { connect } from 'node:net';
import { Actors, ENTERPRISES, eventually, roadExport, seaImport, startTestServer, withServer, type TestServer } from '@sw/test-support';

/**
 * What an adversarial probe of a running server found (security round 2), each as the attack
 * it was: an enterprise reading an alert's intelligence or another holder's licence, a port
 * operator reporting arrivals for another port, vehicle or decade, an enterprise overwriting an
 * officer's examination booking, an officer lifting another agency's alert, a stream outliving
 * its token, cacheable answers, currencies added as numbers, and a release after withdrawal.
 */
const SECRET = 'security-probe-secret-'.padEnd(48, 'p');
const SHANGHAI = ENTERPRISES.shanghaiTrading;
const SHENZHEN = ENTERPRISES.shenzhenElectronics;
const TIANJIN = ENTERPRISES.tianjinMachinery;
const LUDAO = '91350206MA8U3K5B13'; // Xiamen Ludao Minerals, a demo enterprise

const sign = (claims: Omit<TokenClaims, 'sub'> & { sub?: string; port?: string }, ttlSeconds = 3600) =>
  signHs256({ sub: `probe:${claims.role}:${claims.port ?? claims.agency ?? claims.uscc ?? ''}`, ...claims } as TokenClaims, SECRET, { ttlSeconds });

describe('security round 2: what an adversarial probe found', () => {
  const world = withServer({ RISK_RANDOM_SELECTION: 'off', JWT_SECRET: SECRET });
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const as = (claims: Parameters<typeof sign>[0]) => {
    const authorization = `Bearer ${sign(claims)}`;
    return {
      get: (path: string) => sw.request('GET', path, undefined, { authorization }),
      post: (path: string, body: unknown = {}) => sw.request('POST', path, body, { authorization }),
    };
  };
  const officer = (agency: 'customs' | 'inspection' | 'border') => as({ role: 'officer', agency });
  const auditorView = async (id: string) => (await as({ role: 'auditor' }).get(`/v1/declarations/${id}`)).body;

  /** The first server-sent event of a declaration's stream, as text. */
  async function firstEvent(id: string, token: string): Promise<string> {
    const controller = new AbortController();
    const response = await fetch(`${sw.url}/v1/declarations/${id}/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    return text;
  }

  it('1. an alert raised before the declaration holds it, and the enterprise reads neither the alert nor its reason, in the view, the list or the stream', async () => {
    const intelligence = 'tip-off QX-5521: invoices routed through a shell company';
    const alert = await officer('inspection').post('/v1/alerts', { subject: { kind: 'enterprise', value: TIANJIN.uscc }, reason: intelligence, action: 'hold' });
    expect(alert.status).toBe(201);
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);

    const owner = as({ role: 'enterprise', uscc: TIANJIN.uscc });
    const submitted = await owner.post('/v1/declarations', seaImport({ declarant: TIANJIN }));
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    await eventually(async () => expect((await auditorView(id)).agencies.customs.status).toBe('held'), { timeoutMs: 20_000 });
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    expect(JSON.stringify(await auditorView(id))).toContain('QX-5521'); // the agencies read why

    const mine = await owner.get(`/v1/declarations/${id}`);
    expect(mine.body.status).toBe('held');
    const texts = [JSON.stringify(mine.body), JSON.stringify((await owner.get('/v1/declarations')).body), await firstEvent(id, sign({ role: 'enterprise', uscc: TIANJIN.uscc }))];
    for (const text of texts) {
      expect(text).not.toContain('QX-5521');
      expect(text).not.toContain(alert.body.id);
      expect(text).not.toMatch(/shell company|alert:/i);
    }
    expect((await officer('inspection').post(`/v1/alerts/${alert.body.id}/lift`, { reason: 'probe done' })).status).toBeLessThan(300);
  });

  it("2. referencing another holder's licence tells the declarant only that it cannot use it: not whether it exists, its type, dates or revocation", async () => {
    const mofcom = as({ role: 'issuer', authority: 'MOFCOM' });
    const number = `26-44-9${String(Date.now()).slice(-5)}`;
    const validUntil = `${new Date().getUTCFullYear() + 1}-12-31`;
    expect((await mofcom.post('/v1/licenses', { number, type: '4', holder: LUDAO, commodities: ['284920'], quantity: 1000, unit: '035', validFrom: '2025-03-14', validUntil })).status).toBe(201);
    expect((await mofcom.post(`/v1/licenses/${number}/revoke`, { reason: 'fraud ring FR-9' })).status).toBeLessThan(300);

    const prober = as({ role: 'enterprise', uscc: SHENZHEN.uscc });
    const carbide = (licence: string) => roadExport({
      items: [{ hsCode: '2849200000', description: 'silicon carbide substrates', quantity: 100, unit: '035', value: 4000, originCountry: 'CHN' }],
      documents: [{ code: '4', number: licence }],
    });
    const held = async (licence: string) => {
      const submitted = await prober.post('/v1/declarations', carbide(licence));
      expect(submitted.status).toBe(202);
      await eventually(async () => expect((await auditorView(submitted.body.id)).licenses.status).toBe('failed'), { timeoutMs: 20_000 });
      await sw.server.subscriptions.waitUntilCaughtUp(20_000);
      return submitted.body.id as string;
    };
    const foreign = await held(number);
    const unknown = await held('26-44-000404');

    const seen = (await prober.get(`/v1/declarations/${foreign}`)).body;
    expect(seen.licenses.problems).toEqual([expect.objectContaining({ reason: 'license-not-usable', license: { code: '4', number } })]);
    const text = JSON.stringify(seen);
    for (const leak of ['FR-9', 'fraud', 'revoked', '2025-03-14', validUntil, LUDAO, 'issued to', 'not-the-holder']) expect(text).not.toContain(leak);
    expect(await firstEvent(foreign, sign({ role: 'enterprise', uscc: SHENZHEN.uscc }))).not.toMatch(/FR-9|revoked|2025-03-14/);
    // An existing licence of another holder reads exactly as a number that does not exist.
    const other = (await prober.get(`/v1/declarations/${unknown}`)).body.licenses;
    expect(other.problems.map((p: { message: string }) => p.message.replace('26-44-000404', number))).toEqual(seen.licenses.problems.map((p: { message: string }) => p.message));
    expect(other.reason.replace('26-44-000404', number)).toBe(seen.licenses.reason);
  });

  describe('3. arrival reports are tied to the port, the conveyance and a plausible time', () => {
    const portOperator = (port?: string) => as({ role: 'port-operator', ...(port ? { port } : {}) });
    const advance = async () => {
      const body = seaImport({ mode: 'advance', tradeMode: '0615' });
      const submitted = await as({ role: 'enterprise', uscc: SHANGHAI.uscc }).post('/v1/declarations', body);
      expect(submitted.status).toBe(202);
      await eventually(async () => expect((await auditorView(submitted.body.id)).agencies.customs?.lane).toBeDefined());
      return { id: submitted.body.id as string, body };
    };

    it("a port operator's token acts only for its port: another port's report and gate are 403", async () => {
      const { body } = await advance();
      const report = { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' };
      const elsewhere = await portOperator('5301').post('/v1/arrivals', report);
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.code).toBe('port-not-yours');
      const gate = await as({ role: 'gate', port: '5301' }).post('/v1/gate/passes', { conveyance: body.transport.conveyance, portOfEntry: '2200' });
      expect([gate.status, gate.body.code]).toEqual([403, 'port-not-yours']);
      // The dev token endpoint mints the claim too, and only for the roles that act at a port.
      expect((await actors.portOperator('5301').post('/v1/arrivals', report)).status).toBe(403);
      expect((await sw.request('POST', '/v1/dev/tokens', { role: 'officer', agency: 'customs', port: '2200' })).status).toBe(400);
      expect((await sw.request('POST', '/v1/dev/tokens', { role: 'gate', port: '22' })).status).toBe(400);
    });

    it('a report for another port or another conveyance matches nothing and releases nothing', async () => {
      const { id, body } = await advance();
      const otherPort = await portOperator('5301').post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '5301' });
      expect(otherPort.status).toBe(202);
      expect(otherPort.body.matched).toEqual([]);
      const { id: id2, body: body2 } = await advance();
      const otherVehicle = await portOperator('2200').post('/v1/arrivals', { billOfLading: body2.transport.billOfLading, conveyance: 'NOT THE SHIP', portOfEntry: '2200' });
      expect(otherVehicle.status).toBe(202);
      expect(otherVehicle.body.matched).toEqual([]);
      await sw.server.subscriptions.waitUntilCaughtUp(20_000);
      for (const each of [id, id2]) expect(await auditorView(each)).toMatchObject({ status: 'awaiting-arrival', arrival: null });
      // Neither another port's report nor one of another conveyance pre-empts the real one.
      for (const [each, { transport }] of [[id, body], [id2, body2]] as const) {
        const own = await portOperator('2200').post('/v1/arrivals', { billOfLading: transport.billOfLading, conveyance: transport.conveyance, portOfEntry: '2200' });
        expect([own.status, own.body.matched]).toEqual([202, [each]]);
        await eventually(async () => expect((await auditorView(each)).arrival).not.toBeNull(), { timeoutMs: 20_000 });
      }
    });

    it('an arrival dated decades back is refused, and a second report cannot move the arrival back', async () => {
      const { id, body } = await advance();
      const report = { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' };
      const ancient = await portOperator('2200').post('/v1/arrivals', { ...report, arrivedAt: '1990-01-01T00:00:00+08:00' });
      expect([ancient.status, ancient.body.code]).toEqual([409, 'arrival-too-old']);
      const arrivedAt = new Date(Date.now() - 3600_000).toISOString();
      const first = await portOperator('2200').post('/v1/arrivals', { ...report, arrivedAt });
      expect([first.status, first.body.matched]).toEqual([202, [id]]);
      const earlier = await portOperator('2200').post('/v1/arrivals', { ...report, arrivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
      expect([earlier.status, earlier.body.code]).toEqual([409, 'arrival-already-reported']);
      await sw.server.subscriptions.waitUntilCaughtUp(20_000);
      expect((await auditorView(id)).arrival).toEqual({ arrivedAt });
      // The same report again is not an error (a retry).
      expect((await portOperator('2200').post('/v1/arrivals', { ...report, arrivedAt })).status).toBe(202);
    });
  });

  it("4. the enterprise cannot overwrite an officer's booking, and never reads which officer booked", async () => {
    const owner = as({ role: 'enterprise', uscc: SHANGHAI.uscc });
    const submitted = await owner.post('/v1/declarations', seaImport({ tradeMode: '0615', mode: 'advance' }));
    const id = submitted.body.id;
    await eventually(async () => expect((await officer('customs').get(`/v1/agencies/customs/cases/${id}`)).status).toBe(200));
    expect((await officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'on site' })).status).toBe(202);
    await eventually(async () => expect((await officer('customs').get(`/v1/examinations/${id}`)).status).toBe(200), { timeoutMs: 20_000 });
    const from = new Date(Date.now() + 86_400_000);
    const slot = (hours: number) => ({ from: new Date(from.getTime() + hours * 3600_000).toISOString(), to: new Date(from.getTime() + (hours + 1) * 3600_000).toISOString() });
    expect((await officer('customs').post(`/v1/examinations/${id}/appointment`, { ...slot(0), location: 'Berth 7' })).status).toBe(202);
    const overwrite = await owner.post(`/v1/examinations/${id}/appointment`, slot(5));
    expect([overwrite.status, overwrite.body.code]).toEqual([409, 'appointment-booked-by-officer']);
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    const exam = await owner.get(`/v1/examinations/${id}`);
    expect(exam.body.appointment).toMatchObject({ slot: { from: slot(0).from }, location: 'Berth 7', bookedBy: { kind: 'officer' } });
    for (const text of [JSON.stringify(exam.body), JSON.stringify((await owner.get(`/v1/declarations/${id}`)).body), JSON.stringify((await owner.get('/v1/examinations')).body)]) {
      expect(text).not.toContain('probe:officer');
    }
    expect((await officer('customs').get(`/v1/examinations/${id}`)).body.appointment.bookedBy).toEqual({ kind: 'officer', id: 'probe:officer:customs' });
  });

  it("5. only the raising agency's officers lift an alert", async () => {
    const alert = await officer('customs').post('/v1/alerts', { subject: { kind: 'conveyance', value: 'PROBE VESSEL 5' }, reason: 'watch list', action: 'examine' });
    expect(alert.status).toBe(201);
    const foreign = await officer('border').post(`/v1/alerts/${alert.body.id}/lift`, { reason: 'not mine to lift' });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'alert-of-another-agency']);
    expect((await officer('customs').post(`/v1/alerts/${alert.body.id}/lift`, { reason: 'done' })).status).toBeLessThan(300);
  });

  it('6. a status stream ends when its token expires', async () => {
    const submitted = await as({ role: 'enterprise', uscc: SHANGHAI.uscc }).post('/v1/declarations', seaImport({ tradeMode: '0615' }));
    await eventually(async () => expect((await auditorView(submitted.body.id)).status).toBeDefined());
    const token = sign({ role: 'enterprise', uscc: SHANGHAI.uscc }, 2);
    const opened = Date.now();
    const response = await fetch(`${sw.url}/v1/declarations/${submitted.body.id}/stream`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(12_000) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    for (;;) {
      const chunk = await reader.read().catch(() => null); // null: aborted after 12 s
      if (!chunk || chunk.done) break;
    }
    expect(Date.now() - opened).toBeLessThan(8_000);
  });

  it('7. authenticated answers are never cached: Cache-Control no-store on data and on errors', async () => {
    const owner = as({ role: 'enterprise', uscc: SHANGHAI.uscc });
    for (const answer of [await owner.get('/v1/declarations'), await owner.get('/v1/declarations/00000000-0000-4000-8000-000000000000'), await officer('customs').get('/v1/alerts')]) {
      expect(answer.headers.get('cache-control')).toContain('no-store');
    }
  });

  it('8. payments in two currencies are not added as numbers: the view is not "paid" while release is blocked', async () => {
    const owner = as({ role: 'enterprise', uscc: SHANGHAI.uscc });
    const submitted = await owner.post('/v1/declarations', seaImport());
    const id = submitted.body.id;
    const assessed = await eventually(async () => {
      const v = await auditorView(id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v.duties.assessed as number;
    }, { timeoutMs: 20_000 });
    const yen = Math.ceil(assessed);
    expect((await owner.post(`/v1/declarations/${id}/payments`, { amount: 100, currency: 'CNY', reference: 'PAY-CNY-1' })).status).toBe(202);
    expect((await owner.post(`/v1/declarations/${id}/payments`, { amount: yen, currency: 'JPY', reference: 'PAY-JPY-1' })).status).toBe(202);
    await eventually(async () => expect((await officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body.releaseBlockers).toEqual(['duties-unsettled']));
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    const view = await auditorView(id);
    expect(view.status).toBe('under-review');
    expect(view.duties.settled).toBe('none');
    expect(view.duties.paid).toBeLessThan(assessed);
  });
});

/** A raw HTTP exchange (what fetch would refuse to send). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer: ${answer}`)));
  });
}

describe("10. the server's own refusals", () => {
  const world = withServer({ RISK_RANDOM_SELECTION: 'off', JWT_SECRET: SECRET });
  const problemOf = (answer: string) => ({ status: Number(answer.split(' ')[1]), type: /content-type: ([^\r;]+)/i.exec(answer)?.[1], body: JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) });

  it('headers too large (431) and an unparsable request (400) are problem details', async () => {
    const huge = await rawRequest(world.sw.url, `GET /v1/declarations HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
    expect(problemOf(huge)).toMatchObject({ status: 431, type: 'application/problem+json', body: { status: 431, code: 'headers-too-large' } });
    const garbled = await rawRequest(world.sw.url, 'GET /v1/declarations HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n');
    expect(problemOf(garbled)).toMatchObject({ status: 400, type: 'application/problem+json', body: { status: 400 } });
  });

  it('a URL Fastify cannot decode is a 400 as problem details', async () => {
    const answer = await world.sw.request('GET', '/v1/declarations/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });
});

describe('10. an officer decision on a withdrawn declaration', () => {
  let sw: TestServer | undefined;
  afterEach(async () => sw?.close());

  it('is refused (409) even before the process has closed the cases: the view never says "withdrawn" with customs "released"', async () => {
    // The process closes a withdrawn declaration's cases; an API-only instance (no process) holds that window open.
    const all = await startTestServer({ RISK_RANDOM_SELECTION: 'off', JWT_SECRET: SECRET });
    const actors = new Actors(all);
    const owner = actors.enterprise(SHANGHAI.uscc);
    const submitted = await owner.post('/v1/declarations', seaImport({ tradeMode: '0615', items: [{ hsCode: '8471300000', description: 'laptops', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' }] }));
    const id = submitted.body.id;
    await eventually(async () => expect((await actors.officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body).toMatchObject({ status: 'pending', lane: 'documents' }), { timeoutMs: 20_000 });
    await all.close({ keepDatabase: true });
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off', JWT_SECRET: SECRET, SW_ROLE: 'api' }, all.database);
    const api = new Actors(sw);
    expect((await api.enterprise(SHANGHAI.uscc).post(`/v1/declarations/${id}/withdraw`, { reason: 'sold elsewhere' })).status).toBe(202);
    const release = await api.officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'documents in order' });
    expect([release.status, release.body.code]).toEqual([409, 'declaration-withdrawn']);
  });
});
