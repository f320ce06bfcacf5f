import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventStoreUnderTest } from './event-store-under-test';
import { jsonClient, type JsonRequest } from './server';

const MAIN = path.resolve(__dirname, '../../dist/apps/single-window/src/main.js');

export { freePort } from '@sw/platform';

/** The built server (`dist/`) as a separate process, as `npm start` runs it: for crash tests. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  constructor(readonly env: Record<string, string>, readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** fetch relative to the server, JSON in and out (fails with the connection when the process dies). */
  request: JsonRequest = (...args) => jsonClient(this.url)(...args);

  async start(timeoutMs = 60_000): Promise<void> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    this.child = spawn(process.execPath, [MAIN, '--dev'], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(this.port), ...eventStoreUnderTest(), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited with ${this.child.exitCode}:\n${this.output}`);
      const healthy = await fetch(`${this.url}/health`).then((r) => r.status === 200, () => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server not healthy after ${timeoutMs} ms:\n${this.output}`);
  }

  /** kill -9: no shutdown hooks run; its embedded PostgreSQL is left running as an orphan. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<number | null> {
    const child = this.child;
    // A process killed by a signal has no exit code, only a signal code.
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  /** Kills whatever a failed test left: the server and its PostgreSQL. */
  static cleanUp(dataDir: string, server?: ServerProcess): void {
    server?.kill();
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      /* gone */
    }
  }
}
