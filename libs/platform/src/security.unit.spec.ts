import { SignJWT, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, tokenVerifierFor } from './access';
import { ConfigError, loadConfig } from './config';
import { TokenKeysUnavailableError } from './jwks';
import { InvalidTokenError, TOKEN_AUDIENCE, TOKEN_ISSUER, signHs256, verifyHs256 } from './jwt';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.variable);
  }
};

describe('configuration of authentication and rate limiting', () => {
  const SECRET = 'x'.repeat(32);

  it.each([
    [{ NODE_ENV: 'production' }, ['JWT_SECRET']],
    [{ NODE_ENV: 'production', DEV_MODE: 'on', JWT_SECRET: SECRET }, ['DEV_MODE']],
    [{ NODE_ENV: 'production', DEV_MODE: 'true', JWKS_URL: 'https://idp.example/jwks' }, ['DEV_MODE']],
    [{ NODE_ENV: 'production', JWKS_URL: 'http://idp.example/jwks' }, ['JWKS_URL']],
    [{ JWKS_URL: 'ftp://idp.example/jwks' }, ['JWKS_URL']],
    [{ JWKS_URL: 'not a url' }, ['JWKS_URL']],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, ['RATE_LIMIT_PER_MINUTE']],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, ['RATE_LIMIT_PER_MINUTE']],
    [{ TRUST_PROXY: 'true' }, ['TRUST_PROXY']], // anyone's X-Forwarded-For: a fresh budget per request
    [{ TRUST_PROXY: 'on' }, ['TRUST_PROXY']],
    [{ TRUST_PROXY: '-1' }, ['TRUST_PROXY']],
    [{ TRUST_PROXY: '1000' }, ['TRUST_PROXY']],
    [{ TRUST_PROXY: 'nginx' }, ['TRUST_PROXY']],
    [{ TRUST_PROXY: '10.0.0.0/33' }, ['TRUST_PROXY']],
    [{ TRUST_PROXY: '10.0.0.1, 300.1.1.1' }, ['TRUST_PROXY']],
  ])('refuses %j, naming %j', (env, variables) => {
    expect(problemsOf(env as NodeJS.ProcessEnv)).toEqual(variables);
  });

  it.each([
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET }],
    [{ NODE_ENV: 'production', JWKS_URL: 'https://idp.example/.well-known/jwks.json' }],
    [{ NODE_ENV: 'production', JWKS_URL: 'http://127.0.0.1:8080/jwks' }], // loopback: a sidecar
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET, JWKS_URL: 'https://idp.example/jwks', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'sw' }],
  ])('starts in production with %j', (env) => {
    expect(problemsOf(env as NodeJS.ProcessEnv)).toEqual([]);
  });

  it('checks identity-provider tokens for the configured issuer and audience, by default the engine’s own', () => {
    expect(loadConfig({})).toMatchObject({ jwtIssuer: TOKEN_ISSUER, jwtAudience: TOKEN_AUDIENCE, jwksUrl: undefined });
    expect(loadConfig({ JWKS_URL: 'https://idp/jwks', JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'customs-api' }))
      .toMatchObject({ jwksUrl: 'https://idp/jwks', jwtIssuer: 'https://idp', jwtAudience: 'customs-api' });
  });

  it('limits 1200 requests a minute by default, none in the test suite unless asked, none with 0', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBe(1200);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).rateLimitPerMinute).toBe(1200);
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimitPerMinute).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
  });

  it('believes no X-Forwarded-For by default; TRUST_PROXY names a hop count or the proxies\' addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const off of ['off', 'false', '0', '']) expect(loadConfig({ TRUST_PROXY: off }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 172.16.0.0/12,::1 , fd00::/8,loopback' }).trustProxy)
      .toEqual(['10.0.0.5', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback']);
  });
});

