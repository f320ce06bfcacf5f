import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { isIP } from 'node:net';
import path from 'node:path';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt';

/** Configuration from the environment (API.md, "Conventions"). Validated before anything starts. */
class Environment {
  @IsOptional() @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) EMBEDDED_PG_PORT?: number;
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' }) DATABASE_URL?: string;
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_OWNER_URL must be a postgres:// connection URL' }) DATABASE_OWNER_URL?: string;
  @IsOptional() @IsInt() @Min(1) @Max(86_400) CHECKPOINT_INTERVAL?: number;
  @IsOptional() @IsString() @MinLength(1) SIGNING_KEY_FILE?: string;
  @IsOptional() @IsIn(['postgres', 'eventstoredb']) EVENT_STORE?: 'postgres' | 'eventstoredb';
  // The schemes @eventstore/db-client 6.x parses (kurrentdb:// and kdb:// are @kurrent/kurrentdb-client's only).
  @IsOptional() @Matches(/^esdb(\+discover)?:\/\/\S+$/, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string (kurrentdb:// and kdb:// are not understood by @eventstore/db-client 6.x)' }) EVENTSTORE_CONNECTION_STRING?: string;
  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' }) JWT_SECRET?: string;
  @IsOptional() @Matches(/^https?:\/\/[^\s/?#]+\S*$/, { message: 'JWKS_URL must be an http(s):// URL of a JSON Web Key Set' }) JWKS_URL?: string;
  @IsOptional() @IsString() @MinLength(1) JWT_ISSUER?: string;
  @IsOptional() @IsString() @MinLength(1) JWT_AUDIENCE?: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000) RATE_LIMIT_PER_MINUTE?: number;
  @IsOptional() @IsInt() @Min(0) @Max(86_400) ADMISSION_MAX_BACKLOG_SECONDS?: number;
  @IsOptional() @IsString() TRUST_PROXY?: string;
  @IsOptional() @IsIn(['on', 'off', 'true', 'false', '1', '0']) DEV_MODE?: string;
  @IsOptional() @IsIn(['on', 'off']) RISK_RANDOM_SELECTION?: 'on' | 'off';
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @IsIn(['api', 'worker', 'all']) SW_ROLE?: 'api' | 'worker' | 'all';
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  embeddedPgPort?: number;
  databaseUrl?: string;
  /**
   * The owner of the tables, who runs the migrations (DATABASE_OWNER_URL); DATABASE_URL is then the
   * least-privileged role the server runs as (it may insert and read events, never change them).
   */
  databaseOwnerUrl?: string;
  /** Seconds between signed checkpoints of the event log (CHECKPOINT_INTERVAL, 60). */
  checkpointIntervalSeconds: number;
  /** The Ed25519 private key (PKCS#8 PEM) that signs checkpoints and release proofs; generated in DATA_DIR when unset. */
  signingKeyFile?: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreConnectionString?: string;
  jwtSecret?: string;
  /** An identity provider's JSON Web Key Set: RS256 / ES256 tokens are accepted from it. */
  jwksUrl?: string;
  /** The `iss` and `aud` required of identity-provider (JWKS) tokens. */
  jwtIssuer: string;
  jwtAudience: string;
  /** Requests a minute per token subject (per address without a valid token); 0 = no limit. */
  rateLimitPerMinute: number;
  /**
   * Which reverse proxies' X-Forwarded-For is believed for the client address (rate limiting,
   * logs): false (none: the TCP peer is the client), a hop count, or the proxies' addresses.
   */
  trustProxy: TrustProxy;
  /** New submissions get 503 + Retry-After while the pipeline is further behind than this (seconds; 0 = never). */
  admissionMaxBacklogSeconds: number;
  devMode: boolean;
  riskRandomSelection: boolean;
  production: boolean;
  role: 'api' | 'worker' | 'all';
  logLevel: string;
}

/** TRUST_PROXY: off, the number of proxies in front, or their addresses / CIDR ranges (Fastify's `trustProxy`). */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
  }
}

const NUMERIC = ['PORT', 'EMBEDDED_PG_PORT', 'RATE_LIMIT_PER_MINUTE', 'CHECKPOINT_INTERVAL', 'ADMISSION_MAX_BACKLOG_SECONDS'] as const;

/** API.md: new submissions are shed while the pipeline is more than this many seconds behind. */
export const DEFAULT_ADMISSION_MAX_BACKLOG_SECONDS = 10;

