import { PostgresEventStore, type RecordedEvent } from '@sw/event-store';
import { signHs256 } from '@sw/platform';
import { ENTERPRISES, eventually, roadExport, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Two complete server instances (API and subscriptions both: SW_ROLE=all) on one database, in
 * this process. Submissions and decisions go through both at once, the same Idempotency-Key
 * reaches both at the same moment, and one instance is shut down in the middle of a burst so
 * that the other takes its subscriptions over. No projection or process-manager effect happens
 * twice: each declaration is routed once, each case opened once, each release made once; each
 * read model holds exactly one row per shipment, and each status view has applied each of its
 * shipment's events exactly once (its event count equals the events stored).
 */
describe('two server instances on one database', () => {
  const SECRET = 'two-instances-secret-'.padEnd(48, 't');
  const env = { DEV_MODE: 'off', JWT_SECRET: SECRET, RISK_RANDOM_SELECTION: 'off' };
  const exporter = { authorization: `Bearer ${signHs256({ sub: 'two:exporter', role: 'enterprise', uscc: ENTERPRISES.shenzhenElectronics.uscc }, SECRET)}` };
  const importer = { authorization: `Bearer ${signHs256({ sub: 'two:importer', role: 'enterprise', uscc: ENTERPRISES.shanghaiTrading.uscc }, SECRET)}` };
  const customs = { authorization: `Bearer ${signHs256({ sub: 'two:customs', role: 'officer', agency: 'customs' }, SECRET)}` };
  let a: TestServer;
  let b: TestServer;
  let store: PostgresEventStore;
  let db: Client;
  let aClosed = false;

  beforeAll(async () => {
    a = await startTestServer(env);
    b = await startTestServer(env, a.database);
    store = new PostgresEventStore({ connectionString: a.database.url });
    db = new Client({ connectionString: a.database.url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await store?.close();
    if (!aClosed) await a?.close({ keepDatabase: true });
    await b?.close();
  });

  const subscriptions = async (server: TestServer) => (await server.request('GET', '/health')).body.checks.subscriptions.items as { name: string; state: string }[];
  const running = async (server: TestServer) => (await subscriptions(server)).filter((s) => s.state === 'running').map((s) => s.name);
  /** Every subscription of the app (both instances run the same ones). */
  let everyName: string[] = [];
  const submit = async (server: TestServer, body: object, headers: Record<string, string>) => {
    const answer = await server.request('POST', '/v1/declarations', body, headers);
    if (answer.status !== 202) throw new Error(`submission refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  };
  const count = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type).length;

  it('shares the subscriptions: each runs on exactly one of the two', async () => {
    everyName = (await subscriptions(a)).map((s) => s.name).sort();
    expect(everyName).toEqual(expect.arrayContaining(['agency-worklist', 'clearance-process', 'clearance-times', 'declaration-status', 'engine-clock']));
    expect((await subscriptions(b)).map((s) => s.name).sort()).toEqual(everyName);
    const owners = await eventually(async () => {
      const [onA, onB] = await Promise.all([running(a), running(b)]);
      expect([...onA, ...onB].sort()).toEqual(everyName);
      return { onA, onB };
    }, { timeoutMs: 15_000 });
    expect(owners.onA.filter((name) => owners.onB.includes(name))).toEqual([]);
  });

  let ids: string[] = [];
  let documentsLane: string[] = [];

  it('takes a burst through both, with one Idempotency-Key sent to both at once and decisions through both', async () => {
    // 40 low-risk exports (released with no officer), alternating instances.
    const exports = await Promise.all(Array.from({ length: 40 }, (_, i) => submit(i % 2 ? a : b, roadExport(), exporter)));
    // 10 keys, each sent to both instances at the same moment: one declaration per key.
    const keyed = await Promise.all(Array.from({ length: 10 }, async () => {
      const key = `two-${randomUUID()}`;
      const body = roadExport();
      const [first, second] = await Promise.all([submit(a, body, { ...exporter, 'idempotency-key': key }), submit(b, body, { ...exporter, 'idempotency-key': key })]);
      expect(second).toBe(first);
      return first;
    }));
    // 10 undervalued laptops (customs documents lane): an officer releases each through both instances at once.
    documentsLane = await Promise.all(Array.from({ length: 10 }, () =>
      submit(b, seaImport({ tradeMode: '0615', items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' }] }), importer)));
    for (const id of documentsLane) {
      await eventually(async () => expect((await a.request('GET', `/v1/agencies/customs/cases/${id}`, undefined, customs)).body).toMatchObject({ status: 'pending', lane: 'documents' }));
      const answers = await Promise.all([
        a.request('POST', `/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'price verified (A)' }, customs),
        b.request('POST', `/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'price verified (B)' }, customs),
      ]);
      expect(answers.map((x) => x.status).sort()).toEqual([202, 409]);
    }
    ids = [...exports, ...keyed, ...documentsLane];
    expect(new Set(ids).size).toBe(60);
  }, 60_000);

  it('loses no instance’s work when one shuts down in the middle of a burst: the other takes its subscriptions over', async () => {
    const burst = Array.from({ length: 30 }, (_, i) => submit(b, roadExport(), exporter).then((id) => {
      ids.push(id);
      return i;
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.close({ keepDatabase: true }); // drains its requests and its subscriptions' batches
    aClosed = true;
    await Promise.all(burst);
    await eventually(async () => expect((await running(b)).sort()).toEqual(everyName), { timeoutMs: 20_000 });
  }, 60_000);

  it('made every effect exactly once', async () => {
    expect(ids).toHaveLength(90);
    await eventually(async () => {
      const { rows } = await db.query(`select status, count(*)::int as n from declaration_status group by status`);
      expect(rows).toEqual([{ status: 'released', n: 90 }]);
    }, { timeoutMs: 60_000, intervalMs: 250 });
    await b.server.subscriptions.waitUntilCaughtUp(30_000);

    const problems: string[] = [];
    let cases = 0;
    for (const id of ids) {
      const events = await store.readByCorrelation(id);
      const declaration = events.filter((e) => e.streamId === `declaration-${id}`);
      const routed = declaration.find((e) => e.type === 'DeclarationRouted')?.data as { agencies: string[] } | undefined;
      const counts = {
        submitted: count(declaration, 'DeclarationSubmitted'), routed: count(declaration, 'DeclarationRouted'), released: count(declaration, 'DeclarationReleased'),
        casesOpened: count(events, 'CaseOpened'), agencies: routed?.agencies.length ?? -1,
        casesReleased: count(events, 'CaseReleased'),
      };
      cases += counts.casesOpened;
      if (counts.submitted !== 1 || counts.routed !== 1 || counts.released !== 1 || counts.casesOpened !== counts.agencies || counts.casesReleased !== counts.agencies) {
        problems.push(`${id}: ${JSON.stringify(counts)}`);
      }
      for (const stream of new Set(events.map((e) => e.streamId))) {
        const revisions = events.filter((e) => e.streamId === stream).map((e) => e.revision);
        if (revisions.some((r, i) => r !== i)) problems.push(`${stream}: revisions ${revisions.join(',')}`);
      }
      // Each event of the shipment applied once to its status view, no more, no less.
      const [view] = (await db.query('select view from declaration_status where id = $1', [id])).rows;
      if (view?.view.eventCount !== events.length) problems.push(`${id}: the view applied ${view?.view.eventCount} of ${events.length} events`);
    }
    expect(problems).toEqual([]);

    const rows = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    expect(await rows('select count(*)::int as n from declaration_status')).toBe(90);
    expect(await rows('select count(*)::int as n from clearance_times where released_at is not null')).toBe(90);
    expect(await rows('select count(*)::int as n from clearance_times')).toBe(90);
    expect(await rows('select count(*)::int as n from clearance_agency_times')).toBe(cases);
    expect(await rows('select count(*)::int as n from agency_worklist')).toBe(cases);
    expect(await rows(`select count(*)::int as n from clearance_shipments where status = 'released'`)).toBe(90);
    // Ten keys, each sent twice: ten declarations, not twenty.
    expect(await rows(`select count(*)::int as n from events where type = 'DeclarationSubmitted'`)).toBe(90);
  }, 120_000);
});
