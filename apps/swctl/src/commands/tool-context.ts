import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino, { type Logger } from 'pino';
// Types only: the server's modules (Nest, the EventStoreDB client…) are loaded when a command
// needs them, so `swctl token` and `swctl help` stay quick.
import type { ToolContext } from '@sw/single-window';
import { libraries } from '../lazy';
import { CliError, type ParsedArgs } from '../args';
import type { CommandContext } from '../command';
import { connectionProblem, redact, resolveDatabase, type DatabaseTarget } from '../database';

export const EVENT_STORE_HELP = [
  'The events are read where the server reads them: EVENT_STORE=eventstoredb with',
  'EVENTSTORE_CONNECTION_STRING for an EventStoreDB/KurrentDB cluster, else the events table of',
  'the same PostgreSQL.',
].join('\n');

export interface OpenedTool {
  tool: ToolContext;
  target: DatabaseTarget;
  /** The application_name of every connection the tool opens (pg_stat_activity). */
  applicationName: string;
  /** 'postgres' or 'eventstoredb'. */
  eventStore: string;
  /** The database URL without its password. */
  database: string;
}

/**
 * The server's modules on the server's database, without HTTP (createToolContext): resolves the
 * database (--database-url, --data-dir, DATABASE_URL, DATA_DIR), checks that it is a Single
 * Window database (so that the migrations never create one in the wrong place), then opens the
 * application context. The caller closes `tool`.
 */
export async function openTool(args: ParsedArgs, { env, cwd }: CommandContext, command: string): Promise<OpenedTool> {
  const target = resolveDatabase(args, env, cwd, command);
  const config = toolConfig(env, cwd, target.url);
  await checkDatabase(target);
  const { createToolContext } = libraries();
  const applicationName = `swctl ${command} (pid ${process.pid})`;
  let tool: ToolContext;
  try {
    // DATABASE_OWNER_URL (when the server runs as a least-privileged role): pending migrations run as the owner.
    tool = await createToolContext(config, withApplicationName(target.url, applicationName), toolLogger(env), { poolSize: 4, ownerUrl: env.DATABASE_OWNER_URL || undefined });
  } catch (error) {
    if (isConnectionError(error)) throw connectionProblem(error, target);
    throw error;
  }
  return { tool, target, applicationName, eventStore: config.eventStore, database: redact(target.url) };
}

/** The URL with `application_name` set, so the tool's connections show (and can be told apart) in pg_stat_activity. */
function withApplicationName(url: string, name: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set('application_name', name);
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * The server's configuration from the environment, for a tool: no HTTP is served, so JWT_SECRET
 * may be missing (a random one stands in) and the port is not ours to check.
 */
function toolConfig(env: NodeJS.ProcessEnv, cwd: string, databaseUrl: string) {
  const { ConfigError, loadConfig } = libraries();
  const own: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    SW_ROLE: 'api',
    PORT: undefined,
    HOST: undefined,
    JWT_SECRET: env.JWT_SECRET || randomBytes(32).toString('hex'),
  };
  try {
    return loadConfig(own, { cwd });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(`the server's configuration in the environment is invalid (${error.problems.map((p) => `${p.variable} ${p.message}`).join('; ')})`);
    }
    throw error;
  }
}

/** Warnings and errors of the server's modules, as JSON lines on stderr (stdout is the result). */
function toolLogger(env: NodeJS.ProcessEnv): Logger {
  const level = env.SWCTL_LOG_LEVEL && /^(fatal|error|warn|info|debug|trace|silent)$/.test(env.SWCTL_LOG_LEVEL) ? env.SWCTL_LOG_LEVEL : 'warn';
  return pino({ level, base: { service: 'swctl' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));
}

/** Connects once and looks for the event store and checkpoint tables the server's migrations create. */
async function checkDatabase(target: DatabaseTarget): Promise<void> {
  const client = new Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw connectionProblem(error, target);
  }
  try {
    const { rows } = await client.query<{ events: string | null; checkpoints: string | null }>(
      `select to_regclass('public.events')::text as events, to_regclass('public.subscription_checkpoints')::text as checkpoints`,
    );
    if (!rows[0].events || !rows[0].checkpoints) {
      throw new CliError(`${redact(target.url)} (${target.source}) is not a Single Window database (no events or subscription_checkpoints table): is this the server's database?`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw connectionProblem(error, target);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return typeof code === 'string' && (/^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN)/.test(code) || /^(08|28|3D|57P)/.test(code));
}

/** Runs `body` on the opened tool and closes it whatever happens. */
export async function withTool<T>(args: ParsedArgs, context: CommandContext, command: string, body: (opened: OpenedTool) => Promise<T>): Promise<T> {
  const opened = await openTool(args, context, command);
  try {
    return await body(opened);
  } finally {
    await opened.tool.close().catch(() => undefined);
  }
}

/** A shipment id is a UUID, as in the API's routes. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Nest's NotFoundException (the audit service's "no such shipment"), without loading Nest to test for it. */
export function isNotFound(error: unknown): boolean {
  return (error as { getStatus?: () => number })?.getStatus?.() === 404;
}
