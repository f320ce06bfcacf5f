import { Actors, ENTERPRISES, eventually, roadExport, startTestServer, type TestServer } from '@sw/test-support';
import { Client } from 'pg';

/** An auditor replays a shipment, sees it as it stood at any instant, and proves its history. */
describe('audit, end to end', () => {
  let sw: TestServer;
  let actors: Actors;
  let id: string;

  beforeAll(async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    id = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
  });
  afterAll(async () => sw?.close());

  it('history spans the declaration and the agencies’ streams, in global order, with actor, time, correlation and causation', async () => {
    const { status, body } = await actors.auditor().get(`/v1/audit/shipments/${id}/events`);
    expect(status).toBe(200);
    const events = body.events as any[];
    const streams = new Set(events.map((e) => e.stream.split('-')[0]));
    expect([...streams].sort()).toEqual(['border', 'customs', 'declaration']);
    expect(events[0]).toMatchObject({ stream: `declaration-${id}`, revision: 0, type: 'DeclarationSubmitted', metadata: { actor: { kind: 'enterprise', id: ENTERPRISES.shenzhenElectronics.uscc }, correlationId: id } });
    expect(events.every((e) => e.metadata.correlationId === id && /^[0-9a-f]{64}$/.test(e.metadata.hash))).toBe(true);
    expect(events.at(-1).type).toBe('DeclarationReleased');
    // Causation links an event to what caused it: a case is opened because the declaration was submitted.
    const submitted = events.find((e) => e.type === 'DeclarationSubmitted');
    const opened = events.filter((e) => e.type === 'CaseOpened');
    expect(opened.map((e) => e.metadata.causationId)).toEqual([submitted.id, submitted.id]);
    // The release is caused by the case release that completed the set (the last agency's).
    expect(events.find((e) => e.type === 'DeclarationReleased').metadata.causationId).toBe(events.find((e) => e.type === 'CaseReleased' && e.stream.startsWith('border-')).id);
    // Each stream's revisions appear in order within the global order.
    for (const stream of new Set(events.map((e) => e.stream))) {
      const revisions = events.filter((e) => e.stream === stream).map((e) => e.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    }
  });

  it('shows the state as of any instant: not released at the first event, released now', async () => {
    const { body } = await actors.auditor().get(`/v1/audit/shipments/${id}/events`);
    const first = body.events[0].metadata.occurredAt;
    const atFirst = await actors.auditor().get(`/v1/audit/shipments/${id}/state?asOf=${encodeURIComponent(first)}`);
    expect(atFirst.status).toBe(200);
    // At the first event's millisecond the routing may already have happened; release may not.
    expect(atFirst.body).toMatchObject({ id, releasedAt: null, asOf: first });
    expect(['submitted', 'under-review']).toContain(atFirst.body.status);
    const now = await actors.auditor().get(`/v1/audit/shipments/${id}/state?asOf=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(now.body.status).toBe('released');
    // The as-of view now is the live view (one reducer for both).
    const live = (await actors.auditor().get(`/v1/declarations/${id}`)).body;
    const { asOf: _asOf, ...replayed } = now.body;
    expect(replayed).toEqual(live);
    const before = await actors.auditor().get(`/v1/audit/shipments/${id}/state?asOf=2000-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
    expect((await actors.auditor().get(`/v1/audit/shipments/${id}/state?asOf=yesterday`)).body.errors).toEqual([{ field: 'asOf', message: expect.any(String) }]);
  });

  it('verifies, refuses changes to stored events, and finds a change made by a superuser', async () => {
    const valid = await actors.auditor().get(`/v1/audit/shipments/${id}/verify`);
    expect(valid.body).toMatchObject({ valid: true, events: expect.any(Number) });

    const db = new Client({ connectionString: sw.database.url });
    await db.connect();
    try {
      const target = `customs-${id}`;
      await expect(db.query(`update events set data = jsonb_set(data, '{lane}', '"examination"') where stream_id = $1 and revision = 1`, [target])).rejects.toMatchObject({ code: 'SW003' });
      await expect(db.query('delete from events where stream_id = $1', [target])).rejects.toMatchObject({ code: 'SW003' });
      // A superuser can bypass triggers; the hash chain still tells.
      await db.query('begin');
      await db.query(`set local session_replication_role = replica`);
      await db.query(`update events set data = jsonb_set(data, '{lane}', '"examination"') where stream_id = $1 and revision = 1`, [target]);
      await db.query('commit');
      const broken = await actors.auditor().get(`/v1/audit/shipments/${id}/verify`);
      expect(broken.body).toMatchObject({ valid: false, brokenAt: { stream: target, revision: 1 } });
    } finally {
      await db.end();
    }
  });

  it('is for auditors only, and 404 for an unknown shipment', async () => {
    expect((await actors.officer('customs').get(`/v1/audit/shipments/${id}/events`)).status).toBe(403);
    expect((await actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc).get(`/v1/audit/shipments/${id}/verify`)).status).toBe(403);
    expect((await actors.auditor().get('/v1/audit/shipments/00000000-0000-4000-8000-000000000000/events')).status).toBe(404);
    expect((await actors.auditor().post(`/v1/declarations`, roadExport())).status).toBe(403); // auditors write nothing
  });
});
