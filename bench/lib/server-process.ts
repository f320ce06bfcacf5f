import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '@sw/platform';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The built server, as `npm start` runs it (dist/bench/lib -> dist/apps/...). */
export const SERVER_MAIN = path.resolve(__dirname, '..', '..', 'apps', 'single-window', 'src', 'main.js');

/** Configuration variables of the server (libs/platform/src/config.ts) that the bench sets or clears. */
const SERVER_VARIABLES = [
  'PORT', 'HOST', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'DATABASE_URL', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'JWT_SECRET', 'JWKS_URL',
  'JWT_ISSUER', 'JWT_AUDIENCE', 'RATE_LIMIT_PER_MINUTE', 'ADMISSION_MAX_BACKLOG_SECONDS', 'DEV_MODE', 'RISK_RANDOM_SELECTION', 'NODE_ENV', 'SW_ROLE', 'LOG_LEVEL',
];

export { freePort };

/**
 * The built single-window server as a child process on the bench's PostgreSQL (DATABASE_URL),
 * with a DATA_DIR of its own (for the dev JWT secret), random selection off (green lanes stay
 * green), DEV_MODE on (dev tokens), LOG_LEVEL=warn and no rate limit (the bench is one client
 * sending hundreds of requests a second with one token).
 */
export class BenchServerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private dataDir: string | null = null;
  port = 0;

  /** `main`: another build's server (a baseline checkout's dist/apps/single-window/src/main.js); default this build's. */
  constructor(private readonly databaseUrl: string, private readonly options: { nodeFlags?: string[]; env?: Record<string, string>; main?: string } = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('the server is not running');
    return this.child.pid;
  }

  /** What the server printed (the last 64 KB). */
  get log(): string {
    return this.output;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const main = this.options.main ?? SERVER_MAIN;
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (node scripts/build.mjs)`);
    this.port = await freePort();
    this.dataDir = await mkdtemp(path.join(tmpdir(), 'sw-bench-server-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !SERVER_VARIABLES.includes(key)) env[key] = value;
    Object.assign(env, {
      HOST: '127.0.0.1', PORT: String(this.port), DATA_DIR: this.dataDir, DATABASE_URL: this.databaseUrl,
      RISK_RANDOM_SELECTION: 'off', DEV_MODE: 'on', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0',
      ...this.options.env,
    });
    // BENCH_SERVER_NODE_FLAGS: extra Node flags for every server the bench starts (experiments: --trace-gc, heap sizes).
    const extra = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
    this.child = spawn(process.execPath, [...extra, ...(this.options.nodeFlags ?? []), main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-65536);
      if (process.env.BENCH_SERVER_OUTPUT) appendFileSync(process.env.BENCH_SERVER_OUTPUT, chunk);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited with ${this.child.exitCode}:\n${this.output}`);
      const healthy = await fetch(`${this.url}/health`).then((r) => r.status === 200, () => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server not healthy after ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM (drains requests and subscriptions), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true }).catch(() => undefined);
    this.dataDir = null;
  }
}
