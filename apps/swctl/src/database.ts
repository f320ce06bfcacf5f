import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** The options of every command that reads the database directly (verify, audit, projections). */
export const DATABASE_OPTIONS: Record<string, OptionSpec> = {
  'database-url': { kind: 'string', value: '<url>', description: 'PostgreSQL of the server (default DATABASE_URL)' },
  'data-dir': { kind: 'string', value: '<dir>', description: "the embedded PostgreSQL of a running server's data directory (default DATA_DIR or ./.data)" },
};

export const DATABASE_HELP = [
  'Connects to --database-url, else to the embedded PostgreSQL of --data-dir, else to',
  'DATABASE_URL, else to the embedded PostgreSQL of DATA_DIR (or ./.data): its port is read',
  'from <data dir>/postgres/postmaster.pid, so the server must be running.',
].join('\n');

export interface DatabaseTarget {
  url: string;
  /** Where the URL came from, for messages. */
  source: string;
}

/** Which PostgreSQL to read; see DATABASE_HELP. */
export function resolveDatabase(args: ParsedArgs, env: NodeJS.ProcessEnv, cwd: string, command?: string): DatabaseTarget {
  const url = stringOption(args, 'database-url');
  const dataDir = stringOption(args, 'data-dir');
  if (url !== undefined && dataDir !== undefined) throw new UsageError('give --database-url or --data-dir, not both', command);
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new UsageError(`--database-url must be a postgres:// connection URL (got "${url}")`, command);
    return { url, source: '--database-url' };
  }
  if (dataDir === undefined && env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'DATABASE_URL' };
  const dir = path.resolve(cwd, dataDir ?? (env.DATA_DIR || '.data'));
  return { url: embeddedPostgresUrl(dir), source: `the embedded PostgreSQL of ${dir}` };
}

/**
 * postgres://postgres:postgres@127.0.0.1:<port>/postgres for the embedded PostgreSQL a server
 * started in this data directory (apps/single-window/src/database/embedded-postgres.ts).
 * postmaster.pid: line 1 the pid, line 4 the port.
 */
export function embeddedPostgresUrl(dataDir: string): string {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) {
    throw new CliError(
      `no embedded PostgreSQL is running in ${dataDir} (${pidFile} does not exist): start the server (npm start) with this data directory, or pass --database-url`,
    );
  }
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new CliError(`${pidFile} does not name a port on its 4th line`);
  if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
    throw new CliError(`the embedded PostgreSQL of ${dataDir} is not running (pid ${pid} in ${pidFile} is gone): start the server, or pass --database-url`);
  }
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: it exists
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/** A connection failure, said plainly. */
export function connectionProblem(error: unknown, target: DatabaseTarget): CliError {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: string }).code;
  const message = (cause as Error)?.message ?? String(cause);
  if (code === '42P01') {
    return new CliError(`${redact(target.url)} (${target.source}) holds no event store: ${message}. Is this the server's database?`);
  }
  if (code === '3D000' || code === '28P01' || code === '28000') {
    return new CliError(`cannot use ${redact(target.url)} (${target.source}): ${message}`);
  }
  return new CliError(`cannot connect to PostgreSQL at ${redact(target.url)} (${target.source}): ${message || code}`);
}