describe('HS256 tokens: malformed parts are refused, never thrown through', () => {
  const secret = 's'.repeat(40);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = (header: string, payload: string) => `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;

  it.each([
    ['a header of null', () => `${part(null)}.${part({})}.x`],
    ['a header that is a number', () => `${part(7)}.${part({})}.x`],
    ['a signed payload of null', () => signed(part({ alg: 'HS256' }), part(null))],
    ['a signed payload that is a list', () => signed(part({ alg: 'HS256' }), part([1]))],
    ['a signed payload that is not JSON', () => signed(part({ alg: 'HS256' }), Buffer.from('{').toString('base64url'))],
    ['an empty token', () => ''],
    ['four parts', () => 'a.b.c.d'],
  ])('%s', (_, token) => {
    expect(() => verifyHs256(token(), secret)).toThrow(InvalidTokenError);
    const verify = createTokenVerifier({ hs256Secret: secret });
    expect(() => verify(token())).toThrow(InvalidTokenError);
  });

  it('is refused by a verifier that has no secret (identity-provider tokens only)', () => {
    const verify = createTokenVerifier({ jwks: { url: 'http://127.0.0.1:1/jwks', issuer: 'i', audience: 'a' } });
    expect(() => verify(signHs256({ sub: 's', role: 'auditor' }, secret))).toThrow('token algorithm not accepted');
  });

  it('needs a secret or a JWKS', () => {
    expect(() => createTokenVerifier({})).toThrow(/JWT_SECRET or JWKS_URL/);
  });
});

/**
 * RS256 / ES256 from a JWKS, against a real HTTP server on 127.0.0.1 serving the public keys of
 * freshly generated key pairs: what the identity provider signs is accepted; anything else
 * (another key, another algorithm, a key-confusion HS256, `none`, expired, not yet valid,
 * another issuer or audience, keys offered by the token itself) is refused as the token's fault
 * (InvalidTokenError: 401); an unreachable, failing or silent JWKS is the provider's
 * (TokenKeysUnavailableError: 503).
 */
describe('identity-provider tokens from a JWKS', () => {
  const ISSUER = 'https://idp.single-window.test';
  const AUDIENCE = 'single-window-api';
  let server: Server;
  let url: string;
  let mode: 'serve' | 'fail' | 'hang' = 'serve';
  let fetches = 0;
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let ec: { publicKey: CryptoKey; privateKey: CryptoKey };
  let otherRsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let rsaJwk: JWK;
  let keySet: { keys: JWK[] };

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    otherRsa = await generateKeyPair('RS256', { extractable: true });
    rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    keySet = { keys: [rsaJwk, { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }] };
    server = createServer((request, response) => {
      fetches++;
      if (mode === 'hang') return; // never answers
      if (mode === 'fail' || request.url !== '/jwks.json') {
        response.writeHead(500).end('down');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keySet));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    mode = 'serve';
  });

  const verifier = (options: { cooldownMs?: number; timeoutMs?: number } = {}) => createTokenVerifier({ jwks: { url, issuer: ISSUER, audience: AUDIENCE, ...options } });
  const claims = { role: 'auditor', agency: undefined } as Record<string, unknown>;
  const sign = (key: CryptoKey, header: { alg: string; kid?: string; [k: string]: unknown }, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
    edit(new SignJWT({ ...claims }).setProtectedHeader(header).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('idp|auditor-7').setIssuedAt().setExpirationTime('5m')).sign(key);
  const unsigned = (header: object, payload: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts what the provider signs, RS256 and ES256, with its claims', async () => {
    const verify = verifier();
    await expect(verify(await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).resolves.toMatchObject({ sub: 'idp|auditor-7', role: 'auditor', iss: ISSUER, aud: AUDIENCE });
    await expect(verify(await sign(ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).resolves.toMatchObject({ sub: 'idp|auditor-7' });
    // Without a kid the key is found by algorithm.
    await expect(verify(await sign(ec.privateKey, { alg: 'ES256' }))).resolves.toMatchObject({ sub: 'idp|auditor-7' });
  });

  it('fetches the key set once and keeps it', async () => {
    const verify = verifier();
    const before = fetches;
    for (let i = 0; i < 5; i++) await verify(await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }));
    expect(fetches - before).toBe(1);
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ['signed with another key under the same kid', () => sign(otherRsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }), /bad signature/],
    ['signed with another key under an unknown kid', () => sign(otherRsa.privateKey, { alg: 'RS256', kid: 'rsa-2' }), /no key/],
    ['signed with the EC key but claiming the RSA kid', () => sign(ec.privateKey, { alg: 'ES256', kid: 'rsa-1' }), /.+/],
    ['RS384 with the right key', async () => sign(await importPKCS8(await exportPKCS8(rsa.privateKey), 'RS384'), { alg: 'RS384', kid: 'rsa-1' }), /algorithm not accepted/],
    ['PS256 with the right key', async () => sign(await importPKCS8(await exportPKCS8(rsa.privateKey), 'PS256'), { alg: 'PS256', kid: 'rsa-1' }), /algorithm not accepted/],
    ['alg none', async () => unsigned({ alg: 'none' }, { sub: 'x', role: 'auditor', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 }), /algorithm not accepted/],
    ['alg NONE', async () => unsigned({ alg: 'NONE', kid: 'rsa-1' }, { sub: 'x', role: 'auditor', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 }), /algorithm not accepted/],
    [
      'HS256 signed with the provider’s public key (key confusion)',
      async () => new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').setExpirationTime('5m')
        .sign(new TextEncoder().encode(JSON.stringify(rsaJwk))),
      /algorithm not accepted/,
    ],
    ['expired an hour ago', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, (j) => j.setExpirationTime(now() - 3600)), /expired/],
    ['not valid for another hour', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, (j) => j.setNotBefore(now() + 3600)), /nbf/],
    ['from another issuer', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, (j) => j.setIssuer('https://evil.test')), /wrong issuer/],
    ['for another audience', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, (j) => j.setAudience('another-api')), /wrong audience/],
    ['without an expiry', async () => new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').sign(rsa.privateKey), /exp/],
    ['without a subject', async () => new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(rsa.privateKey), /sub/],
    [
      'carrying its own key in a jwk header',
      async () => sign(otherRsa.privateKey, { alg: 'RS256', kid: 'rsa-1', jwk: await exportJWK(otherRsa.publicKey) }),
      /.+/,
    ],
    ['pointing at its own key set in a jku header', () => sign(otherRsa.privateKey, { alg: 'RS256', kid: 'evil', jku: 'http://127.0.0.1:9/evil.json' }), /no key/],
    ['with a payload edited after signing', async () => {
      const [header, , signature] = (await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })).split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'idp|auditor-7', role: 'auditor', iss: ISSUER, aud: AUDIENCE, exp: now() + 99_999 })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }, /bad signature/],
    ['with a payload that is not JSON', async () => 'eyJhbGciOiJSUzI1NiJ9.not-json.sig', /.+/],
    ['with a header that is not JSON', async () => 'bm90LWpzb24.e30.sig', /malformed/],
  ];

  it.each(refusals)('refuses a token %s as invalid (401)', async (_, make, message) => {
    const verify = verifier({ cooldownMs: 0 });
    const token = await make();
    const outcome = await Promise.resolve().then(() => verify(token)).then(() => null, (error: unknown) => error);
    expect(outcome).toBeInstanceOf(InvalidTokenError);
    expect((outcome as Error).message).toMatch(message);
  });

  it('does not take a provider token for the engine’s own HS256, nor the other way round', async () => {
    const secret = 'h'.repeat(40);
    const both = createTokenVerifier({ hs256Secret: secret, jwks: { url, issuer: ISSUER, audience: AUDIENCE } });
    await expect(Promise.resolve(both(signHs256({ sub: 'dev:auditor', role: 'auditor' }, secret)))).resolves.toMatchObject({ sub: 'dev:auditor' });
    await expect(Promise.resolve(both(await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })))).resolves.toMatchObject({ sub: 'idp|auditor-7' });
    // HS256 keyed with the JWKS document itself: the HS256 path only knows JWT_SECRET.
    const confused = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setSubject('x').setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(keySet)));
    expect(() => both(confused)).toThrow('bad signature');
  });

  it('blames the provider, not the token, when its key set cannot be had (503), within the timeout', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    mode = 'fail';
    await expect(verifier()(token)).rejects.toBeInstanceOf(TokenKeysUnavailableError);
    mode = 'hang';
    const started = Date.now();
    await expect(verifier({ timeoutMs: 300 })(token)).rejects.toBeInstanceOf(TokenKeysUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
    const nobody = createTokenVerifier({ jwks: { url: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, audience: AUDIENCE } });
    await expect(nobody(token)).rejects.toBeInstanceOf(TokenKeysUnavailableError);
  });

  it('shares one verifier (and one key cache) per configuration', () => {
    const config = loadConfig({ JWKS_URL: url, JWT_ISSUER: ISSUER });
    expect(tokenVerifierFor(config, '')).toBe(tokenVerifierFor(config, ''));
    expect(tokenVerifierFor(config, '')).not.toBe(tokenVerifierFor(loadConfig({ JWKS_URL: url }), ''));
  });
});
