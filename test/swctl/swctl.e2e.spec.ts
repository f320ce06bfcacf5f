import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { verifyHs256 } from '@sw/platform';
import { Actors, eventually, freePort, startTestServer, testServerUrl, type TestServer, runSwctl } from '@sw/test-support';

/**
 * swctl, the built CLI (dist/, which `npm test` builds first), run as a child process against
 * a real server over HTTP and its database: the demo load (twice: nothing new the second time),
 * hash-chain verification before and after tampering, dev tokens, usage errors.
 * Random selection is off so that every story takes the path its seed tells.
 */
const STORIES: { id: string; expect: string; enterprise: string }[] = JSON.parse(readFileSync(path.resolve(__dirname, '../../seeds/demo/shipments.json'), 'utf8')).items;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node dist/apps/swctl/src/main.js …`, asynchronously: the server under test runs in this process. */
function swctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runSwctl(args, { unset: ['DATABASE_URL', 'DATA_DIR', 'JWT_SECRET', 'SW_URL', 'SEEDS_DIR', 'FORCE_COLOR'], env, timeoutMs: 170_000 });
}

function json(run: Run): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`swctl printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

describe('swctl', () => {
  let sw: TestServer;
  let actors: Actors;
  let dataDir: string;
  let db: Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sw-swctl-'));
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off', DATA_DIR: dataDir });
    actors = new Actors(sw);
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  });

  /** Events in the store, once nothing has been appended for half a second. */
  async function quietEventCount(): Promise<number> {
    let last = -1;
    for (;;) {
      const { rows } = await db.query('select count(*)::int as n from events');
      if (rows[0].n === last) return last;
      last = rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  describe('usage', () => {
    it.each([
      [[]],
      [['frobnicate']],
      [['token']],
      [['token', 'wizard']],
      [['token', 'officer']],
      [['token', 'officer', '--agency', 'navy']],
      [['token', 'enterprise', '--uscc', '91310115MA1HK7Q24B']],
      [['token', 'gate', '--agency', 'customs']],
      [['token', 'gate', '--secret', 'too-short']],
      [['token', 'officer', '--agency', 'customs', '--bogus']],
      [['token', 'port-operator', '--port', '22']],
      [['token', 'officer', '--agency', 'customs', '--port', '2200']],
      [['verify']],
      [['verify', 'some-id', '--all']],
      [['verify', '--all', '--database-url', 'mysql://nope']],
      [['verify', '--all', '--database-url', 'postgres://x', '--data-dir', '/tmp']],
      [['demo', '--count', '0']],
      [['demo', '--url']],
      [['demo', '--only', 'demo-99']],
      [['demo', 'extra']],
    ])('swctl %j exits 2 with the usage on stderr', async (args) => {
      const run = await swctl(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toMatch(/Usage: swctl/);
      expect(run.stdout).toBe('');
    });

    it('a usage error with --json also answers in JSON', async () => {
      const run = await swctl(['verify', '--json']);
      expect(run.code).toBe(2);
      expect(json(run)).toEqual({ error: { kind: 'usage', message: expect.stringContaining('--all') } });
    });

    it('help and --help print the usage of every command and exit 0', async () => {
      for (const args of [['help'], ['--help'], ['-h']]) {
        const run = await swctl(args);
        expect(run.code).toBe(0);
        for (const command of ['token', 'demo', 'verify']) expect(run.stdout).toContain(`swctl ${command} `);
      }
      const one = await swctl(['verify', '--help']);
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(/Usage: swctl verify/);
      expect(one.stdout).toContain('--database-url');
      const described = json(await swctl(['help', '--json']));
      expect(described.commands.map((c: { name: string }) => c.name)).toEqual(['token', 'demo', 'audit history', 'audit state', 'audit verify', 'projections list', 'projections rebuild', 'reference import', 'reference export', 'verify']);
    });
  });

  describe('token', () => {
    const secret = 'k'.repeat(20) + 'swctl-test-secret-000'; // 41 characters

    it('signs a token that verifyHs256 accepts with the same secret', async () => {
      const run = await swctl(['token', 'officer', '--agency', 'customs', '--secret', secret]);
      expect(run.code).toBe(0);
      const token = run.stdout.trim();
      expect(token.split('.')).toHaveLength(3);
      expect(verifyHs256(token, secret)).toMatchObject({ role: 'officer', agency: 'customs', sub: 'dev:customs-officer' });
      expect(() => verifyHs256(token, secret.replace('k', 'j'))).toThrow(/signature/);
    });

    it('prints the claims with --json, and takes JWT_SECRET and a lifetime', async () => {
      const run = await swctl(['token', 'enterprise', '--uscc', '91310115MA1HK7Q24A', '--ttl', '90m', '--json'], { JWT_SECRET: secret });
      expect(run.code).toBe(0);
      const answer = json(run);
      expect(answer).toMatchObject({ secretFrom: 'JWT_SECRET', claims: { role: 'enterprise', uscc: '91310115MA1HK7Q24A', iss: 'single-window', aud: 'single-window-api' } });
      expect(answer.claims.exp - answer.claims.iat).toBe(90 * 60);
      expect(verifyHs256(answer.token, secret)).toMatchObject({ uscc: '91310115MA1HK7Q24A' });
    });

    it('signs with the dev secret a DEV_MODE server keeps in its data directory, which the server accepts', async () => {
      const [run, viaEnv] = await Promise.all([swctl(['token', 'auditor', '--data-dir', dataDir]), swctl(['token', 'auditor'], { DATA_DIR: dataDir })]);
      expect(run.code).toBe(0);
      const listed = await sw.request('GET', '/v1/declarations', undefined, { authorization: `Bearer ${run.stdout.trim()}` });
      expect(listed.status).toBe(200);
      expect(viaEnv.code).toBe(0);
    }, 60_000); // two cold CLI starts (below)

    // Each run is a cold Node process loading the CLI: 1-2 s alone, 9-18 s measured on the shared
    // 2-core machine beside other suites. Both at once, and 60 s for them, not jest's 30 s.
    it("names a port operator's or gate's port (--port), which the server holds it to", async () => {
      const roles = ['port-operator', 'gate'];
      const runs = await Promise.all(roles.map((role) => swctl(['token', role, '--port', '2200', '--secret', secret])));
      runs.forEach((run, i) => {
        expect(run.code).toBe(0);
        expect(verifyHs256(run.stdout.trim(), secret)).toMatchObject({ role: roles[i], port: '2200', sub: `dev:${roles[i]}:2200` });
      });
    }, 60_000);

    it('says where it looked when there is no secret (exit 1)', async () => {
      const empty = mkdtempSync(path.join(tmpdir(), 'sw-swctl-empty-'));
      const run = await swctl(['token', 'gate', '--data-dir', empty]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(path.join(empty, 'dev-jwt-secret'));
    });
  });

  describe('demo', () => {
    let first: any;

    it('loads every story through the API, and each reaches the status its story tells', async () => {
      const run = await swctl(['demo', '--url', sw.url, '--json']);
      if (run.code !== 0) throw new Error(`swctl demo failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
      first = json(run);
      expect(first.shipments).toHaveLength(STORIES.length);
      expect(first.summary).toMatchObject({ total: STORIES.length, created: STORIES.length, existing: 0, asTold: STORIES.length, diverged: 0, failed: 0 });
      for (const [i, story] of STORIES.entries()) {
        const shipment = first.shipments[i];
        expect(shipment).toMatchObject({ demo: story.id, repetition: 1, status: story.expect, expected: story.expect, asTold: true, created: true, error: null });
        expect(shipment.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(shipment.steps.every((s: { result: string }) => s.result === 'done')).toBe(true);
      }

      // What the API says, asked independently (as an auditor).
      const auditor = actors.auditor();
      const views = new Map<string, any>();
      for (const [i, story] of STORIES.entries()) {
        const view = await eventually(async () => {
          const { status, body } = await auditor.get(`/v1/declarations/${first.shipments[i].id}`);
          expect(status).toBe(200);
          expect(body.status).toBe(story.expect);
          return body;
        });
        views.set(story.id, view);
      }
      // A few facts of the stories, beyond their status.
      expect(views.get('demo-01')!.agencies).toMatchObject({ customs: { lane: 'green', status: 'released' }, border: { status: 'released' } });
      expect(views.get('demo-02')!.duties).toMatchObject({ settled: 'paid' });
      expect(views.get('demo-02')!.duties.assessed).toBeGreaterThan(0);
      expect(views.get('demo-03')!).toMatchObject({ mode: 'advance', arrival: { arrivedAt: expect.any(String) }, duties: { settled: 'paid' } });
      // 两步申报: the complete declaration's final assessment draws the duties on the summary's guarantee (paid from it; nothing left payable).
      expect(views.get('demo-04')!).toMatchObject({ mode: 'two-step', duties: { settled: 'paid', final: { payable: 0, outstanding: 0 } }, completeDeclaration: { status: 'filed' } });
      expect(views.get('demo-04')!.duties.final.drawnOnGuarantee).toBeGreaterThan(0);
      expect(views.get('demo-05')!.agencies).toMatchObject({ customs: { status: 'released' }, inspection: { status: 'examination', lane: 'examination' } });
      expect(views.get('demo-06')!.agencies).toMatchObject({ customs: { status: 'released' }, border: { status: 'released' }, inspection: { status: 'examination' } });
      expect(views.get('demo-06')!.portOfEntry).toBe('7208');
      expect(views.get('demo-07')!.agencies.customs).toMatchObject({ lane: 'documents', status: 'released' });
      expect(views.get('demo-07')!.agencies.customs.decisions).toEqual([expect.objectContaining({ decision: 'release', by: 'dev:customs-officer' })]);
      expect(views.get('demo-08')!.agencies.customs).toMatchObject({ lane: 'examination', reasons: [expect.stringContaining('cu-discredited-enterprise')] });
      expect(views.get('demo-09')!.agencies).toMatchObject({ customs: { status: 'released' }, inspection: { lane: 'documents', status: 'released' } });
      expect(views.get('demo-10')!.agencies.customs.status).toBe('closed');
    }, 180_000);

    it('run again, creates nothing: the same ids, no new event', async () => {
      expect(first).toBeDefined();
      const before = await quietEventCount();
      const run = await swctl(['demo', '--url', sw.url, '--json']);
      expect(run.code).toBe(0);
      const second = json(run);
      expect(second.shipments.map((s: { id: string }) => s.id)).toEqual(first.shipments.map((s: { id: string }) => s.id));
      expect(second.summary).toMatchObject({ created: 0, existing: STORIES.length, asTold: STORIES.length, failed: 0 });
      for (const shipment of second.shipments) {
        expect(shipment.created).toBe(false);
        expect(shipment.steps.every((s: { result: string }) => s.result === 'skipped')).toBe(true);
      }
      expect(await quietEventCount()).toBe(before);

      // The table a person sees.
      const text = await swctl(['demo', '--url', sw.url]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^DEMO\s+DECLARATION\s+MODE\s+STATUS/);
      for (const shipment of first.shipments) expect(text.stdout).toMatch(new RegExp(`${shipment.demo}\\s+${shipment.id}\\s+${shipment.mode}\\s+${shipment.status}\\s+existing`));
      expect(text.stdout).toContain(`0 created, ${STORIES.length} already there`);
      expect(await quietEventCount()).toBe(before);
    }, 180_000);

    it('--count repeats the set with fresh ids from the second repetition', async () => {
      const run = await swctl(['demo', '--url', sw.url, '--count', '3', '--only', 'demo-02,demo-07', '--concurrency', '6', '--json']);
      expect(run.code).toBe(0);
      const load = json(run);
      expect(load.shipments.map((s: { demo: string; repetition: number }) => `${s.demo}#${s.repetition}`))
        .toEqual(['demo-02#1', 'demo-07#1', 'demo-02#2', 'demo-07#2', 'demo-02#3', 'demo-07#3']);
      const firstIds = new Map(first.shipments.map((s: { demo: string; id: string }) => [s.demo, s.id]));
      for (const shipment of load.shipments) {
        expect(shipment).toMatchObject({ asTold: true, status: 'released', created: shipment.repetition > 1 });
        if (shipment.repetition === 1) expect(shipment.id).toBe(firstIds.get(shipment.demo));
        else expect(shipment.id).not.toBe(firstIds.get(shipment.demo));
      }
      expect(new Set(load.shipments.map((s: { id: string }) => s.id)).size).toBe(6);
      expect(load.summary).toMatchObject({ created: 4, existing: 2 });
    }, 180_000);

    it('says so plainly when the server is not reachable, or not in DEV_MODE (exit 1)', async () => {
      const port = await freePort();
      const down = await swctl(['demo', '--url', `http://127.0.0.1:${port}`]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/cannot reach the server at http:\/\/127\.0\.0\.1:\d+ .*is it running\?/);

      const production = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: 'p'.repeat(40) });
      try {
        const refused = await swctl(['demo', '--url', production.url, '--json']);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/is not in DEV_MODE/);
        expect(json(refused).error).toMatchObject({ kind: 'failure', message: expect.stringMatching(/not in DEV_MODE/) });
      } finally {
        await production.close();
      }
    }, 60_000);
  });

  describe('verify', () => {
    const url = () => sw.database.url;

    beforeAll(async () => {
      // The demo above leaves shipments to verify; when run alone (-t verify), load a few.
      const { rows } = await db.query(`select count(*)::int as n from events where stream_id like 'declaration-%'`);
      if (rows[0].n === 0) expect((await swctl(['demo', '--url', sw.url, '--only', 'demo-01,demo-07'])).code).toBe(0);
    }, 120_000);

    it('finds every chain intact: streams, events, valid', async () => {
      const run = await swctl(['verify', '--all', '--database-url', url()]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Verified [\d,]+ streams, [\d,]+ events of the event store in /);
      expect(run.stdout).toContain('✔ valid');

      const report = json(await swctl(['verify', '--all', '--database-url', url(), '--json']));
      const { rows: [counts] } = await db.query('select (select count(*)::int from streams) as streams, (select count(*)::int from events) as events');
      expect(report).toMatchObject({ scope: 'all', valid: true, streams: counts.streams, events: counts.events, brokenAt: null, brokenStreams: 0 });
      expect(report.database).not.toContain(':postgres@'); // no password in the output

      const [shipment] = (await db.query(`select correlation_id as id from events where stream_id like 'declaration-%' order by global_position limit 1`)).rows;
      const one = json(await swctl(['verify', shipment.id, '--database-url', url(), '--json']));
      expect(one).toMatchObject({ scope: 'shipment', declarationId: shipment.id, valid: true });
      expect(one.streams).toBeGreaterThanOrEqual(2); // the declaration and its customs case at least
    }, 60_000);

    it('names the broken stream and revision after an event row is changed, and exits 1', async () => {
      const tamper = `update events set data = jsonb_set(data, '{tampered}', 'true')
                       where global_position = (select min(global_position) from events)
                       returning stream_id, revision::int, correlation_id`;
      // Events are append-only (a trigger refuses the change); a superuser can bypass triggers.
      await expect(db.query(tamper)).rejects.toMatchObject({ code: 'SW003' });
      await db.query('begin');
      await db.query('set local session_replication_role = replica');
      const { rows: [tampered] } = await db.query(tamper);
      await db.query('commit');
      const run = await swctl(['verify', '--all', '--database-url', url()]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`✘ broken: stream ${tampered.stream_id} at revision ${tampered.revision}`);

      const report = json(await swctl(['verify', '--all', '--database-url', url(), '--json']));
      expect(report).toMatchObject({ valid: false, brokenAt: { stream: tampered.stream_id, revision: tampered.revision }, brokenStreams: 1 });
      expect(report.broken).toEqual([expect.objectContaining({ stream: tampered.stream_id, revision: tampered.revision, reason: 'hash-mismatch' })]);

      const shipment = await swctl(['verify', tampered.correlation_id, '--json'], { DATABASE_URL: url() });
      expect(shipment.code).toBe(1);
      expect(json(shipment)).toMatchObject({ valid: false, brokenAt: { stream: tampered.stream_id, revision: tampered.revision } });
    }, 60_000);

    it('reports an unknown shipment (exit 1)', async () => {
      const run = await swctl(['verify', '00000000-0000-4000-8000-000000000000', '--database-url', url()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/no events of shipment 00000000-0000-4000-8000-000000000000/);
    });

    it('--data-dir connects to the embedded PostgreSQL whose port postmaster.pid names, while it runs', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sw-swctl-data-'));
      const missing = await swctl(['verify', '--all', '--data-dir', dir]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no embedded PostgreSQL is running in .*postmaster\.pid does not exist/);

      mkdirSync(path.join(dir, 'postgres'));
      const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(pidFile, `${gone}\n${dir}/postgres\n1700000000\n5999\n/tmp\n127.0.0.1\n`);
      const stale = await swctl(['verify', '--all', '--data-dir', dir]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/is not running \(pid \d+/);

      // A live pid and the test PostgreSQL's port: swctl connects to postgres://…@127.0.0.1:<port>/postgres.
      const port = new URL(testServerUrl()).port;
      writeFileSync(pidFile, `${process.pid}\n${dir}/postgres\n1700000000\n${port}\n/tmp\n127.0.0.1\n`);
      const run = await swctl(['verify', '--all', '--json'], { DATA_DIR: dir });
      expect(run.stdout + run.stderr).toContain(`127.0.0.1:${port}/postgres`);
    }, 60_000);
  });
});
