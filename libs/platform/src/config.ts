import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import path from 'node:path';

/** Configuration from the environment (API.md, "Conventions"). Validated before anything starts. */
class Environment {
  @IsOptional() @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) EMBEDDED_PG_PORT?: number;
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' }) DATABASE_URL?: string;
  @IsOptional() @IsIn(['postgres', 'eventstoredb']) EVENT_STORE?: 'postgres' | 'eventstoredb';
  @IsOptional() @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// (or kurrentdb://) connection string' }) EVENTSTORE_CONNECTION_STRING?: string;
  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' }) JWT_SECRET?: string;
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
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreConnectionString?: string;
  jwtSecret?: string;
  devMode: boolean;
  riskRandomSelection: boolean;
  production: boolean;
  role: 'api' | 'worker' | 'all';
  logLevel: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
  }
}

const NUMERIC = ['PORT', 'EMBEDDED_PG_PORT'] as const;

/**
 * Reads and checks the configuration. `devDefault` is what DEV_MODE is when unset
 * (`npm start` passes --dev so a new user gets the dev helpers; production never does).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { devDefault = false, cwd = process.cwd() } = {}): AppConfig {
  const raw: Record<string, unknown> = {};
  const keys = ['PORT', 'HOST', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'DATABASE_URL', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'JWT_SECRET', 'DEV_MODE', 'RISK_RANDOM_SELECTION', 'NODE_ENV', 'SW_ROLE', 'LOG_LEVEL'];
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
    problems.push({ variable: error.property, message: Object.values(error.constraints ?? {}).join('; ') + ` (got "${String(error.value)}")` });
  }

  const production = parsed.NODE_ENV === 'production';
  const devMode = parsed.DEV_MODE === undefined ? devDefault && !production : ['on', 'true', '1'].includes(parsed.DEV_MODE);
  const eventStore = parsed.EVENT_STORE ?? 'postgres';
  if (production && devMode) problems.push({ variable: 'DEV_MODE', message: 'is refused when NODE_ENV=production (dev tokens would let anyone in)' });
  if (production && !parsed.JWT_SECRET) problems.push({ variable: 'JWT_SECRET', message: 'is required when NODE_ENV=production' });
  if (eventStore === 'eventstoredb' && !parsed.EVENTSTORE_CONNECTION_STRING) {
    problems.push({ variable: 'EVENTSTORE_CONNECTION_STRING', message: 'is required when EVENT_STORE=eventstoredb' });
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '0.0.0.0',
    dataDir: path.resolve(cwd, parsed.DATA_DIR ?? '.data'),
    embeddedPgPort: parsed.EMBEDDED_PG_PORT,
    databaseUrl: parsed.DATABASE_URL,
    eventStore,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    jwtSecret: parsed.JWT_SECRET,
    devMode,
    riskRandomSelection: parsed.RISK_RANDOM_SELECTION !== 'off',
    production,
    role: parsed.SW_ROLE ?? 'all',
    logLevel: parsed.LOG_LEVEL ?? (parsed.NODE_ENV === 'test' ? 'warn' : 'info'),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