/** Requests a minute per token (or address) unless RATE_LIMIT_PER_MINUTE says otherwise; tests run unlimited. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

/**
 * Reads and checks the configuration. `devDefault` is what DEV_MODE is when unset
 * (`npm start` passes --dev so a new user gets the dev helpers; production never does).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { devDefault = false, cwd = process.cwd() } = {}): AppConfig {
  const raw: Record<string, unknown> = {};
  const keys = ['PORT', 'HOST', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'DATABASE_URL', 'DATABASE_OWNER_URL', 'CHECKPOINT_INTERVAL', 'SIGNING_KEY_FILE', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'JWT_SECRET', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'RATE_LIMIT_PER_MINUTE', 'ADMISSION_MAX_BACKLOG_SECONDS', 'TRUST_PROXY', 'DEV_MODE', 'RISK_RANDOM_SELECTION', 'NODE_ENV', 'SW_ROLE', 'LOG_LEVEL'];
  const problems: { variable: string; message: string }[] = [];
  for (const key of keys) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if ((NUMERIC as readonly string[]).includes(key)) {
      if (!/^\d+$/.test(value)) {
        problems.push({ variable: key, message: `must be a whole number, got "${value}"` });
        continue;
      }
      raw[key] = Number(value);
    } else raw[key] = value;
  }
  const parsed = plainToInstance(Environment, raw);
  for (const error of validateSync(parsed, { forbidUnknownValues: false })) {
    if (problems.some((p) => p.variable === error.property)) continue;
    problems.push({ variable: error.property, message: Object.values(error.constraints ?? {}).join('; ') + ` (got ${shown(error.property, error.value)})` });
  }

  const production = parsed.NODE_ENV === 'production';
  const devMode = parsed.DEV_MODE === undefined ? devDefault && !production : ['on', 'true', '1'].includes(parsed.DEV_MODE);
  const eventStore = parsed.EVENT_STORE ?? 'postgres';
  if (production && devMode) problems.push({ variable: 'DEV_MODE', message: 'is refused when NODE_ENV=production (dev tokens would let anyone in)' });
  if (production && !parsed.JWT_SECRET && !parsed.JWKS_URL) {
    problems.push({ variable: 'JWT_SECRET', message: 'or JWKS_URL is required when NODE_ENV=production (no way to verify tokens otherwise)' });
  }
  if (parsed.JWKS_URL && !problems.some((p) => p.variable === 'JWKS_URL') && !URL.canParse(parsed.JWKS_URL)) {
    problems.push({ variable: 'JWKS_URL', message: `is not a URL (got "${parsed.JWKS_URL}")` });
  }
  if (production && parsed.JWKS_URL && /^http:/i.test(parsed.JWKS_URL) && !isLoopback(parsed.JWKS_URL)) {
    problems.push({ variable: 'JWKS_URL', message: 'must be https:// when NODE_ENV=production (keys fetched in clear could be replaced on the way)' });
  }
  if (eventStore === 'eventstoredb' && !parsed.EVENTSTORE_CONNECTION_STRING) {
    problems.push({ variable: 'EVENTSTORE_CONNECTION_STRING', message: 'is required when EVENT_STORE=eventstoredb' });
  }
  if (parsed.DATABASE_OWNER_URL && !parsed.DATABASE_URL) {
    problems.push({ variable: 'DATABASE_OWNER_URL', message: 'needs DATABASE_URL, the role the server runs as (the embedded PostgreSQL sets both up by itself)' });
  }
  const trustProxy = parseTrustProxy(parsed.TRUST_PROXY);
  if (typeof trustProxy === 'string') problems.push({ variable: 'TRUST_PROXY', message: trustProxy });
  if (problems.length) throw new ConfigError(problems);

  return {
    port: parsed.PORT ?? 3000,
    // DEV_MODE mints tokens and moves the clock for anyone who can reach it: loopback only unless HOST says otherwise.
    host: parsed.HOST ?? (devMode ? '127.0.0.1' : '0.0.0.0'),
    dataDir: path.resolve(cwd, parsed.DATA_DIR ?? '.data'),
    embeddedPgPort: parsed.EMBEDDED_PG_PORT,
    databaseUrl: parsed.DATABASE_URL,
    databaseOwnerUrl: parsed.DATABASE_OWNER_URL,
    checkpointIntervalSeconds: parsed.CHECKPOINT_INTERVAL ?? 60,
    signingKeyFile: parsed.SIGNING_KEY_FILE ? path.resolve(cwd, parsed.SIGNING_KEY_FILE) : undefined,
    eventStore,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    jwtSecret: parsed.JWT_SECRET,
    jwksUrl: parsed.JWKS_URL,
    jwtIssuer: parsed.JWT_ISSUER ?? TOKEN_ISSUER,
    jwtAudience: parsed.JWT_AUDIENCE ?? TOKEN_AUDIENCE,
    // Under NODE_ENV=test the servers of the test suite run unlimited unless a test sets it.
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE ?? (parsed.NODE_ENV === 'test' ? 0 : DEFAULT_RATE_LIMIT_PER_MINUTE),
    trustProxy: trustProxy as TrustProxy,
    admissionMaxBacklogSeconds: parsed.ADMISSION_MAX_BACKLOG_SECONDS ?? DEFAULT_ADMISSION_MAX_BACKLOG_SECONDS,
    devMode,
    riskRandomSelection: parsed.RISK_RANDOM_SELECTION !== 'off',
    production,
    role: parsed.SW_ROLE ?? 'all',
    logLevel: parsed.LOG_LEVEL ?? (parsed.NODE_ENV === 'test' ? 'warn' : 'info'),
  };
}

/** Variables that hold secrets or credentials: a message about them never repeats their value (logs outlive configurations). */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL', 'DATABASE_OWNER_URL', 'EVENTSTORE_CONNECTION_STRING']);
function shown(variable: string, value: unknown): string {
  return SECRET_VARIABLES.has(variable) ? `a value of ${String(value ?? '').length} characters, not shown` : `"${String(value)}"`;
}

/** proxy-addr's names for address ranges, accepted in a TRUST_PROXY list. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY → Fastify's trustProxy, or a message saying what is wrong. `true` (trust every
 * hop) is refused: any client could then name its own address in X-Forwarded-For and get a
 * fresh rate-limit budget with every request.
 */
function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const text = value?.trim() ?? '';
  if (text === '' || ['off', 'false', '0'].includes(text)) return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 100 ? hops : `a hop count is at most 100, got "${text}"`;
  }
  if (['on', 'true'].includes(text)) {
    return `"${text}" would believe X-Forwarded-For from anyone; give the number of proxies in front (e.g. 1) or their addresses`;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => {
    if (PROXY_RANGES.includes(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length) return `must be off, a hop count, or a comma-separated list of addresses, CIDR ranges or ${PROXY_RANGES.join('/')}; not ${bad.map((b) => `"${b}"`).join(', ')}`;
  return entries;
}

function isLoopback(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
