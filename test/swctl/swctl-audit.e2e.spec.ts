import { Client } from 'pg';
import { Actors, createTestDatabase, ENTERPRISES, eventually, roadExport, startTestServer, type TestServer, runSwctl } from '@sw/test-support';

/**
 * swctl audit (history, state, verify) and swctl projections (list, rebuild): the built CLI
 * (dist/, which `npm test` builds first) as a child process on the database of a real server
 * that keeps running, compared with what the server's API and read models say.
 * Random selection is off, so a road export by an AEO exporter is released on the green lane.
 */
const PROJECTIONS = ['agency-worklist', 'clearance-times', 'crossings', 'declaration-status', 'engine-clock', 'port-fees'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function swctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runSwctl(args, { unset: ['DATABASE_URL', 'DATA_DIR', 'JWT_SECRET', 'EVENT_STORE', 'EVENTSTORE_CONNECTION_STRING', 'NODE_ENV', 'SW_ROLE', 'LOG_LEVEL', 'FORCE_COLOR'], env });
}

function json(run: Run): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`swctl printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** The run, which must have exited 0. */
function ok(run: Run): Run {
  if (run.code !== 0) throw new Error(`swctl exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  return run;
}

describe('swctl audit and projections', () => {
  let sw: TestServer;
  let actors: Actors;
  let db: Client;
  let url: string;
  let id: string;
  let other: string;
  const db$ = (args: string[]) => [...args, '--database-url', url];

  beforeAll(async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    url = sw.database.url;
    actors = new Actors(sw);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    id = (await exporter.post('/v1/declarations', roadExport())).body.id;
    other = (await exporter.post('/v1/declarations', roadExport())).body.id;
    for (const shipment of [id, other]) {
      await eventually(async () => expect((await exporter.get(`/v1/declarations/${shipment}`)).body.status).toBe('released'));
    }
    // A clock advance and a fee catalogue, so that every projection (engine-clock, port-fees too) has something to replay.
    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'PT1H' })).status).toBe(202);
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    const doc = { code: 'DOC', nameZh: '单证费', payer: 'enterprise', basis: 'declaration', amount: 50, currency: 'CNY', legalBasis: '市场调节价' };
    expect((await actors.portAuthority().post('/v1/fees/catalogues', { port: '5301', effectiveFrom: today, items: [doc] })).status).toBe(201);
    // An empty truck's crossing (运输工具申报), so that the crossings projection has something to replay.
    expect((await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K-S0001', direction: 'export', portOfEntry: '0700', crew: [{ name: 'Ganbold', document: 'E7000002' }], empty: true })).status).toBe(201);
    await sw.server.subscriptions.waitUntilCaughtUp();
    db = new Client({ connectionString: url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  });

  describe('audit history', () => {
    it('lists every event of the shipment, declaration and agency streams, in global order: the API\'s answer', async () => {
      const { events } = json(ok(await swctl(db$(['audit', 'history', id, '--json']))));
      const api = await actors.auditor().get(`/v1/audit/shipments/${id}/events`);
      expect(api.status).toBe(200);
      expect(events).toEqual(api.body.events);

      // Global order: the store's commit order.
      const { rows } = await db.query('select event_id from events where correlation_id = $1 order by transaction_id, global_position', [id]);
      expect(events.map((e: { id: string }) => e.id)).toEqual(rows.map((r) => r.event_id));
      const streams = [...new Set(events.map((e: { stream: string }) => e.stream))];
      expect(streams).toEqual(expect.arrayContaining([`declaration-${id}`, `customs-${id}`, `border-${id}`]));
      expect(events[0]).toMatchObject({ stream: `declaration-${id}`, revision: 0, type: 'DeclarationSubmitted' });
      expect(events.map((e: { type: string }) => e.type)).toContain('DeclarationReleased');
      for (const stream of streams) {
        const revisions = events.filter((e: { stream: string }) => e.stream === stream).map((e: { revision: number }) => e.revision);
        expect(revisions).toEqual(revisions.map((_: number, i: number) => i));
      }
    });

    it('prints a table a person reads: one row per event, in the same order', async () => {
      const { events } = json(ok(await swctl(db$(['audit', 'history', id, '--json']))));
      const run = ok(await swctl(db$(['audit', 'history', id])));
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^Shipment ${id}: ${events.length} events in \\d+ streams \\(declaration, `));
      const header = lines.findIndex((line) => /^\s*#\s+TIME\s+STREAM\s+REV\s+TYPE\s+ACTOR\s+ID\s+CAUSED BY$/.test(line));
      expect(header).toBeGreaterThan(0);
      events.forEach((event: any, i: number) => {
        const kind = event.stream.slice(0, event.stream.indexOf('-'));
        expect(lines[header + 1 + i]).toMatch(new RegExp(`^\\s*${i + 1}\\s+${event.metadata.occurredAt.replace(/\./g, '\\.')}\\s+${kind}\\s+${event.revision}\\s+${event.type}\\s`));
      });
      // The first event is the enterprise's; a case is opened because of it (#1).
      expect(lines[header + 1]).toContain(`enterprise ${ENTERPRISES.shenzhenElectronics.uscc}`);
      const opened = events.findIndex((e: { type: string }) => e.type === 'CaseOpened');
      expect(lines[header + 1 + opened]).toMatch(new RegExp(`#1 ${events[0].id.slice(0, 8)}$`));
    });

    it('says so when the store holds no event of the shipment (exit 1)', async () => {
      const run = await swctl(db$(['audit', 'history', '00000000-0000-4000-8000-000000000000']));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: No shipment 00000000-0000-4000-8000-000000000000 in postgres:\/\/.*\*\*\*@/);
      expect(run.stdout).toBe('');
    });
  });

  describe('audit state', () => {
    it('is not released as of the first event, and released now: the API\'s view', async () => {
      const { events } = json(ok(await swctl(db$(['audit', 'history', id, '--json']))));
      const first = events[0].metadata.occurredAt;
      const atFirst = json(ok(await swctl(db$(['audit', 'state', id, '--as-of', first, '--json']))));
      expect(atFirst).toMatchObject({ id, releasedAt: null, asOf: first });
      expect(['submitted', 'under-review']).toContain(atFirst.status);

      const later = new Date(Date.now() + 2 * 3600_000).toISOString();
      const cli = json(ok(await swctl(db$(['audit', 'state', id, '--as-of', later, '--json']))));
      const api = await actors.auditor().get(`/v1/audit/shipments/${id}/state?asOf=${encodeURIComponent(later)}`);
      expect(api.status).toBe(200);
      expect(cli).toEqual(api.body);
      expect(cli.status).toBe('released');

      // "now" is the engine clock's (an hour ahead here): released too.
      const now = json(ok(await swctl(db$(['audit', 'state', id, '--as-of', 'now', '--json']))));
      expect(now.status).toBe('released');
      expect(Date.parse(now.asOf)).toBeGreaterThan(Date.now() + 50 * 60_000);
    });

    it('prints status, agencies with status and lane, duties, arrival, complete declaration', async () => {
      const run = ok(await swctl(db$(['audit', 'state', id, '--as-of', new Date(Date.now() + 2 * 3600_000).toISOString()])));
      expect(run.stdout).toMatch(new RegExp(`^Shipment ${id} as of \\d{4}-`));
      expect(run.stdout).toMatch(/^\s+status\s+released$/m);
      for (const field of ['declaration', 'arrival', 'duties', 'complete decl.', 'released', 'events']) expect(run.stdout).toMatch(new RegExp(`^\\s+${field.replace('.', '\\.')}\\s+\\S`, 'm'));
      expect(run.stdout).toMatch(/^AGENCY\s+STATUS\s+LANE\s+RELEASED\s+DECISIONS$/m);
      expect(run.stdout).toMatch(/^customs\s+released\s+green\s+\d{4}-/m);
      expect(run.stdout).toMatch(/^border\s+released\s/m);
    });

    it('fails (exit 1) before the shipment was declared, and for an unknown shipment', async () => {
      const before = await swctl(db$(['audit', 'state', id, '--as-of', '2000-01-01T00:00:00Z', '--json']));
      expect(before.code).toBe(1);
      expect(json(before).error).toMatchObject({ kind: 'failure', message: expect.stringContaining('was not yet declared at 2000-01-01T00:00:00.000Z') });
      const unknown = await swctl(db$(['audit', 'state', '00000000-0000-4000-8000-000000000000', '--as-of', 'now']));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No shipment/);
    });
  });

  describe('audit verify', () => {
    it('verifies the shipment\'s chains; `swctl verify` is its alias', async () => {
      const report = json(ok(await swctl(db$(['audit', 'verify', id, '--json']))));
      expect(report).toMatchObject({ scope: 'shipment', declarationId: id, valid: true, brokenAt: null });
      expect(report.streams).toBeGreaterThanOrEqual(3);
      const alias = json(ok(await swctl(db$(['verify', id, '--json']))));
      expect({ ...alias, elapsedMs: 0 }).toEqual({ ...report, elapsedMs: 0 });
      const all = ok(await swctl(db$(['audit', 'verify', '--all'])));
      expect(all.stdout).toContain('✔ valid');
    });
  });

  describe('projections', () => {
    /** Every row of every projection's tables, in a stable order. */
    async function readModels(): Promise<Record<string, unknown[]>> {
      const result: Record<string, unknown[]> = {};
      const projections = sw.server.subscriptions.subscribers().filter((s) => s.tables?.length);
      for (const table of projections.flatMap((p) => p.tables!)) {
        result[table] = (await db.query(`select to_jsonb(t) as row from ${table} t order by to_jsonb(t)::text`)).rows.map((r) => r.row);
      }
      return result;
    }
    const declarationStatus = async () => (await db.query('select to_jsonb(t) as row from declaration_status t order by id')).rows.map((r) => r.row);

    it('lists projections and process managers with tables, checkpoint and lag', async () => {
      await sw.server.subscriptions.waitUntilCaughtUp();
      const report = json(ok(await swctl(db$(['projections', 'list', '--json']))));
      const { rows } = await db.query('select name, position from subscription_checkpoints');
      const checkpoints = new Map(rows.map((r) => [r.name, r.position]));
      expect(report.eventStore).toBe('postgres');
      expect(report.head).toMatch(/^\d+\/\d+$/);
      const projections = report.subscriptions.filter((s: { kind: string }) => s.kind === 'projection');
      expect(projections.map((s: { name: string }) => s.name)).toEqual(PROJECTIONS);
      expect(report.subscriptions.map((s: { name: string }) => s.name)).toContain('clearance-process');
      for (const subscription of report.subscriptions) {
        expect(subscription).toMatchObject({ checkpoint: checkpoints.get(subscription.name), lag: 0, lagAtLeast: false });
        expect(subscription.checkpoint).toMatch(/^\d+\/\d+$/);
      }
      expect(projections.find((s: { name: string }) => s.name === 'declaration-status').tables).toEqual(['declaration_status']);

      const text = ok(await swctl(db$(['projections', 'list'])));
      expect(text.stdout).toMatch(/^NAME\s+KIND\s+TABLES\s+CHECKPOINT\s+LAG\s+MOVED$/m);
      expect(text.stdout).toMatch(new RegExp(`^declaration-status\\s+projection\\s+declaration_status\\s+${checkpoints.get('declaration-status')}\\s+0\\s`, 'm'));
      expect(text.stdout).toMatch(/^clearance-process\s+process manager\s+—\s/m);
    });

    it('rebuilds every projection while the server runs, to the same read models; the live subscriptions carry on', async () => {
      await sw.server.subscriptions.waitUntilCaughtUp();
      const before = await readModels();
      const statusBefore = await declarationStatus();
      expect(statusBefore).toHaveLength(2);

      const run = ok(await swctl(db$(['projections', 'rebuild', '--json'])));
      const report = json(run);
      expect(report.failed).toEqual([]);
      expect(report.projections.map((p: { projection: string }) => p.projection)).toEqual(PROJECTIONS);
      for (const projection of report.projections) {
        expect(projection).toMatchObject({ tables: expect.any(Array), events: expect.any(Number), seconds: expect.any(Number), eventsPerSecond: expect.any(Number) });
        expect(projection.events).toBeGreaterThan(0);
        expect(projection.checkpoint).toMatch(/^\d+\/\d+$/);
      }
      expect(run.stderr).toBe(''); // no progress line off a terminal with --json, no warning

      await sw.server.subscriptions.waitUntilCaughtUp();
      expect(await declarationStatus()).toEqual(statusBefore);
      expect(await readModels()).toEqual(before);
      expect((await db.query(`select count(*)::int as n from pg_namespace where nspname like 'rebuild\\_%'`)).rows[0].n).toBe(0);

      // The live subscriptions resume from the rebuilt tables.
      const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
      const next = (await exporter.post('/v1/declarations', roadExport())).body.id;
      await eventually(async () => expect((await exporter.get(`/v1/declarations/${next}`)).body.status).toBe('released'));
      await eventually(async () => expect(await declarationStatus()).toHaveLength(3)); // the read model follows the release
    }, 90_000);

    it('rebuilds one projection by name, with a summary table', async () => {
      const run = ok(await swctl(db$(['projections', 'rebuild', 'declaration-status'])));
      expect(run.stdout).toMatch(/^PROJECTION\s+TABLES\s+EVENTS\s+SECONDS\s+EVENTS\/S$/m);
      expect(run.stdout).toMatch(/^declaration-status\s+declaration_status\s+[\d,]+\s+\d+\.\d\d\s+[\d,]+$/m);
      expect(run.stdout).toMatch(/✔ Rebuilt 1 projection \([\d,]+ events replayed\)/);
      expect(run.stdout).not.toMatch(/agency-worklist/);
    }, 60_000);
  });

  describe('usage', () => {
    it.each([
      [['audit']],
      [['audit', 'history']],
      [['audit', 'history', 'not-a-uuid']],
      [['audit', 'history', '3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60', 'extra']],
      [['audit', 'state', '3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60']],
      [['audit', 'state', '3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60', '--as-of', 'yesterday']],
      [['audit', 'state', '3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60', '--as-of', '2026-11-23T10:00:00']],
      [['audit', 'verify']],
      [['audit', 'verify', 'x', '--all']],
      [['audit', 'frobnicate']],
      [['projections']],
      [['projections', 'list', 'extra']],
      [['projections', 'rebuild', 'a', 'b']],
      [['projections', 'rebuild', '--database-url', 'mysql://nope']],
    ])('swctl %j exits 2 with the usage on stderr', async (args) => {
      const run = await swctl(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toMatch(/Usage: swctl/);
      expect(run.stdout).toBe('');
    });

    it('an unknown projection, or a process manager, is a usage error naming the projections', async () => {
      const unknown = await swctl(db$(['projections', 'rebuild', 'nope']));
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`error: no projection "nope": the projections are ${PROJECTIONS.join(', ')}`);
      expect(unknown.stderr).toMatch(/Usage: swctl projections rebuild/);
      const manager = await swctl(db$(['projections', 'rebuild', 'clearance-process', '--json']));
      expect(manager.code).toBe(2);
      expect(json(manager)).toEqual({ error: { kind: 'usage', message: expect.stringContaining('clearance-process is a process manager') } });
    });

    it('the help lists the audit and projections commands; `audit verify` has its own usage', async () => {
      const help = ok(await swctl(['help']));
      for (const command of ['audit history', 'audit state', 'audit verify', 'projections list', 'projections rebuild', 'verify']) expect(help.stdout).toContain(`swctl ${command} `);
      const verify = ok(await swctl(['audit', 'verify', '--help']));
      expect(verify.stdout).toMatch(/^Usage: swctl audit verify /);
      expect(verify.stdout).toContain('swctl audit verify --all');
    });

    it('refuses a database that is not a Single Window database (exit 1), and names an unreachable one', async () => {
      const blank = await createTestDatabase('sw_not_ours');
      try {
        const empty = await swctl(['projections', 'list', '--database-url', blank.url]);
        expect(empty.code).toBe(1);
        expect(empty.stderr).toMatch(/is not a Single Window database/);
        // Nothing was created in it (no migrations run on a database that is not the server's).
        const probe = new Client({ connectionString: blank.url });
        await probe.connect();
        const { rows } = await probe.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
        await probe.end();
        expect(rows[0].n).toBe(0);
      } finally {
        await blank.drop();
      }
      const down = await swctl(['audit', 'history', id, '--database-url', 'postgres://postgres:postgres@127.0.0.1:1/postgres']);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres/);
    });
  });
});
