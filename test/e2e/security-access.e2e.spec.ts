import { signHs256, type TokenClaims } from '@sw/platform';
import { ENTERPRISES, eventually, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { randomUUID } from 'node:crypto';

/**
 * Who may call what, proven on the running app. Every route Fastify holds (the API's, the
 * health and metrics probes, and what Swagger adds under /docs) is looked up in RULES below; a
 * route without a rule fails the test, and so does a rule for a route that no longer exists.
 * Then each route is called as every role (three officers, one per agency), with a made-up
 * token and with none:
 *   - no token, or a token that does not verify: 401, unless the route is public;
 *   - a role the route does not name: 403;
 *   - an officer on another agency's route (/v1/agencies/{agency}/…): 403;
 *   - an auditor on any POST: 403 (auditors read everything and write nothing);
 *   - any other caller gets past authorization (neither 401 nor 403), and nobody gets a 5xx.
 * The probes name resources that do not exist and send bodies that do not validate (or, where
 * the agency check comes after validation, a valid decision on a missing case), so the matrix
 * writes nothing.
 *
 * The server runs as in production (no DEV_MODE, tokens signed with JWT_SECRET); a second one in
 * DEV_MODE has the same routes plus the public dev helpers.
 */
type Role = TokenClaims['role'];
type Rule = { public: true; devOnly?: true } | { roles: Role[]; agencyInPath?: true; planned?: true; /** Officers of this agency only (the others 403). */ officersOf?: string };

const PUBLIC: Rule = { public: true };
const DEV: Rule = { public: true, devOnly: true };
const only = (...roles: Role[]): Rule => ({ roles });
const agencyRoute = (...roles: Role[]): Rule => ({ roles, agencyInPath: true });

/** Every route of the app, as Fastify spells it; a GET rule covers its HEAD too. */
const RULES: Record<string, Rule> = {
  'GET /health': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/': PUBLIC,
  'GET /docs/*': PUBLIC,
  'GET /docs/LICENSE': PUBLIC,
  'GET /docs/index.html': PUBLIC,
  'GET /docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /docs-json': PUBLIC,
  'GET /docs-yaml': PUBLIC,
  // The consoles: static pages, no data; every call they make is an API route below, with its rules.
  'GET /': PUBLIC,
  'GET /console': PUBLIC,
  'GET /console/': PUBLIC,
  'GET /console/index.html': PUBLIC,
  'GET /console/app.js': PUBLIC,
  'GET /console/app.js.map': PUBLIC,
  'GET /console/app.css': PUBLIC,
  'GET /console/app.css.map': PUBLIC,
  'POST /v1/dev/tokens': DEV,
  'GET /v1/dev/clock': DEV,
  'POST /v1/dev/clock': DEV,
  // Code lists (API.md, "Reference data"): public lookups for forms, no token.
  'GET /v1/reference': PUBLIC,
  'GET /v1/reference/:list': PUBLIC,

  'POST /v1/declarations': only('enterprise', 'broker'),
  // A broker (报关企业) reads what it filed for its clients (代理报关).
  'GET /v1/declarations': only('enterprise', 'broker', 'officer', 'auditor'),
  'GET /v1/declarations/:id': only('enterprise', 'broker', 'officer', 'auditor'),
  'GET /v1/declarations/:id/stream': only('enterprise', 'broker', 'officer', 'auditor'),
  'POST /v1/declarations/:id/complete': only('enterprise', 'broker'),
  'POST /v1/declarations/:id/guarantee': only('enterprise', 'broker'),
  'POST /v1/declarations/:id/payments': only('enterprise', 'broker'),
  'POST /v1/declarations/:id/withdraw': only('enterprise', 'broker'),
  // 代理报关: the principal issues and revokes; it and its broker read.
  'POST /v1/powers-of-attorney': only('enterprise'),
  'GET /v1/powers-of-attorney': only('enterprise', 'broker'),
  'POST /v1/powers-of-attorney/:id/revoke': only('enterprise'),
  // The client's 报关单报文 (API.md "The real client's message"): the DecMessage in, the declaration as one, its receipts.
  'POST /v1/declarations/messages': only('enterprise', 'broker'),
  'GET /v1/declarations/:id/message': only('enterprise', 'broker', 'officer', 'auditor'),
  'GET /v1/declarations/:id/receipts': only('enterprise', 'broker', 'officer', 'auditor'),
  'POST /v1/arrivals': only('port-operator'),

  'GET /v1/agencies/:agency/worklist': agencyRoute('officer', 'auditor'),
  'GET /v1/agencies/:agency/cases/:declarationId': agencyRoute('officer', 'auditor'),
  'POST /v1/agencies/:agency/cases/:declarationId/decisions': agencyRoute('officer'),
  'POST /v1/agencies/:agency/cases/:declarationId/conformity': agencyRoute('officer'),
  // Corrections (API.md): the declarant amends, resubmits and answers; customs decides amendments.
  'POST /v1/declarations/:id/amendments': only('enterprise'),
  'POST /v1/declarations/:id/resubmit': only('enterprise'),
  'POST /v1/declarations/:id/responses': only('enterprise'),
  'POST /v1/agencies/:agency/cases/:declarationId/amendments/:amendmentId/decisions': agencyRoute('officer'),

  'GET /v1/examinations': only('officer', 'auditor', 'enterprise', 'port-operator'),
  // The broker that filed (代理报关) reads and books its client's examination, as the declarant does.
  'GET /v1/examinations/:declarationId': only('officer', 'auditor', 'enterprise', 'broker'),
  'GET /v1/examinations/stream': only('port-operator', 'officer', 'auditor'),
  'POST /v1/examinations/:declarationId/findings': only('officer'),
  'POST /v1/examinations/:declarationId/appointment': only('officer', 'enterprise', 'broker'),

  'POST /v1/alerts': only('officer'),
  'GET /v1/alerts': only('officer', 'auditor'),
  'POST /v1/alerts/:id/lift': only('officer'),

  'POST /v1/gate/passes': only('gate'),

  // 舱单 and 运输工具申报: carriers file; border check decides crossings (its agency checked after validation); the gate reads crossings.
  'POST /v1/manifests': only('carrier'),
  'POST /v1/manifests/:id/amendments': only('carrier'),
  'GET /v1/manifests/:id': only('carrier', 'officer', 'auditor'),
  'POST /v1/conveyances/crossings': only('carrier'),
  'POST /v1/conveyances/crossings/:id/decisions': only('officer'),
  'GET /v1/conveyances/crossings/:id': only('carrier', 'officer', 'gate', 'auditor'),
  'GET /v1/conveyances/crossings': { ...only('officer', 'auditor'), officersOf: 'border' },

  // Money customs can trust: only a bank (or insurer) confirms what a declarant instructed.
  'POST /v1/bank/confirmations': only('bank'),
  // 汇总征税: banks lodge general guarantees and confirm statement payments; the holder, customs and auditors read them.
  'POST /v1/guarantees': only('bank'),
  'GET /v1/guarantees/:id': only('bank', 'enterprise', 'officer', 'auditor'),
  'GET /v1/guarantees/:id/statement': only('bank', 'enterprise', 'officer', 'auditor'),
  'POST /v1/guarantees/:id/statement-payments': only('bank'),

  'GET /v1/audit/shipments/:id/events': only('auditor'),
  'GET /v1/audit/shipments/:id/state': only('auditor'),
  'GET /v1/audit/shipments/:id/verify': only('auditor'),
  // Proof beyond the database: signed checkpoints for auditors; the public keys for anyone who checks a signature offline;
  // release proofs for whoever sees the declaration, and for the gate (at its port) and banks that check a release.
  'GET /v1/audit/checkpoints': only('auditor'),
  'GET /v1/audit/checkpoints/latest': only('auditor'),
  'GET /.well-known/jwks.json': PUBLIC,
  'GET /v1/declarations/:id/release-proof': only('enterprise', 'officer', 'auditor', 'gate', 'bank'),
  'GET /v1/metrics/clearance': only('officer', 'auditor'),
  'GET /v1/oversight/stream': only('officer', 'auditor'),
  'GET /v1/reports/clearance': only('officer', 'auditor'),

  // 口岸收费目录清单: published by the port authority, public to read; charges by port operators, refused ones for oversight.
  'POST /v1/fees/catalogues': only('port-authority'),
  'GET /v1/fees/catalogues': PUBLIC,
  'POST /v1/fees/charges': only('port-operator'),
  'GET /v1/fees/charges': only('officer', 'auditor', 'port-operator'),

  // API.md names the holder, officers and auditors; the issuing authority reads its own licences too.
  'POST /v1/licenses': only('issuer'),
  'GET /v1/licenses/:number': only('enterprise', 'officer', 'auditor', 'issuer'),
  'POST /v1/licenses/:number/revoke': only('issuer'),
};

/** Bodies that reach the agency check (it runs after validation); every other POST sends `{}`. */
const PROBE_BODIES: Record<string, unknown> = {
  'POST /v1/agencies/:agency/cases/:declarationId/decisions': { decision: 'hold', reason: 'authorization matrix probe' },
  'POST /v1/agencies/:agency/cases/:declarationId/conformity': { result: 'conforming', note: 'authorization matrix probe' },
  'POST /v1/agencies/:agency/cases/:declarationId/amendments/:amendmentId/decisions': { decision: 'refuse', reason: 'authorization matrix probe' },
};

const SECRET = 'access-matrix-secret-'.padEnd(48, 'x');
const SHANGHAI = ENTERPRISES.shanghaiTrading;
const SHENZHEN = ENTERPRISES.shenzhenElectronics;
const token = (claims: Omit<TokenClaims, 'sub'> & { sub?: string }, secret = SECRET) =>
  signHs256({ sub: `matrix:${claims.role}:${claims.agency ?? claims.uscc ?? ''}`, ...claims }, secret);

interface Caller { name: string; role?: Role; agency?: string; authorization?: string; portless?: true }
const CALLERS: Caller[] = [
  { name: 'enterprise', role: 'enterprise', authorization: `Bearer ${token({ role: 'enterprise', uscc: SHANGHAI.uscc })}` },
  { name: 'officer (customs)', role: 'officer', agency: 'customs', authorization: `Bearer ${token({ role: 'officer', agency: 'customs' })}` },
  { name: 'officer (inspection)', role: 'officer', agency: 'inspection', authorization: `Bearer ${token({ role: 'officer', agency: 'inspection' })}` },
  { name: 'officer (border)', role: 'officer', agency: 'border', authorization: `Bearer ${token({ role: 'officer', agency: 'border' })}` },
  { name: 'port-operator', role: 'port-operator', authorization: `Bearer ${token({ role: 'port-operator', port: '2200' } as TokenClaims)}` },
  { name: 'gate', role: 'gate', authorization: `Bearer ${token({ role: 'gate', port: '2200' } as TokenClaims)}` },
  { name: 'port-authority', role: 'port-authority', authorization: `Bearer ${token({ role: 'port-authority' })}` },
  // Without the port they act at: refused outside DEV_MODE, every port in DEV_MODE.
  { name: 'port-operator without a port', role: 'port-operator', portless: true, authorization: `Bearer ${token({ role: 'port-operator' })}` },
  { name: 'gate without a port', role: 'gate', portless: true, authorization: `Bearer ${token({ role: 'gate' })}` },
  { name: 'auditor', role: 'auditor', authorization: `Bearer ${token({ role: 'auditor' })}` },
  { name: 'issuer', role: 'issuer', authorization: `Bearer ${token({ role: 'issuer', authority: 'MOFCOM' })}` },
  { name: 'bank', role: 'bank', authorization: `Bearer ${token({ role: 'bank', bank: 'ICBC' })}` },
  { name: 'broker', role: 'broker', authorization: `Bearer ${token({ role: 'broker', uscc: SHENZHEN.uscc })}` },
  { name: 'carrier', role: 'carrier', authorization: `Bearer ${token({ role: 'carrier', uscc: '91152501MA0N7K2E4H' })}` },
  { name: 'no token' },
  { name: 'a token signed with another secret', authorization: `Bearer ${token({ role: 'auditor' }, 'another-secret-of-sufficient-length-000000')}` },
];

interface Route { method: string; url: string }

/**
 * Fastify's route table, from `printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `<segment> (<METHODS>)`, each segment continuing its parent's path. Checked below with
 * `hasRoute` (the parse is right) and against the OpenAPI document (nothing is missed).
 */
function routeTable(server: TestServer): Route[] {
  const fastify = server.server.app.getHttpAdapter().getInstance();
  const text: string = fastify.printRoutes({ commonPrefix: false });
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )(.*)$/u.exec(line);
    if (!match) continue;
    const depth = [...match[1]].length / 4;
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(match[2])!;
    stack.length = depth;
    stack.push(node[1]);
    const url = stack.join('');
    for (const method of (node[2] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) routes.push({ method, url });
  }
  return routes;
}

