import { signHs256, type TokenClaims } from '@sw/platform';
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
});
