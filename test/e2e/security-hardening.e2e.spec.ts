import { signHs256 } from '@sw/platform';
import { Actors, ENTERPRISES, roadExport, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';

const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.(ts|js):\d+|"stack"/;

/** A raw HTTP/1.1 request (what fetch will not send: no content type, chunked bodies, lying lengths). */
function raw(url: string, options: { method: string; path: string; headers?: Record<string, string>; chunks?: (string | Buffer)[] }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // Its own connection, closed once answered: a body the server refused half-way must not keep
    // a socket open (the server's close would wait for it).
    const request = httpRequest(url + options.path, { method: options.method, headers: options.headers ?? {}, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        request.destroy();
      });
    });
    request.on('response', () => (settled = true));
    request.on('error', (error) => (settled ? undefined : reject(error)));
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end();
  });
}

/**
 * Input hardening at the HTTP edge: body size, media type, JSON that is hostile rather than
 * wrong, security headers on every answer (and a CSP the Swagger UI still works under), and no
 * stack trace anywhere. Each refused request writes no event.
 */
describe('input hardening', () => {
  let sw: TestServer;
  let actors: Actors;
  let db: Client;
  beforeAll(async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  }, 60_000);
  const countEvents = async () => Number((await db.query('select count(*)::int as n from events')).rows[0].n);
  const enterprise = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const authorization = async () => `Bearer ${await actors.token({ role: 'enterprise', uscc: ENTERPRISES.shanghaiTrading.uscc })}`;

  it('refuses a body over 1 MiB with 413, whether it says its length, streams it chunked, or comes without a token', async () => {
    const before = await countEvents();
    const big = JSON.stringify(seaImport({ documents: [{ code: 'A', number: 'x'.repeat(1024 * 1024) }] }));
    const declared = await raw(sw.url, {
      method: 'POST', path: '/v1/declarations',
      headers: { authorization: await authorization(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) },
      chunks: [big],
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ status: 413, title: 'Content Too Large' });
    const chunked = await raw(sw.url, {
      method: 'POST', path: '/v1/declarations',
      headers: { authorization: await authorization(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: Array.from({ length: 24 }, () => Buffer.alloc(64 * 1024, 0x20)),
    });
    expect(chunked.status).toBe(413);
    const padded = JSON.stringify({ advance: 'P1D', pad: 'x'.repeat(1024 * 1024) });
    const anonymous = await raw(sw.url, { method: 'POST', path: '/v1/dev/clock', headers: { 'content-type': 'application/json', 'content-length': String(padded.length) }, chunks: [padded] });
    expect(anonymous.status).toBe(413);
    // Just under the limit is parsed (and refused for what it says, not for its size).
    const under = await sw.request('POST', '/v1/dev/clock', JSON.stringify({ advance: 'P1D', pad: 'x'.repeat(1024 * 1024 - 100) }));
    expect(under.status).toBe(400);
    expect(under.body.errors.map((e: { field: string }) => e.field)).toEqual(['pad']);
    expect(await countEvents()).toBe(before);
  });

  it.each<[string, string | undefined, string]>([
    ['text/plain', 'text/plain', JSON.stringify(roadExport())],
    ['text/plain; charset=utf-8', 'text/plain; charset=utf-8', JSON.stringify(roadExport())],
    ['a form', 'application/x-www-form-urlencoded', 'mode=standard&direction=export'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="mode"\r\n\r\nstandard\r\n--x--'],
    ['text/json', 'text/json', JSON.stringify(roadExport())],
    ['JSON patch', 'application/json-patch+json', JSON.stringify([{ op: 'add', path: '/mode', value: 'standard' }])],
    ['no content type at all', undefined, JSON.stringify(roadExport())],
  ])('refuses a body sent as %s with 415, and writes nothing', async (_, contentType, body) => {
    const before = await countEvents();
    const answer = await raw(sw.url, {
      method: 'POST', path: '/v1/declarations',
      headers: { authorization: await authorization(), ...(contentType ? { 'content-type': contentType } : {}), 'content-length': String(Buffer.byteLength(body)) },
      chunks: [body],
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countEvents()).toBe(before);
  });

  // v1.1 (API.md "The real client's message"): XML on POST /v1/declarations is the client's DecMessage, read
  // and checked like JSON; anything that is not one is a 400 that writes nothing. Elsewhere XML stays 415.
  it('refuses XML that is not a DecMessage on /v1/declarations (400), and XML on any other route (415), writing nothing', async () => {
    const before = await countEvents();
    const notAMessage = '<declaration mode="standard"/>';
    const declarations = await raw(sw.url, {
      method: 'POST', path: '/v1/declarations',
      headers: { authorization: await authorization(), 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(notAMessage)) }, chunks: [notAMessage],
    });
    expect(declarations.status).toBe(400);
    expect(declarations.body).toContain('<ResponseCode>1</ResponseCode>');
    const arrivals = await raw(sw.url, {
      method: 'POST', path: '/v1/arrivals',
      headers: { authorization: await authorization(), 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(notAMessage)) }, chunks: [notAMessage],
    });
    expect(arrivals.status).toBe(415);
    expect(JSON.parse(arrivals.body)).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    expect(arrivals.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countEvents()).toBe(before);
  });

  it('takes application/json in any case and with a charset; a bodiless POST is judged on its (absent) fields', async () => {
    for (const contentType of ['application/json', 'Application/JSON', 'application/json; charset=utf-8']) {
      const answer = await raw(sw.url, { method: 'POST', path: '/v1/dev/clock', headers: { 'content-type': contentType }, chunks: ['{"advance":"PT1S"}'] });
      expect({ contentType, status: answer.status }).toEqual({ contentType, status: 202 });
    }
    const bodiless = await raw(sw.url, { method: 'POST', path: '/v1/dev/clock' });
    expect(bodiless.status).toBe(400);
    expect(JSON.parse(bodiless.body).errors.map((e: { field: string }) => e.field)).toContain('advance');
  });

  it.each<[string, string]>([
    ['__proto__ at the top', '{"__proto__":{"isAdmin":true},"advance":"PT1S"}'],
    ['__proto__ written with unicode escapes', '{"\\u005f\\u005fproto\\u005f\\u005f":{"isAdmin":true},"advance":"PT1S"}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"isAdmin":true}},"advance":"PT1S"}'],
    ['constructor.prototype deep inside', '{"advance":"PT1S","a":[{"b":{"constructor":{"prototype":{"isAdmin":true}}}}]}'],
    ['__proto__ deep inside', '{"advance":"PT1S","a":[[{"__proto__":{"isAdmin":true}}]]}'],
  ])('refuses a body with %s (400 on "body"), and pollutes nothing', async (_, body) => {
    const answer = await sw.request('POST', '/v1/dev/clock', body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('__proto__') }]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers absurd JSON quickly with 400, never 5xx: deep nesting, 80,000 keys, huge numbers, long strings', async () => {
    const client = enterprise();
    const before = await countEvents();
    const deepArrays = `{"items":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const deepObjects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const manyKeys = `{${Array.from({ length: 80_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const bigNumbers = JSON.stringify(roadExport()).replace('"quantity":200', `"quantity":${'9'.repeat(400)}`);
    const longName = JSON.stringify(roadExport({ declarant: { ...ENTERPRISES.shenzhenElectronics, name: '名'.repeat(300_000) } }));
    for (const [name, body] of Object.entries({ deepArrays, deepObjects, manyKeys, bigNumbers, longName })) {
      const started = Date.now();
      const answer = await client.request('POST', '/v1/declarations', body, { 'content-type': 'application/json' });
      const text = JSON.stringify(answer.body);
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      if (['deepArrays', 'deepObjects', 'manyKeys'].includes(name)) expect(answer.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/deeper than 32|more than 10000 keys/) }]);
      expect(Date.now() - started).toBeLessThan(2000); // 80,000 keys used to block the event loop for 9 s
      expect(text).not.toMatch(STACK_TRACE);
      expect(text.length).toBeLessThan(64 * 1024); // at most 100 field errors, not one per key
    }
    expect(await countEvents()).toBe(before);
  });

  it('shows no stack trace, SQL or internal path in any error', async () => {
    const client = enterprise();
    const answers = await Promise.all([
      client.request('POST', '/v1/declarations', '[[[[', { 'content-type': 'application/json' }),
      client.get('/v1/declarations/%00%ff'),
      client.get("/v1/declarations/' or 1=1 --"),
      client.get('/v1/declarations?page=-1&pageSize=99999999999999999999'),
      client.get('/v1/declarations?status[$ne]=x'),
      client.post('/v1/declarations/not-a-uuid/withdraw', { reason: 'x' }),
      sw.request('GET', '/v1/agencies/customs/cases/..%2f..%2fetc%2fpasswd'),
      sw.request('GET', '/%2e%2e/%2e%2e/etc/passwd'),
    ]);
    for (const answer of answers) {
      const text = JSON.stringify(answer.body);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(text).not.toMatch(STACK_TRACE);
      expect(text).not.toMatch(/select |insert |syntax error|relation "|\/work\/|\/srv\//i);
    }
  });

  it('sends security headers on every answer (JSON, errors, 404s); the API allows nothing to load', async () => {
    const answers = [
      await sw.request('GET', '/health'),
      await enterprise().get('/v1/declarations'),
      await sw.request('GET', '/v1/declarations'),
      await sw.request('GET', '/v1/no-such-route'),
      await sw.request('POST', '/v1/dev/clock', '{'),
    ];
    for (const { headers } of answers) {
      expect(headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps the Swagger UI working under its own CSP: its scripts are files of this origin, its styles may be inline', async () => {
    const page = await fetch(`${sw.url}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'"); // the UI fetches /docs-json and tries the API
    const html = await page.text();
    // Every script is a file (no inline script the CSP would block), and each one loads.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)![1];
      const asset = await fetch(new URL(src, `${sw.url}/docs`));
      await asset.arrayBuffer(); // read to the end, so the connection is free again
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
    }
    for (const [, href] of html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)) {
      const sheet = await fetch(new URL(href, `${sw.url}/docs`));
      await sheet.arrayBuffer();
      expect({ href, status: sheet.status }).toEqual({ href, status: 200 });
    }
    // The OpenAPI document comes inside the init script (a file, so CSP-clean).
    expect(await (await fetch(`${sw.url}/docs/swagger-ui-init.js`)).text()).toContain('"swaggerDoc"');
  });
});

/**
 * Rate limiting (RATE_LIMIT_PER_MINUTE=20 for this server): per token subject when the token
 * verifies, per client address otherwise, so a made-up token cannot buy a fresh budget.
 * Over the limit: 429 as problem details with Retry-After, and nothing written.
 */
describe('rate limiting', () => {
  const SECRET = 'rate-limit-secret-'.padEnd(48, 'r');
  const LIMIT = 20;
  let sw: TestServer;
  let db: Client;
  beforeAll(async () => {
    sw = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: String(LIMIT), RISK_RANDOM_SELECTION: 'off' });
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  });
  const bearer = (sub: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${signHs256({ sub, role: 'auditor', ...extra } as never, SECRET)}` });
  const burst = (count: number, headers: Record<string, string>, route = '/v1/declarations') =>
    Promise.all(Array.from({ length: count }, () => sw.request('GET', route, undefined, headers)));

  it('gives each token subject its budget, then 429 with Retry-After as problem details', async () => {
    const first = await burst(LIMIT, bearer('auditor-a'));
    expect(first.map((a) => a.status)).toEqual(Array(LIMIT).fill(200));
    expect(first[0].headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    const over = await sw.request('GET', '/v1/declarations', undefined, bearer('auditor-a'));
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(over.body).toMatchObject({ type: 'https://single-window.dev/problems/429', title: 'Too Many Requests', status: 429, detail: expect.any(String) });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another subject (from the same address) is not affected.
    expect((await burst(5, bearer('auditor-b'))).map((a) => a.status)).toEqual(Array(5).fill(200));
  });

  it('counts requests without a valid token against the address, however many made-up tokens they carry', async () => {
    const forged = await Promise.all(Array.from({ length: LIMIT + 5 }, (_, i) =>
      sw.request('GET', '/v1/declarations', undefined, { authorization: `Bearer ${signHs256({ sub: `made-up-${i}`, role: 'auditor' }, 'not-the-secret-but-long-enough-000000000')}` })));
    const statuses = forged.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // The address is spent for anonymous callers too, but a valid token has its own budget.
    expect((await sw.request('GET', '/v1/declarations')).status).toBe(429);
    expect((await sw.request('GET', '/v1/declarations', undefined, bearer('auditor-c'))).status).toBe(200);
  });

  it('never throttles the health and metrics probes', async () => {
    const probes = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => sw.request('GET', i % 2 ? '/health' : '/metrics')));
    expect(probes.every((a) => a.status === 200)).toBe(true);
  });

  it('writes nothing for a throttled write', async () => {
    const exporter = { authorization: `Bearer ${signHs256({ sub: 'exporter-1', role: 'enterprise', uscc: ENTERPRISES.shenzhenElectronics.uscc }, SECRET)}` };
    const answers = [];
    for (let i = 0; i < LIMIT + 3; i++) answers.push(await sw.request('POST', '/v1/declarations', roadExport(), exporter));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(LIMIT);
    expect(answers.slice(LIMIT).map((a) => a.status)).toEqual([429, 429, 429]);
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    const [{ n }] = (await db.query(`select count(*)::int as n from events where type = 'DeclarationSubmitted'`)).rows;
    expect(n).toBe(LIMIT);
  });
});

/**
 * Behind a reverse proxy (deploy/nginx.conf appends the client's address to X-Forwarded-For) the
 * TCP peer is the proxy, so without TRUST_PROXY every anonymous caller would share the proxy's
 * budget. With it, the address the trusted proxy appended is the key; entries a client wrote
 * itself further left are never believed. Without it, X-Forwarded-For changes nothing (a client
 * talking to the server directly cannot buy a fresh budget by naming another address).
 */
describe('rate limiting behind a reverse proxy (TRUST_PROXY)', () => {
  const LIMIT = 5;
  const servers: TestServer[] = [];
  const start = async (trustProxy?: string) => {
    const sw = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(LIMIT), ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }) });
    servers.push(sw);
    return sw;
  };
  afterAll(async () => {
    for (const sw of servers) await sw.close();
  });
  /** `count` anonymous requests (each a 401 until the budget is spent, then 429) as if through a proxy that saw `client`. */
  const through = (sw: TestServer, forwardedFor: string, count = 1) =>
    Promise.all(Array.from({ length: count }, () => sw.request('GET', '/v1/declarations', undefined, { 'x-forwarded-for': forwardedFor }))).then((answers) => answers.map((a) => a.status));
  const spent = [...Array(LIMIT).fill(401), 429];

  it('with one trusted hop, the address the proxy appended is the key, whatever the client put before it', async () => {
    const sw = await start('1');
    expect(await through(sw, '203.0.113.7', LIMIT + 1)).toEqual(spent);
    // Another client behind the same proxy has its own budget…
    expect(await through(sw, '198.51.100.20')).toEqual([401]);
    // …and the first one cannot escape its own by writing addresses of its choosing in front.
    expect(await through(sw, '192.0.2.1, 203.0.113.7')).toEqual([429]);
    expect(await through(sw, '10.9.9.9, 192.0.2.77, 203.0.113.7')).toEqual([429]);
  });

  it('trusts X-Forwarded-For only from a listed proxy address', async () => {
    const listed = await start('127.0.0.1');
    expect(await through(listed, '203.0.113.7', LIMIT + 1)).toEqual(spent);
    expect(await through(listed, '198.51.100.20')).toEqual([401]);
    const elsewhere = await start('10.0.0.1'); // our peer (127.0.0.1) is not that proxy
    expect(await through(elsewhere, '203.0.113.7', LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(await through(elsewhere, '198.51.100.20')).toEqual([429]);
  });

  it('without TRUST_PROXY, X-Forwarded-For does not change the key: every address named shares the peer\'s budget', async () => {
    const sw = await start();
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++) answers.push(...(await through(sw, `203.0.113.${i + 1}`)));
    expect(answers).toEqual([...spent, 429]);
  });
});
