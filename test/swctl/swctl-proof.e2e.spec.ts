import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { canonicalEventText, chainHash, PostgresEventStore } from '@sw/event-store';
import { Actors, appRoleUrl, ENTERPRISES, eventually, roadExport, startTestServer, type TestServer, runSwctl } from '@sw/test-support';

/**
 * The story: someone with the owner's rights cuts a stream's tail (and fixes the stream
 * record), and rewrites an event with its chain recomputed. The plain chain check (swctl verify
 * --all) passes both; `swctl audit verify --against <checkpoint.json>`, with a checkpoint signed
 * before, catches both. swctl runs as the server's least-privileged role.
 */

function swctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runSwctl(args, { unset: ['DATABASE_URL', 'DATABASE_OWNER_URL', 'DATA_DIR', 'JWT_SECRET', 'EVENT_STORE', 'NODE_ENV', 'SW_ROLE', 'LOG_LEVEL', 'FORCE_COLOR'] });
}
const json = (run: { stdout: string; stderr: string }) => {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`no JSON:\n${run.stdout}\n${run.stderr}`);
  }
};

describe('swctl audit verify --against a signed checkpoint', () => {
  let sw: TestServer;
  let owner: Client;
  let appUrl: string;
  let checkpointFile: string;
  let jwksFile: string;
  let cut: string;
  let rewritten: string;

  beforeAll(async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off', CHECKPOINT_INTERVAL: '1' });
    const actors = new Actors(sw);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    cut = (await exporter.post('/v1/declarations', roadExport())).body.id;
    rewritten = (await exporter.post('/v1/declarations', roadExport())).body.id;
    for (const id of [cut, rewritten]) await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
    await sw.server.subscriptions.waitUntilCaughtUp();
    owner = new Client({ connectionString: sw.database.url });
    await owner.connect();
    const { rows: [{ n }] } = await owner.query('select count(*)::int as n from events');
    const checkpoint = await eventually(async () => {
      const { body } = await actors.auditor().get('/v1/audit/checkpoints/latest');
      expect(body.events).toBe(n);
      return body;
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-proof-'));
    checkpointFile = path.join(dir, 'checkpoint.json');
    writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    jwksFile = path.join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify((await sw.request('GET', '/.well-known/jwks.json')).body));
    appUrl = await appRoleUrl(sw.database.url);
    await sw.close({ keepDatabase: true }); // the tampering happens with the server stopped
  }, 90_000);
  afterAll(async () => {
    await owner?.end();
    await sw?.database.drop();
  });

  const plain = () => swctl(['verify', '--all', '--json', '--database-url', appUrl]);
  const against = (file = checkpointFile) => swctl(['audit', 'verify', '--against', file, '--jwks', jwksFile, '--json', '--database-url', appUrl]);

  it('holds on the untouched log, as the least-privileged role', async () => {
    const run = await against();
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ valid: true, problems: [], events: json(run).checkpoint.events, root: json(run).checkpoint.root });
    const text = await swctl(['audit', 'verify', '--against', checkpointFile, '--jwks', jwksFile, '--database-url', appUrl]);
    expect(text.stdout).toMatch(/✔ valid: the signature holds, every hash chain is intact and the events give the signed Merkle root/);
    // The server modules as a tool (migrations found applied, reference data read) work as that role too.
    const history = await swctl(['audit', 'history', cut, '--json', '--database-url', appUrl]);
    expect(history.code).toBe(0);
    expect(json(history).events[0]).toMatchObject({ stream: `declaration-${cut}`, revision: 0 });
  });

  it('catches an event rewritten with its chain recomputed, which the plain check misses', async () => {
    const store = new PostgresEventStore({ connectionString: sw.database.url });
    try {
      const stream = `customs-${rewritten}`;
      const events = await store.readStream(stream);
      await owner.query('begin');
      await owner.query('set local session_replication_role = replica'); // what the owner can do: the triggers are his
      let previous = '';
      for (const event of events) {
        const data = event.revision === 1 ? { ...(event.data as object), lane: 'green', forged: true } : event.data;
        const hash = chainHash(previous, canonicalEventText({ ...event, data }));
        await owner.query(`update events set data = $1, metadata = jsonb_set(metadata, '{hash}', to_jsonb($2::text)) where stream_id = $3 and revision = $4`, [data, hash, stream, event.revision]);
        previous = hash;
      }
      await owner.query('update streams set last_hash = $1 where stream_id = $2', [previous, stream]);
      await owner.query('commit');
    } finally {
      await store.close();
    }
    const check = await plain();
    expect(json(check)).toMatchObject({ valid: true }); // the recomputed chain holds
    const run = await against();
    expect(run.code).toBe(1);
    expect(json(run)).toMatchObject({ valid: false, problems: [{ reason: 'root' }] });
  });

  it('catches a stream’s last event removed (its record fixed), which the plain check misses', async () => {
    const stream = `declaration-${cut}`;
    await owner.query('begin');
    await owner.query('set local session_replication_role = replica');
    const { rows: [last] } = await owner.query('delete from events where stream_id = $1 and revision = (select max(revision) from events where stream_id = $1) returning revision', [stream]);
    const { rows: [before] } = await owner.query(`select metadata->>'hash' as hash from events where stream_id = $1 and revision = $2`, [stream, Number(last.revision) - 1]);
    await owner.query('update streams set revision = revision - 1, last_hash = $1 where stream_id = $2', [before.hash, stream]);
    await owner.query('commit');
    expect(json(await plain())).toMatchObject({ valid: true });
    const run = await against();
    expect(run.code).toBe(1);
    const report = json(run);
    expect(report.problems.map((p: { reason: string }) => p.reason).sort()).toEqual(['count', 'root']);
    expect(report.problems.find((p: { reason: string }) => p.reason === 'count').detail).toMatch(/removed/);
    expect(report.events).toBe(report.checkpoint.events - 1);
  });

  it('names an event edited without recomputing its hash, the same on hashing threads as inline', async () => {
    const stream = `declaration-${rewritten}`;
    await owner.query('begin');
    await owner.query('set local session_replication_role = replica');
    await owner.query(`update events set data = jsonb_set(data, '{forged}', 'true') where stream_id = $1 and revision = 1`, [stream]);
    await owner.query('commit');
    const reports = [];
    for (const threads of ['0', '2']) {
      const run = await swctl(['audit', 'verify', '--against', checkpointFile, '--jwks', jwksFile, '--json', '--database-url', appUrl, '--threads', threads]);
      expect(run.code).toBe(1);
      reports.push(json(run));
    }
    expect(reports[0].problems).toContainEqual(expect.objectContaining({ reason: 'hash-mismatch', stream, revision: 1 }));
    expect(reports[1].problems).toEqual(reports[0].problems);
    expect(reports[1].root).toBe(reports[0].root);
  });

  it('refuses a checkpoint whose signed content was changed', async () => {
    const checkpoint = JSON.parse(require('node:fs').readFileSync(checkpointFile, 'utf8'));
    const [header, payload, signature] = checkpoint.jws.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, events: claims.events - 1 })).toString('base64url');
    const file = path.join(path.dirname(checkpointFile), 'forged.json');
    writeFileSync(file, JSON.stringify({ ...checkpoint, jws: `${header}.${forged}.${signature}` }));
    const run = await against(file);
    expect(run.code).toBe(1);
    expect(json(run).problems[0]).toMatchObject({ reason: 'signature' });
    const usage = await swctl(['audit', 'verify', '--against', file, '--all', '--database-url', appUrl]);
    expect(usage.code).toBe(2);
  });
});
