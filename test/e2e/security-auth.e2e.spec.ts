import { signHs256 } from '@sw/platform';
import { ENTERPRISES, roadExport, startTestServer, type TestServer } from '@sw/test-support';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Authentication over HTTP, with a real identity provider's key set: a node:http server on
 * 127.0.0.1 serves the public JWKS of RS256 and ES256 key pairs made for this test, and the
 * server runs with JWKS_URL (and no JWT_SECRET, no DEV_MODE: tokens of the provider only).
 */
describe('identity-provider tokens (JWKS_URL), over HTTP', () => {
  const ISSUER = 'https://idp.single-window.test/realms/customs';
  const AUDIENCE = 'single-window';
  const SHENZHEN = ENTERPRISES.shenzhenElectronics;
  let idp: Server;
  let jwksUrl: string;
  let keySetServed: 'yes' | 'no' = 'yes';
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let ec: { publicKey: CryptoKey; privateKey: CryptoKey };
  let stranger: { publicKey: CryptoKey; privateKey: CryptoKey };
  let keys: JWK[];
  let sw: TestServer;
  let db: Client;

  beforeAll(async () => {
    [rsa, ec, stranger] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256'), generateKeyPair('RS256')]);
    keys = [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-2026', alg: 'RS256', use: 'sig' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec-2026', alg: 'ES256', use: 'sig' }];
    idp = createServer((request, response) => {
      if (keySetServed === 'no' || request.url !== '/protocol/openid-connect/certs') return void response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/protocol/openid-connect/certs`;
    sw = await startTestServer({ DEV_MODE: 'off', JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
    idp?.closeAllConnections();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (key: CryptoKey, header: { alg: string; kid?: string }, claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
    edit(new SignJWT(claims).setProtectedHeader(header).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('10m')).sign(key);
  const auditor = { sub: 'f3b1c7d2-auditor', role: 'auditor' };
  const exporter = { sub: '0c9e7a11-exporter', role: 'enterprise', uscc: SHENZHEN.uscc };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const countEvents = async () => Number((await db.query('select count(*)::int as n from events')).rows[0].n);

  it('accepts the provider’s RS256 and ES256 tokens: an auditor reads, an enterprise files', async () => {
    const read = await sw.request('GET', '/v1/declarations', undefined, as(await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, auditor)));
    expect(read.status).toBe(200);
    const filed = await sw.request('POST', '/v1/declarations', roadExport(), as(await sign(ec.privateKey, { alg: 'ES256', kid: 'ec-2026' }, exporter)));
    expect(filed.status).toBe(202);
    const mine = await sw.request('GET', `/v1/declarations/${filed.body.id}`, undefined, as(await sign(ec.privateKey, { alg: 'ES256', kid: 'ec-2026' }, exporter)));
    expect(mine.status).toBe(200);
    await sw.server.subscriptions.waitUntilCaughtUp(20_000); // the shipment's processing is done before events are counted below
  });

  it.each<[string, () => Promise<string>]>([
    ['signed by a key the provider does not have', () => sign(stranger.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, exporter)],
    ['signed by an unknown key id', () => sign(stranger.privateKey, { alg: 'RS256', kid: 'rsa-1999' }, exporter)],
    ['alg none', async () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...exporter, iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })).toString('base64url')}.`],
    ['HS256 keyed with the public JWKS (key confusion)', () => new SignJWT(exporter).setProtectedHeader({ alg: 'HS256', kid: 'rsa-2026' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').sign(new TextEncoder().encode(JSON.stringify({ keys })))],
    ['HS256 of the engine (no JWT_SECRET here)', async () => signHs256({ sub: 'dev:x', role: 'enterprise', uscc: SHENZHEN.uscc }, 'any-secret-at-all-that-is-long-enough!!')],
    ['expired', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, exporter, (j) => j.setExpirationTime(now() - 600))],
    ['from another issuer', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, exporter, (j) => j.setIssuer('https://idp.single-window.test/realms/other'))],
    ['for another audience', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, exporter, (j) => j.setAudience('account'))],
    ['with a role the API does not know', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, { ...exporter, role: 'admin' })],
    ['of an enterprise without its USCC', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, { sub: 'x', role: 'enterprise' })],
    ['of an officer of no agency', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, { sub: 'x', role: 'officer', agency: 'police' })],
  ])('refuses a token %s with 401 and writes nothing', async (_, make) => {
    const before = await countEvents();
    const answer = await sw.request('POST', '/v1/declarations', roadExport(), as(await make()));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.any(String) });
    expect(await countEvents()).toBe(before);
  });

  it('reads tokens from the Authorization header only', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, auditor);
    expect((await sw.request('GET', `/v1/declarations?access_token=${token}`)).status).toBe(401);
    expect((await sw.request('GET', '/v1/declarations', undefined, { authorization: `Basic ${Buffer.from('auditor:pw').toString('base64')}` })).status).toBe(401);
    expect((await sw.request('GET', '/v1/declarations', undefined, { authorization: `Bearer ${token} ${token}` })).status).toBe(401);
    expect((await sw.request('GET', '/v1/declarations', undefined, { cookie: `token=${token}` })).status).toBe(401);
  });

  it('answers 503, not 401, while the provider’s keys cannot be had, and recovers by itself; keys already fetched keep working', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-2026' }, auditor);
    keySetServed = 'no';
    // A server that has not fetched the key set yet (its cache is empty) cannot verify anything.
    const fresh = await startTestServer({ DEV_MODE: 'off', JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    try {
      const answer = await fresh.request('GET', '/v1/declarations', undefined, as(token));
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 503, detail: expect.stringMatching(/identity provider/) });
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      // The server that fetched the keys before keeps verifying with them.
      expect((await sw.request('GET', '/v1/declarations', undefined, as(token))).status).toBe(200);
      keySetServed = 'yes';
      expect((await fresh.request('GET', '/v1/declarations', undefined, as(token))).status).toBe(200);
    } finally {
      keySetServed = 'yes';
      await fresh.close();
    }
  });
});