const ruleOf = (route: Route): Rule | undefined => RULES[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`];
const MISSING = randomUUID();

function probe(route: Route): { path: string; body?: unknown } {
  const path = route.url
    .replace(':agency', 'customs')
    .replace(/:(id|declarationId)\b/g, MISSING)
    .replace(':number', 'NO-SUCH-LICENSE-0001')
    .replace(/:\w+/g, 'x')
    .replace(/\*$/, 'favicon-32x32.png');
  const key = `${route.method} ${route.url}`;
  return { path, body: route.method === 'POST' ? (PROBE_BODIES[key] ?? {}) : undefined };
}

/** 401, 403, or 'through' (authorized: whatever the route then answers, but not 401/403/5xx). */
function expected(rule: Rule, caller: Caller, method: string, dev: boolean): 401 | 403 | 'through' {
  if ('public' in rule) return 'through';
  if (!caller.role) return 401;
  if (method === 'POST' && caller.role === 'auditor') return 403;
  if (!rule.roles.includes(caller.role)) return 403;
  if (rule.agencyInPath && caller.role === 'officer' && caller.agency !== 'customs') return 403;
  if (rule.officersOf && caller.role === 'officer' && caller.agency !== rule.officersOf) return 403;
  if (caller.portless && !dev) return 403;
  return 'through';
}

async function call(sw: TestServer, method: string, path: string, body: unknown, authorization?: string) {
  const response = await fetch(sw.url + path, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  // A stream that opened (server-sent events) got through; it is closed rather than read to its end.
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, text: '', cacheControl: response.headers.get('cache-control') };
  }
  const text = method === 'HEAD' ? '' : await response.text();
  return { status: response.status, text, cacheControl: response.headers.get('cache-control') };
}

/**
 * The server as in production, shared by the production matrix and the scoping tests below (the
 * matrix writes nothing): one server start less in a file that runs long.
 */
let production: Promise<TestServer> | undefined;
const productionServer = () => (production ??= startTestServer({ DEV_MODE: 'off', JWT_SECRET: SECRET, RISK_RANDOM_SELECTION: 'off' }));
afterAll(async () => (await production)?.close());

describe.each([
  ['as in production (no DEV_MODE)', { DEV_MODE: 'off', JWT_SECRET: SECRET }],
  ['in DEV_MODE', { DEV_MODE: 'on', JWT_SECRET: SECRET }],
])('every route × every role, %s', (_name, env) => {
  let sw: TestServer;
  let routes: Route[];
  const shared = env.DEV_MODE === 'off';
  beforeAll(async () => {
    sw = shared ? await productionServer() : await startTestServer({ ...env, RISK_RANDOM_SELECTION: 'off' });
    routes = routeTable(sw);
  });
  afterAll(async () => { if (!shared) await sw?.close(); });

  it('reads the route table whole: every parsed route exists, and every OpenAPI path is among them', async () => {
    const fastify = sw.server.app.getHttpAdapter().getInstance();
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect({ ...route, exists: fastify.hasRoute({ method: route.method as 'GET', url: route.url }) }).toEqual({ ...route, exists: true });
    const openapi = (await (await fetch(`${sw.url}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const known = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const [path, operations] of Object.entries(openapi.paths)) {
      for (const method of Object.keys(operations)) expect(known).toContain(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  });

  it('has a rule for every route, and no rule for a route that is gone', () => {
    const withoutRule = routes.filter((route) => !ruleOf(route)).map((r) => `${r.method} ${r.url}`);
    expect(withoutRule).toEqual([]);
    const present = new Set(routes.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
    const dev = env.DEV_MODE === 'on';
    const expectedHere = (rule: Rule) => ('public' in rule ? dev || !rule.devOnly : !rule.planned);
    const stale = Object.entries(RULES).filter(([key, rule]) => !present.has(key) && expectedHere(rule)).map(([key]) => key);
    expect(stale).toEqual([]);
    if (!dev) expect([...present].filter((key) => key.includes('/v1/dev/'))).toEqual([]);
  });

  it('no route lets an auditor write', () => {
    const writable = Object.entries(RULES).filter(([key, rule]) => !key.startsWith('GET ') && 'roles' in rule && rule.roles.includes('auditor'));
    expect(writable).toEqual([]);
  });

  // Some 2,000 requests (every route × 16 callers): a pool keeps 24 in flight, so a slow answer
  // (/docs-json and /metrics take up to 3 s under load) no longer holds a batch of 20 back.
  // Measured on the shared 2-core machine: 32 s alone, 60-110 s beside the browser suites; hence
  // 240 s, not jest's 30 s (every caller stays probed on every route: coverage is the point).
  it('answers every caller on every route as its rule says', async () => {
    const wrong: string[] = [];
    const jobs = routes.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));
    let next = 0;
    await Promise.all(Array.from({ length: 24 }, async () => {
      while (next < jobs.length) {
        const { route, caller } = jobs[next++];
        const rule = ruleOf(route);
        if (!rule) continue; // reported by the test above
        const { path, body } = probe(route);
        const { status, text, cacheControl } = await call(sw, route.method, path, body, caller.authorization);
        const want = expected(rule, caller, route.method, env.DEV_MODE === 'on');
        const ok = want === 'through' ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok) wrong.push(`${route.method} ${path} as ${caller.name}: ${status}, expected ${want === 'through' ? 'neither 401 nor 403 nor 5xx' : want} ${text.slice(0, 160)}`);
        // An answer to a caller with a token is that caller's alone: never cached.
        if (caller.authorization && route.url.startsWith('/v1/') && !/no-store/.test(cacheControl ?? '')) wrong.push(`${route.method} ${path} as ${caller.name}: Cache-Control ${cacheControl}, expected no-store`);
      }
    }));
    expect(wrong.sort()).toEqual([]);
  }, 240_000);
});

