import { ENTERPRISES, eventually, freePort, roadExport, startTestServer, StoppablePostgres, type TestServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';
import { signHs256 } from '@sw/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** How long the database stays frozen in the frozen test: past the pools' 15 s query timeout. */
const FROZEN_MS = 20_000;
/** The longest a request may take against a frozen database: the 15 s query timeout, and a margin. */
const FROZEN_BOUND_MS = 17_000;

interface Outcome { status: number | 'hung' | 'connection error'; started: number; ms: number; id?: string; body?: any; retryAfter?: string | null }

/**
 * PostgreSQL goes away under load and comes back. While it is down the server says so (health
 * 503) and refuses writes and reads with 503 and Retry-After, each within a bounded time (no
 * request hangs). When it is back the server recovers by itself: healthy again, writes
 * accepted, subscriptions caught up; every write it acknowledged is stored and every stored
 * declaration is processed exactly once.
 *
 * Frozen (SIGSTOP of the postmaster and every backend) is the nastier case: connections stay
 * open and nothing answers, so nothing fails by itself. The pools' timeouts must turn it into
 * 503s (5 s waiting for a connection, 15 s for a query), and SIGCONT must be enough to recover.
 */
describe('PostgreSQL stopped, or frozen, under load, then back', () => {
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
      return { status: response.status, started, ms: Date.now() - started, id: json?.id, body: json, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      return { status: (error as Error).name === 'TimeoutError' ? 'hung' : 'connection error', started, ms: Date.now() - started };
    }
  }
  const submit = () => call('POST', '/v1/declarations', roadExport(), exporter);
  const health = () => call('GET', '/health', undefined, '');

  /**
   * Nothing lost, nothing twice: every acknowledged declaration is stored and released once, the
   * projections hold exactly the stored declarations, and no session of the server was left
   * inside a transaction (it would hold the event store's horizon back and stall every subscriber).
   */
  async function expectNothingLostOrRepeated(acknowledged: string[]): Promise<void> {
    await sw.server.subscriptions.waitUntilCaughtUp(60_000);
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
      const stranded = (await db.query(`select pid, application_name, state, left(query, 80) as query from pg_stat_activity
                                         where state like 'idle in transaction%' and pid <> pg_backend_pid()`)).rows;
      expect(stranded).toEqual([]);
    } finally {
      await db.end();
      await store.close();
    }
  }

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
    // Sent once PostgreSQL was down (a write sent before may still have been stored in time).
    const duringOutage = outcomes.filter((o) => o.phase === 'down' && o.started >= downSince);

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
    // …and the server is healthy again once its subscriptions are back at work (their retry backs off, to 5 s at most).
    let lastProbe: Outcome | null = null;
    const recovered = await eventually(async () => {
      const probe = lastProbe = await health();
      expect(probe.status).toBe(200);
      return Date.now() - upSince;
    }, { timeoutMs: 60_000, intervalMs: 250 }).catch((error) => {
      process.stdout.write(`still unhealthy; last health answer: ${JSON.stringify(lastProbe?.body)}\n`);
      throw error;
    });

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
    // Retries back off to 5 s at most: back at work within a few seconds of the database (seen: 1–6 s).
    expect(recovered).toBeLessThan(20_000);

    await expectNothingLostOrRepeated(outcomes.filter((o) => o.status === 202).map((o) => o.id!));
    const acknowledged = outcomes.filter((o) => o.status === 202);
    const finalHealth = await health();
    expect(finalHealth.body.checks.subscriptions.items.every((s: { state: string }) => s.state === 'running')).toBe(true);
    process.stdout.write(`outage: ${duringOutage.length} writes refused with 503 while down (slowest ${Math.max(...duringOutage.map((o) => o.ms))} ms), `
      + `${acknowledged.length} acknowledged in all; writable ${writable} ms and healthy ${recovered} ms after PostgreSQL was back\n`);
  }, 240_000);

  it('frozen (SIGSTOP) under load: health 503 and writes refused with 503 within a bound; after SIGCONT it recovers, nothing lost or repeated', async () => {
    await sw.server.subscriptions.waitUntilCaughtUp(30_000);
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
    await eventually(() => expect(outcomes.filter((o) => o.status === 202).length).toBeGreaterThanOrEqual(20), { timeoutMs: 30_000 });

    postgres.freeze();
    phase = 'frozen';
    const frozenAt = Date.now();
    // Besides the load: writes and reads sent at once into the frozen database, each to be answered before the thaw.
    const sentFrozen = Promise.all([...Array.from({ length: 4 }, submit), call('GET', '/v1/declarations', undefined, auditor), call('GET', `/v1/declarations/${outcomes.find((o) => o.status === 202)!.id}`, undefined, auditor)]);
    const probes: Outcome[] = [];
    const unhealthyAfter = await eventually(async () => {
      const probe = await health();
      probes.push(probe);
      expect(probe.status).toBe(503);
      return Date.now() - frozenAt;
    }, { timeoutMs: 20_000, intervalMs: 100 });
    while (Date.now() - frozenAt < FROZEN_MS) {
      probes.push(await health());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    postgres.thaw();
    phase = 'thawed';
    const thawedAt = Date.now();
    await eventually(() => expect(outcomes.filter((o) => o.phase === 'thawed' && o.status === 202).length).toBeGreaterThanOrEqual(20), { timeoutMs: 30_000 });
    running = false;
    await Promise.all(writers);
    const writable = Math.min(...outcomes.filter((o) => o.phase === 'thawed' && o.status === 202).map((o) => o.started + o.ms)) - thawedAt;
    const recovered = await eventually(async () => {
      expect((await health()).status).toBe(200);
      return Date.now() - thawedAt;
    }, { timeoutMs: 60_000, intervalMs: 250 });

    // Every write sent while it was frozen and answered before the thaw: a 503 problem with
    // Retry-After, within the pool's query timeout (15 s) and a margin; health 503 within its probe timeout.
    const duringFreeze = [...await sentFrozen, ...outcomes.filter((o) => o.started >= frozenAt && o.started + o.ms < thawedAt)];
    expect(duringFreeze.every((o) => o.started + o.ms < thawedAt)).toBe(true);
    for (const outcome of duringFreeze) {
      expect({ status: outcome.status, retryAfter: outcome.retryAfter, slow: outcome.ms >= FROZEN_BOUND_MS }).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), slow: false });
      expect(outcome.body).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringMatching(/unavailable/) });
    }
    expect(unhealthyAfter).toBeLessThan(5000);
    expect(probes.slice(1).every((p) => p.status === 503 && p.ms < 5000)).toBe(true);
    // Whatever was in flight across the freeze and the thaw: 202 or 503, never a 500, never hung.
    expect([...new Set(outcomes.map((o) => o.status))].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(FROZEN_BOUND_MS);
    expect(recovered).toBeLessThan(30_000);

    await expectNothingLostOrRepeated(outcomes.filter((o) => o.status === 202).map((o) => o.id!));
    const slowest = Math.max(...duringFreeze.map((o) => o.ms));
    process.stdout.write(`frozen: health 503 after ${unhealthyAfter} ms; ${duringFreeze.length} requests refused with 503 while frozen `
      + `(fastest ${Math.min(...duringFreeze.map((o) => o.ms))} ms, slowest ${slowest} ms); ${outcomes.filter((o) => o.status === 202).length} acknowledged; `
      + `writable ${writable} ms and healthy ${recovered} ms after SIGCONT\n`);
  }, 120_000);
});