describe('the engine’s own HS256 tokens (JWT_SECRET), over HTTP', () => {
  const SECRET = 'hs256-http-secret-'.padEnd(48, '0');
  let sw: TestServer;
  beforeAll(async () => {
    sw = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: SECRET });
  });
  afterAll(async () => sw?.close());

  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const hmac = (input: string, secret = SECRET) => createHmac('sha256', secret).update(input).digest('base64url');
  const claims = { sub: 'ops:auditor', role: 'auditor', iss: 'single-window', aud: 'single-window-api', exp: Math.floor(Date.now() / 1000) + 600 };
  const forge = (header: unknown, payload: unknown, secret = SECRET) => `${part(header)}.${part(payload)}.${hmac(`${part(header)}.${part(payload)}`, secret)}`;

  it('accepts a token signed with JWT_SECRET', async () => {
    expect((await sw.request('GET', '/v1/declarations', undefined, { authorization: `Bearer ${signHs256({ sub: 'ops:auditor', role: 'auditor' }, SECRET)}` })).status).toBe(200);
  });

  it.each<[string, string]>([
    ['alg none, unsigned', `${part({ alg: 'none' })}.${part(claims)}.`],
    ['alg none, signed anyway', forge({ alg: 'none' }, claims)],
    ['HS512', forge({ alg: 'HS512' }, claims)],
    ['RS256 named, HMAC-signed', forge({ alg: 'RS256' }, claims)],
    ['signed with another secret', forge({ alg: 'HS256' }, claims, 'another-secret-that-is-long-enough-for-the-test')],
    ['expired', forge({ alg: 'HS256' }, { ...claims, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['for another audience', forge({ alg: 'HS256' }, { ...claims, aud: 'other' })],
    ['from another issuer', forge({ alg: 'HS256' }, { ...claims, iss: 'other' })],
    ['with a header of null', `${part(null)}.${part(claims)}.${hmac(`${part(null)}.${part(claims)}`)}`],
    ['with a signed payload of null', forge({ alg: 'HS256' }, null)],
    ['with a signed payload that is a string', forge({ alg: 'HS256' }, 'auditor')],
    ['with an empty subject', forge({ alg: 'HS256' }, { ...claims, sub: '' })],
    ['with a role of __proto__', forge({ alg: 'HS256' }, { ...claims, role: '__proto__' })],
    ['of 8 KB of garbage', 'x'.repeat(8192)],
  ])('refuses %s with 401, never a 5xx', async (_, token) => {
    const answer = await sw.request('GET', '/v1/declarations', undefined, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 401 });
  });
});

/** `node dist/…/main.js` as production starts it: the configuration is checked before anything runs. */
describe('production refuses to start unsafe', () => {
  const MAIN = path.resolve(__dirname, '../../dist/apps/single-window/src/main.js');
  const start = (env: Record<string, string>, args: string[] = []) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const base = { ...process.env };
      for (const name of ['JWT_SECRET', 'JWKS_URL', 'DEV_MODE', 'DATABASE_URL', 'NODE_ENV']) delete base[name];
      const child = spawn(process.execPath, [MAIN, ...args], { env: { ...base, ...env, DATA_DIR: '/nonexistent/never-used' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });

  it.each<[string, Record<string, string>, string[], RegExp]>([
    ['without JWT_SECRET or JWKS_URL', { NODE_ENV: 'production' }, [], /JWT_SECRET: or JWKS_URL is required/],
    ['with DEV_MODE on', { NODE_ENV: 'production', DEV_MODE: 'on', JWT_SECRET: 'p'.repeat(40) }, [], /DEV_MODE: is refused/],
    ['with a short JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: 'short' }, [], /JWT_SECRET must be at least 32/],
    ['with a JWKS fetched in clear', { NODE_ENV: 'production', JWKS_URL: 'http://idp.example/certs' }, [], /JWKS_URL: must be https/],
  ])('%s: exits with 2 before opening anything', async (_, env, args, message) => {
    const { code, output } = await start(env, args);
    expect(code).toBe(2);
    expect(output).toMatch(message);
  });
});
