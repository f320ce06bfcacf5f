import { ConfigError, loadConfig } from './config';
import { parseIsoDuration } from './clock';
import { InvalidTokenError, signHs256, verifyHs256, TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt';
import { createHmac } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({}, { cwd: '/srv' })).toMatchObject({ port: 3000, dataDir: '/srv/.data', eventStore: 'postgres', devMode: false, role: 'all', riskRandomSelection: true });
  });

  it('turns DEV_MODE on by default under npm start, and lets the environment turn it off', () => {
    expect(loadConfig({}, { devDefault: true }).devMode).toBe(true);
    expect(loadConfig({ DEV_MODE: 'off' }, { devDefault: true }).devMode).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ RISK_RANDOM_SELECTION: 'maybe' }, 'RISK_RANDOM_SELECTION'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', DEV_MODE: 'on', JWT_SECRET: 'x'.repeat(32) }, 'DEV_MODE'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ SW_ROLE: 'everything' }, 'SW_ROLE'],
  ])('refuses %j, naming %s', (env, variable) => {
    const error = (() => { try { loadConfig(env as NodeJS.ProcessEnv); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toContain(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  describe('EVENTSTORE_CONNECTION_STRING agrees with the parser of @eventstore/db-client', () => {
    // The client's own parser: what it refuses would stop the server at start, past the config check.
    const clientAccepts = (text: string) => { try { EventStoreDBClient.connectionString(text); return true; } catch { return false; } };
    const configAccepts = (text: string) => {
      try { loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: text }); return true; } catch (e) { if (e instanceof ConfigError) return false; throw e; }
    };

    it.each([
      'esdb://localhost:2113?tls=false',
      'esdb://node1:2113,node2:2113,node3:2113?tls=false&nodePreference=leader',
      'esdb://admin:changeit@node1:2113,node2:2113?nodePreference=follower',
      'esdb+discover://cluster.example.com:2113',
    ])('accepts %s, as the client does', (text) => {
      expect(clientAccepts(text)).toBe(true);
      expect(configAccepts(text)).toBe(true);
    });

    it.each([
      'kurrentdb://localhost:2113?tls=false',
      'kurrentdb+discover://cluster.example.com:2113',
      'kdb://localhost:2113?tls=false',
      'kdb+discover://cluster.example.com:2113',
      'http://localhost:2113',
    ])('refuses %s, which the client cannot parse, at the config check', (text) => {
      expect(clientAccepts(text)).toBe(false);
      expect(configAccepts(text)).toBe(false);
    });
  });

  it('never repeats a rejected secret or credential in its message', () => {
    for (const env of [{ JWT_SECRET: 'hunter2-leaked-secret' }, { DATABASE_URL: 'mysql://admin:s3cr3t-pw@db/sw' }, { EVENTSTORE_CONNECTION_STRING: 'tcp://admin:s3cr3t-pw@es' }]) {
      const error = (() => { try { loadConfig(env as NodeJS.ProcessEnv); } catch (e) { return e as ConfigError; } })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.message).not.toMatch(/hunter2|s3cr3t|admin/);
      expect(error!.message).toMatch(/characters, not shown/);
    }
  });

  it('binds to loopback in DEV_MODE (dev tokens and the clock are open to whoever reaches it), everywhere otherwise, HOST deciding when set', () => {
    expect(loadConfig({}, { devDefault: true }).host).toBe('127.0.0.1');
    expect(loadConfig({ DEV_MODE: 'on' }).host).toBe('127.0.0.1');
    expect(loadConfig({ DEV_MODE: 'on', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({}).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('never turns DEV_MODE on in production by default', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, { devDefault: true }).devMode).toBe(false);
  });
});

describe('ISO 8601 durations', () => {
  it.each([
    ['P15D', 15 * 86_400_000],
    ['PT48H', 48 * 3_600_000],
    ['P1DT12H', 36 * 3_600_000],
    ['P2W', 14 * 86_400_000],
    ['PT1M30S', 90_000],
    ['PT0.5S', 500],
  ])('%s is %d ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '15D', 'P1Y', 'P1M', 'P-1D', 'P1.5D', 'PT1H2D', 'p1d'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
  });
});

describe('HS256 tokens', () => {
  const secret = 's'.repeat(40);
  const now = Date.UTC(2026, 10, 23);
  const claims = { sub: 'dev:x', role: 'auditor' as const };
  const forge = (header: object, payload: object, key = secret) => {
    const h = Buffer.from(JSON.stringify(header)).toString('base64url');
    const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${h}.${p}.${createHmac('sha256', key).update(`${h}.${p}`).digest('base64url')}`;
  };
  const valid = { ...claims, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: now / 1000 + 60 };

  it('verifies what it signs', () => {
    expect(verifyHs256(signHs256(claims, secret, { now }), secret, { now })).toMatchObject(claims);
  });

  it.each([
    ['alg none', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(valid)).toString('base64url')}.`],
    ['another algorithm', () => forge({ alg: 'HS512' }, valid)],
    ['a forged signature', () => forge({ alg: 'HS256' }, valid, 'another secret of enough length......')],
    ['an expired token', () => forge({ alg: 'HS256' }, { ...valid, exp: now / 1000 - 3600 })],
    ['no expiry', () => forge({ alg: 'HS256' }, { ...valid, exp: undefined })],
    ['another issuer', () => forge({ alg: 'HS256' }, { ...valid, iss: 'someone' })],
    ['another audience', () => forge({ alg: 'HS256' }, { ...valid, aud: 'other-api' })],
    ['a token not yet valid', () => forge({ alg: 'HS256' }, { ...valid, nbf: now / 1000 + 3600 })],
    ['garbage', () => 'not.a.token'],
    ['two parts', () => 'a.b'],
  ])('refuses %s', (_, token) => {
    expect(() => verifyHs256(token(), secret, { now })).toThrow(InvalidTokenError);
  });
});