/**
 * Scoping beyond the role: an enterprise sees its own shipments only (404 for another's, as
 * if it did not exist) and never the risk rules that chose its lane (风险参数 are confidential);
 * an officer acts for its own agency, and only on shipments routed to it.
 *
 * The shipment: a bonded import (0615, no duties) of laptops at USD 100 a unit (CNY 710, under
 * the CNY 1,000 of rule cu-undervaluation-laptops: customs documents lane) with biscuits (on
 * the inspection list: routed to inspection too), by sea, so not routed to border.
 */
describe('scoping: owners, agencies, confidential risk rules', () => {
  let sw: TestServer;
  let id: string;
  const as = (claims: Omit<TokenClaims, 'sub'>) => {
    const authorization = `Bearer ${token(claims)}`;
    return {
      get: (path: string) => call(sw, 'GET', path, undefined, authorization).then((r) => ({ ...r, body: r.text ? JSON.parse(r.text) : undefined })),
      post: (path: string, body: unknown) => call(sw, 'POST', path, body, authorization).then((r) => ({ ...r, body: r.text ? JSON.parse(r.text) : undefined })),
    };
  };
  const owner = as({ role: 'enterprise', uscc: SHANGHAI.uscc });
  const stranger = as({ role: 'enterprise', uscc: SHENZHEN.uscc });
  const officer = (agency: 'customs' | 'inspection' | 'border') => as({ role: 'officer', agency });

  beforeAll(async () => {
    sw = await productionServer();
    const submitted = await owner.post('/v1/declarations', seaImport({
      tradeMode: '0615',
      items: [
        { hsCode: '8471300000', description: 'portable computers, 14 inch', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' },
        { hsCode: '1905310000', description: 'sweet biscuits, prepackaged', quantity: 2000, unit: '035', value: 8000, originCountry: 'DNK' },
      ],
    }));
    expect(submitted.status).toBe(202);
    id = submitted.body.id;
    await eventually(async () => {
      const { body } = await officer('customs').get(`/v1/agencies/customs/cases/${id}`);
      expect(body).toMatchObject({ status: 'pending', lane: 'documents' });
    });
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
  });

  it('the officer sees the rule that chose the documents lane; the enterprise sees the lane, never the rule', async () => {
    const officerView = await officer('customs').get(`/v1/declarations/${id}`);
    expect(officerView.body.agencies.customs.reasons.join(' ')).toContain('cu-undervaluation-laptops');

    const mine = await owner.get(`/v1/declarations/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.agencies.customs).toMatchObject({ lane: 'documents', reasons: [] });
    const listed = await owner.get('/v1/declarations');
    expect(listed.body.items.map((v: { id: string }) => v.id)).toContain(id);
    // Nowhere in what the enterprise can read: the rule's id, its wording, its threshold.
    for (const text of [mine.text, listed.text]) {
      expect(text).not.toMatch(/cu-undervaluation|undervaluation|price verification|价格审查|1,000 a unit/i);
    }
  });

  it('the enterprise follows its shipment over SSE without the rule either', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sw.url}/v1/declarations/${id}/stream`, { headers: { authorization: `Bearer ${token({ role: 'enterprise', uscc: SHANGHAI.uscc })}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain(`"id":"${id}"`);
    expect(text).not.toMatch(/cu-undervaluation|undervaluation|价格审查/i);
  });

  it("another enterprise gets 404 for every route of the shipment, as if it did not exist, and never sees it listed", async () => {
    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/v1/declarations/${id}`],
      ['GET', `/v1/declarations/${id}/stream`],
      ['GET', `/v1/examinations/${id}`],
      ['POST', `/v1/declarations/${id}/withdraw`, { reason: 'not mine to withdraw' }],
      ['POST', `/v1/declarations/${id}/payments`, { amount: 1, currency: 'CNY', reference: 'PAY-1' }],
      ['POST', `/v1/declarations/${id}/guarantee`, { amount: 1, currency: 'CNY', reference: 'GUA-1' }],
      ['POST', `/v1/examinations/${id}/appointment`, { from: '2026-12-01T09:00:00+08:00', to: '2026-12-01T10:00:00+08:00' }],
    ];
    const answers: string[] = [];
    for (const [method, path, body] of probes) {
      const answer = method === 'GET' ? await stranger.get(path) : await stranger.post(path, body);
      answers.push(`${method} ${path.replace(id, '{id}')} ${answer.status}`);
      expect(answer.text).not.toContain(SHANGHAI.uscc);
    }
    expect(answers).toEqual(probes.map(([method, path]) => `${method} ${path.replace(id, '{id}')} 404`));
    expect((await stranger.get('/v1/declarations')).body.items.map((v: { id: string }) => v.id)).not.toContain(id);
    expect((await stranger.get('/v1/examinations')).body.items.map((v: { declarationId: string }) => v.declarationId)).not.toContain(id);
    // Nor file in another's name.
    const forged = await stranger.post('/v1/declarations', seaImport({ declarant: SHANGHAI }));
    expect(forged.status).toBe(403);
    // The shipment is untouched.
    expect((await owner.get(`/v1/declarations/${id}`)).body.status).toBe('under-review');
  });

  it('officers act for their own agency, on shipments routed to it', async () => {
    // Not routed to border: its officer does not see it and cannot touch it.
    expect((await officer('border').get(`/v1/declarations/${id}`)).status).toBe(404);
    expect((await officer('border').get(`/v1/agencies/border/cases/${id}`)).status).toBe(404);
    expect((await officer('border').post(`/v1/examinations/${id}/findings`, { checks: [{ check: 'scan', result: 'pass' }] })).status).toBe(403);
    // Another agency's case: 403 to read its worklist or case, 403 to decide on it.
    expect((await officer('inspection').get('/v1/agencies/customs/worklist')).status).toBe(403);
    expect((await officer('inspection').get(`/v1/agencies/customs/cases/${id}`)).status).toBe(403);
    expect((await officer('inspection').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'not my agency' })).status).toBe(403);
    expect((await officer('border').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'reject', reason: 'not my agency' })).status).toBe(403);
    // The auditor reads the case and may not decide on it.
    expect((await as({ role: 'auditor' }).get(`/v1/agencies/customs/cases/${id}`)).status).toBe(200);
    expect((await as({ role: 'auditor' }).post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'auditors write nothing' })).status).toBe(403);
    const { body } = await officer('customs').get(`/v1/agencies/customs/cases/${id}`);
    expect(body).toMatchObject({ status: 'pending', lane: 'documents' });
    expect((await owner.get(`/v1/declarations/${id}`)).body.agencies.customs.decisions).toEqual([]);
  });

  it("never shows the enterprise an examining officer's notes: it sees its appointment and the results", async () => {
    // Advance (no arrival yet): the green case cannot release itself before the officer's examine.
    const submitted = await owner.post('/v1/declarations', seaImport({ tradeMode: '0615', mode: 'advance' }));
    expect(submitted.status).toBe(202);
    const exam = submitted.body.id as string;
    await eventually(async () => expect((await officer('customs').get(`/v1/agencies/customs/cases/${exam}`)).status).toBe(200));
    expect((await officer('customs').post(`/v1/agencies/customs/cases/${exam}/decisions`, { decision: 'examine', reason: 'price check on site' })).status).toBe(202);
    await eventually(async () => expect((await officer('customs').get(`/v1/examinations/${exam}`)).status).toBe(200), { timeoutMs: 20_000 });
    const pending = (await officer('customs').get(`/v1/examinations/${exam}`)).body.checks.map((c: { check: string }) => ({ check: c.check, result: 'pass', note: 'NOTE-4471: officer suspects a second invoice' }));
    expect((await officer('customs').post(`/v1/examinations/${exam}/findings`, { checks: pending })).status).toBe(202);
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    expect((await officer('customs').get(`/v1/examinations/${exam}`)).text).toContain('NOTE-4471'); // officers see the notes

    const examination = await owner.get(`/v1/examinations/${exam}`);
    expect(examination.status).toBe(200);
    expect(examination.body).toMatchObject({ declarationId: exam, status: 'completed', results: { customs: 'passed' } });
    const view = await owner.get(`/v1/declarations/${exam}`);
    expect(view.body.examination).toMatchObject({ status: 'completed' });
    for (const text of [examination.text, view.text, (await owner.get('/v1/examinations')).text]) {
      expect(text).not.toContain('NOTE-4471');
      expect(text).not.toContain('matrix:officer'); // the officer's identity
    }
  });

  // 执法互助 details stay with the agencies: present() rewrites an enforcement decision's reason for enterprises.
  it("never shows the enterprise an alert's details", async () => {
    // 执法互助: an inspection officer's alert on the enterprise holds its open cases in every agency.
    const secret = 'intelligence ref ZX-7781: suspected transshipment via third country';
    const alert = await officer('inspection').post('/v1/alerts', { subject: { kind: 'enterprise', value: SHANGHAI.uscc }, reason: secret, action: 'hold' });
    expect(alert.status).toBe(201);
    await eventually(async () => expect((await officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body.status).toBe('held'), { timeoutMs: 20_000 });
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    const officerView = await officer('customs').get(`/v1/declarations/${id}`);
    expect(officerView.text).toContain('ZX-7781'); // officers see why

    const mine = await owner.get(`/v1/declarations/${id}`);
    expect(mine.body.status).toBe('held'); // the enterprise sees that it is held…
    const listed = await owner.get('/v1/declarations');
    for (const text of [mine.text, listed.text]) {
      expect(text).not.toContain('ZX-7781'); // …not the intelligence behind it
      expect(text).not.toContain(alert.body.id);
      expect(text).not.toMatch(/transshipment|alert:/i);
    }
  });
});
