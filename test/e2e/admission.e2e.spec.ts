import { PostgresEventStore } from '@sw/event-store';
import { Actors, ENTERPRISES, createTestDatabase, eventually, roadExport, seaImport, startTestServer, type TestDatabase, type TestServer } from '@sw/test-support';

/**
 * Admission control (issue 22, API.md "Conventions": ADMISSION_MAX_BACKLOG_SECONDS): a server that
 * says no before it drowns. The API runs as its own process (SW_ROLE=api) beside a worker; the
 * worker stops, so the pipeline falls behind. Past the limit (1 s here) new submissions get 503
 * admission-backlog with Retry-After and nothing is stored; an officer's decision is still taken;
 * /health and /metrics show the backlog. A worker comes back: everything accepted is released,
 * and submissions are taken again.
 */
describe('admission control: new submissions are shed while the pipeline is behind', () => {
  const env = { RISK_RANDOM_SELECTION: 'off', ADMISSION_MAX_BACKLOG_SECONDS: '1' };
  let database: TestDatabase, api: TestServer, worker: TestServer | null = null, actors: Actors;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestServer({ ...env, SW_ROLE: 'api' }, database);
    worker = await startTestServer({ ...env, SW_ROLE: 'worker' }, database);
    actors = new Actors(api);
  });
  afterAll(async () => {
    await worker?.close({ keepDatabase: true });
    await api?.close({ keepDatabase: true });
    await database?.drop();
  });

  const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
  const statusOf = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body?.status;
  const health = async () => (await api.request('GET', '/health')).body;
  const metric = async (name: string) => {
    const text: string = (await api.request('GET', '/metrics')).body;
    const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  // Portable computers at USD 100 a unit, bonded (0615): customs' documents lane, waiting for an officer.
  const undervalued = () => seaImport({ tradeMode: '0615', items: [{ hsCode: '8471300000', description: 'portable computers, 14 inch', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' }] });

  it('sheds submissions (503, Retry-After, nothing stored) but never a decision; all accepted is released once a worker is back', async () => {
    // A caught-up pipeline admits everything.
    const first = await exporter().post('/v1/declarations', roadExport());
    expect(first.status).toBe(202);
    const held = await actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).post('/v1/declarations', undervalued());
    expect(held.status).toBe(202);
    await eventually(async () => expect(await statusOf(first.body.id)).toBe('released'), { timeoutMs: 20_000 });
    await eventually(async () => {
      const { body } = await actors.officer('customs').get(`/v1/agencies/customs/cases/${held.body.id}`);
      expect(body).toMatchObject({ status: 'pending', lane: 'documents' });
    }, { timeoutMs: 20_000 });
    await eventually(async () => expect((await health()).checks.admission).toMatchObject({ state: 'admitting', maxBacklogSeconds: 1 }));

    // The worker stops: what is accepted now waits.
    await worker!.close({ keepDatabase: true });
    worker = null;
    const accepted = await exporter().post('/v1/declarations', roadExport());
    expect(accepted.status).toBe(202);

    // Until the backlog passes the limit, submissions are still taken: each one accepted must be released later.
    const acceptedMeanwhile: string[] = [accepted.body.id];
    const refused = await eventually(async () => {
      const answer = await exporter().post('/v1/declarations', roadExport());
      if (answer.status === 202) acceptedMeanwhile.push(answer.body.id);
      expect(answer.status).toBe(503);
      return answer;
    }, { timeoutMs: 15_000, intervalMs: 200 });
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 503, code: 'admission-backlog' });
    expect(refused.body.detail).toMatch(/behind/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // A refused submission stored nothing: the store holds the accepted submissions only.
    const store = new PostgresEventStore({ connectionString: database.url });
    try {
      const submitted = await store.readAll({ filter: { eventTypes: ['DeclarationSubmitted'] } });
      expect(submitted.map((e) => e.metadata.correlationId).sort()).toEqual([first.body.id, held.body.id, ...acceptedMeanwhile].sort());
    } finally {
      await store.close();
    }

    const shown = (await health()).checks.admission;
    expect(shown.state).toBe('shedding');
    expect(shown.backlogSeconds).toBeGreaterThanOrEqual(1); // shedding means over the 1 s limit; shown to a tenth (1.04 reads 1)
    expect(shown.shed).toBeGreaterThanOrEqual(1);
    expect(Object.keys(shown.bySubscription)).toContain('clearance-process');
    expect(await metric('sw_pipeline_backlog_seconds')).toBeGreaterThan(1);
    expect(await metric('sw_admission_shedding')).toBe(1);
    expect(await metric('sw_admission_shed_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('sw_admission_max_backlog_seconds')).toBe(1);

    // An officer's decision is never shed.
    const decided = await actors.officer('customs').post(`/v1/agencies/customs/cases/${held.body.id}/decisions`, { decision: 'release', reason: 'price verified against the invoice' });
    expect(decided.status).toBe(202);

    // A worker comes back: the backlog drains, everything accepted is released, submissions are taken again.
    worker = await startTestServer({ ...env, SW_ROLE: 'worker' }, database);
    await eventually(async () => {
      for (const id of acceptedMeanwhile) expect(await statusOf(id)).toBe('released');
      expect(await statusOf(held.body.id)).toBe('released');
    }, { timeoutMs: 30_000, intervalMs: 100 });
    await eventually(async () => expect((await health()).checks.admission.state).toBe('admitting'), { timeoutMs: 10_000 });
    const again = await exporter().post('/v1/declarations', roadExport());
    expect(again.status).toBe(202);
    await eventually(async () => expect(await statusOf(again.body.id)).toBe('released'), { timeoutMs: 20_000 });
  });
});
