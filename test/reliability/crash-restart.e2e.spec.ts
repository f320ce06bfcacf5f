import { Actors, ENTERPRISES, eventually, freePort, roadExport, seaImport, ServerProcess } from '@sw/test-support';
import { verifyChain, PostgresEventStore } from '@sw/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * kill -9 in the middle of a burst of writes, then start again on the same data directory:
 * every acknowledged write is stored, and the projection has applied every event exactly once
 * (its read model adds, so an event applied twice or skipped shows in the total).
 */
describe('kill -9 during writes, then restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sw-crash-'));
  let server: ServerProcess;
  let pgPort: number;

  beforeAll(async () => {
    pgPort = await freePort();
    server = new ServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) }, await freePort());
    await server.start();
  }, 90_000);

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    ServerProcess.cleanUp(dataDir, server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function burstUntilKilled(killAfterAcks: number): Promise<number[]> {
    const acknowledged: number[] = [];
    let killed = false;
    const writer = async () => {
      while (!killed) {
        try {
          const response = await fetch(`${server.url}/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":"PT1S"}' });
          if (response.status === 202) acknowledged.push(((await response.json()) as { revision: number }).revision);
        } catch {
          return; // the connection died with the server: not acknowledged
        }
        if (acknowledged.length >= killAfterAcks && !killed) {
          killed = true;
          server.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, writer));
    return acknowledged;
  }

  it.each([1, 2])('round %i: loses no acknowledged write and applies no event twice', async (round) => {
    const acknowledged = await burstUntilKilled(60 + round * 40);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    await server.start(); // stops the orphaned PostgreSQL, starts again on the same data

    const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
    const store = new PostgresEventStore({ connectionString: url });
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const events = await store.readStream('engine-clock');
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i)); // contiguous
      expect(new Set(acknowledged).size).toBe(acknowledged.length); // no revision acknowledged twice
      for (const revision of acknowledged) expect(revision).toBeLessThan(events.length);
      expect(verifyChain(events)).toEqual({ valid: true, events: events.length });
      await eventually(async () => {
        const [row] = (await db.query('select offset_ms::text as offset, advances from engine_clock')).rows;
        expect(row).toEqual({ offset: String(events.length * 1000), advances: events.length });
      }, { timeoutMs: 20_000 });
      const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      await db.end();
      await store.close();
    }
  }, 90_000);
});

/**
 * kill -9 in the middle of a burst of the whole clearance: enterprises submitting, officers of
 * two agencies holding and releasing, and both agencies of a joint examination recording
 * findings, while the process manager opens cases, schedules the examination and releases.
 * After the restart on the same data, every acknowledged write is stored, every process-manager
 * effect happened once, and every shipment is released exactly once, with a valid hash chain.
 *
 * Three kinds of shipment (random selection off, so the lanes come from seeds/risk):
 *  - green: a road export of laptops; customs and border release by themselves;
 *  - officers: a bonded import of cheap laptops (customs documents lane) and biscuits (inspection
 *    documents lane); both officers release, every third after a customs hold;
 *  - examination: a bonded import of frozen beef by a discredited enterprise: customs (scan,
 *    documents) and inspection (scan, physical, sampling, lab) join one examination; the scan
 *    customs passes is recognized for inspection (监管互认), whose officer releases after it.
 */
describe('kill -9 during submissions and officers\' decisions, then restart', () => {
  const DISCREDITED = { uscc: '91330782MA2E7G6J9Y', name: 'Yiwu Xingchen Toys Co., Ltd.' };
  const BONDED = '0615';
  type Kind = 'green' | 'officers' | 'examination';
  type Agency = 'customs' | 'inspection' | 'border';
  const KINDS: Kind[] = ['green', 'officers', 'examination'];
  const AGENCIES: Record<Kind, Agency[]> = { green: ['border', 'customs'], officers: ['customs', 'inspection'], examination: ['customs', 'inspection'] };
  const DECLARANT: Record<Kind, string> = { green: ENTERPRISES.shenzhenElectronics.uscc, officers: ENTERPRISES.shanghaiTrading.uscc, examination: DISCREDITED.uscc };
  const bodyOf = (kind: Kind) => {
    if (kind === 'green') return roadExport();
    if (kind === 'officers') {
      return seaImport({ tradeMode: BONDED, items: [
        { hsCode: '8471300000', description: 'portable computers, 14 inch', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' },
        { hsCode: '1905310000', description: 'sweet biscuits, prepackaged', quantity: 2000, unit: '035', value: 8000, originCountry: 'DNK' },
      ] });
    }
    return seaImport({ declarant: DISCREDITED, customsOffice: '2921', tradeMode: BONDED, items: [
      { hsCode: '0202300090', description: 'frozen boneless beef', quantity: 24000, unit: '035', value: 120000, originCountry: 'BRA' },
    ] });
  };

  /** A write the server acknowledged with 2xx: what must be found in the event store. */
  interface Ack { kind: 'submission' | 'decision' | 'findings'; id: string; stream: string; revision: number; type: string; agency?: Agency }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sw-crash-clearance-'));
  let server: ServerProcess;
  let pgPort: number;
  let actors: Actors;
  beforeAll(async () => {
    pgPort = await freePort();
    server = new ServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), RISK_RANDOM_SELECTION: 'off' }, await freePort());
    await server.start();
    actors = new Actors(server);
  }, 90_000);
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    ServerProcess.cleanUp(dataDir, server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  class Killed extends Error {}
  let killed = false;
  /** Declarations acknowledged in every round so far (a round finds the earlier rounds' too). */
  const acknowledgedIds = new Set<string>();
  /** A request; once the server is dead (connection refused or cut), every worker stops. */
  async function send(call: () => Promise<{ status: number; body: any }>): Promise<{ status: number; body: any }> {
    if (killed) throw new Killed();
    try {
      return await call();
    } catch (error) {
      if (killed) throw new Killed(); // the connection died with the server: not acknowledged
      throw error;
    }
  }
  const officer = (agency: Agency) => actors.officer(agency);
  const caseOf = async (agency: Agency, id: string) => (await send(() => officer(agency).get(`/v1/agencies/${agency}/cases/${id}`))).body;
  /** Polls until `ready` holds (or the server dies). */
  async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ready(value)) return value;
      if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Everything an officer still has to do on a shipment, in order; each accepted write is acknowledged in `acks`. */
  async function decideShipment(kind: Kind, id: string, index: number, acks: Ack[]): Promise<void> {
    const decide = async (agency: Agency, decision: 'hold' | 'release') => {
      const answer = await send(() => officer(agency).post(`/v1/agencies/${agency}/cases/${id}/decisions`, { decision, reason: `${decision} by the ${agency} officer` }));
      if (answer.status === 202) acks.push({ kind: 'decision', id, stream: `${agency}-${id}`, revision: answer.body.revision, type: decision === 'hold' ? 'CaseHeld' : 'CaseReleased', agency });
      else if (!(answer.status === 409 && answer.body.code === 'case-released')) throw new Error(`${decision} of ${agency}-${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    if (kind === 'officers') {
      await Promise.all((['customs', 'inspection'] as const).map(async (agency) => {
        const assessed = await until(() => caseOf(agency, id), (c) => c?.lane === 'documents');
        if (assessed.status === 'released') return;
        if (agency === 'customs' && index % 3 === 0 && assessed.status === 'pending') await decide('customs', 'hold');
        await decide(agency, 'release');
      }));
    }
    if (kind === 'examination') {
      for (const agency of ['customs', 'inspection'] as const) {
        const exam = await until(async () => (await send(() => officer(agency).get(`/v1/examinations/${id}`))).body,
          (e) => e?.agencies?.length === 2 && (e.requiredChecks?.[agency]?.length ?? 0) > 0);
        const pending = (exam.requiredChecks[agency] as { check: string; status: string }[]).filter((c) => c.status === 'pending');
        if (pending.length === 0) continue;
        const answer = await send(() => officer(agency).post(`/v1/examinations/${id}/findings`, { checks: pending.map((c) => ({ check: c.check, result: 'pass', note: 'in order' })) }));
        if (answer.status !== 202) throw new Error(`findings of ${agency} on ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
        acks.push({ kind: 'findings', id, stream: `examination-${id}`, revision: answer.body.revision, type: 'FindingsRecorded', agency });
      }
      // Customs releases by itself after the examination; inspection's officer releases.
      const inspection = await until(() => caseOf('inspection', id), (c) => c?.status === 'released' || (c?.releaseBlockers?.length === 0 && c?.status !== 'examination'));
      if (inspection.status !== 'released') await decide('inspection', 'release');
    }
  }

  it.each([1, 2])('round %i: loses no acknowledged write, repeats no effect, and releases every shipment exactly once', async (round) => {
    for (const agency of ['customs', 'inspection', 'border'] as const) await actors.token({ role: 'officer', agency });
    for (const kind of KINDS) await actors.token({ role: 'enterprise', uscc: DECLARANT[kind] });

    // The burst: three enterprises submitting, officers deciding on what they submitted, until the kill.
    const acks: Ack[] = [];
    const queues: Record<Kind, string[]> = { green: [], officers: [], examination: [] };
    let submitted = 0;
    killed = false;
    const kill = () => {
      if (killed) return;
      const counts = { decision: acks.filter((a) => a.kind === 'decision').length, findings: acks.filter((a) => a.kind === 'findings').length };
      if (acks.length >= 40 + round * 30 && counts.decision >= 12 && counts.findings >= 2) {
        killed = true;
        server.kill();
      }
    };
    const enterprise = async () => {
      while (!killed) {
        if (queues.officers.length + queues.examination.length > 6) { // the officers' pace, not a flood
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const kind = KINDS[submitted++ % 3];
        const answer = await send(() => actors.enterprise(DECLARANT[kind]).post('/v1/declarations', bodyOf(kind))).catch((e) => { if (e instanceof Killed) return null; throw e; });
        if (!answer) return;
        if (answer.status !== 202) throw new Error(`submission: ${answer.status} ${JSON.stringify(answer.body)}`);
        acks.push({ kind: 'submission', id: answer.body.id, stream: `declaration-${answer.body.id}`, revision: answer.body.revision, type: 'DeclarationSubmitted' });
        acknowledgedIds.add(answer.body.id);
        queues[kind].push(answer.body.id);
        kill();
      }
    };
    let taken = 0;
    const officers = async () => {
      while (!killed) {
        const kind = queues.officers.length ? 'officers' : queues.examination.length ? 'examination' : null;
        if (!kind) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const id = queues[kind].shift()!;
        try {
          await decideShipment(kind, id, taken++, acks);
        } catch (error) {
          if (error instanceof Killed) return;
          throw error;
        }
        kill();
      }
    };
    const started = Date.now();
    const stuck = setTimeout(() => { // the burst never got that far: kill anyway, the counts below fail
      killed = true;
      server.kill();
    }, 45_000);
    await Promise.all([enterprise(), enterprise(), officers(), officers(), officers()]).finally(() => clearTimeout(stuck));
    const burstMs = Date.now() - started;
    expect(acks.length).toBeGreaterThanOrEqual(40 + round * 30);

    // Up again on the same data: finish every stored shipment (acknowledged or not) and let the pipeline settle.
    const restartStarted = Date.now();
    killed = false; // lets the finishing work below send requests again
    await server.start();
    const restartMs = Date.now() - restartStarted;
    const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const stored = new Map<string, Kind | undefined>(
        (await db.query(`select stream_id, data->'declaration'->'declarant'->>'uscc' as uscc from events where type = 'DeclarationSubmitted'`)).rows
          .map((r) => [r.stream_id.replace('declaration-', ''), KINDS.find((k) => DECLARANT[k] === r.uscc)!]),
      );
      expect([...stored.values()].filter((kind) => !kind)).toEqual([]);
      const afterRestart: Ack[] = [];
      await Promise.all([...stored].map(([id, kind], index) => decideShipment(kind!, id, index, afterRestart)));
      const decidedMs = Date.now() - restartStarted;
      await eventually(async () => {
        const { rows } = await db.query(`select status, count(*)::int as n from declaration_status group by status`);
        expect(rows).toEqual([{ status: 'released', n: stored.size }]);
        const [{ n: times }] = (await db.query('select count(*)::int as n from clearance_times')).rows;
        expect(times).toBe(stored.size);
      }, { timeoutMs: 30_000, intervalMs: 200 });

      // Every acknowledged write is stored: the submission, and each decision and finding at the revision its answer gave.
      const byStream = new Map<string, { revision: number; type: string; data: any }[]>();
      for (const row of (await db.query(`select stream_id, revision::int, type, data from events order by stream_id, revision`)).rows) {
        if (!byStream.has(row.stream_id)) byStream.set(row.stream_id, []);
        byStream.get(row.stream_id)!.push(row);
      }
      for (const ack of acks) {
        if (ack.kind === 'submission') expect(stored.has(ack.id)).toBe(true);
        const events = byStream.get(ack.stream) ?? [];
        const atOrBefore = events.slice(0, ack.revision + 1).filter((e) => e.type === ack.type && (ack.kind !== 'findings' || e.data.agency === ack.agency));
        expect({ ack, stored: atOrBefore.length > 0, revisions: events.length > ack.revision }).toEqual({ ack, stored: true, revisions: true });
        if (ack.kind === 'decision') expect(events[ack.revision].type).toBe(ack.type);
      }

      // Every stream contiguous; event ids unique.
      for (const [stream, events] of byStream) expect({ stream, revisions: events.map((e) => e.revision) }).toEqual({ stream, revisions: events.map((_, i) => i) });
      const [ids] = (await db.query(`select count(*)::int as events, count(distinct event_id)::int as ids from events`)).rows;
      expect(ids.ids).toBe(ids.events);

      // Every shipment: one submission, one case per routed agency opened once and released once,
      // one examination scheduled once when it had one, one declaration release, a verifying history.
      const count = (stream: string, type: string) => (byStream.get(stream) ?? []).filter((e) => e.type === type).length;
      const auditor = actors.auditor();
      for (const [id, k] of stored) {
        const kind = k!;
        const streams = [...byStream.keys()].filter((s) => s.endsWith(id)).sort();
        const expected = [...AGENCIES[kind].map((a) => `${a}-${id}`), `declaration-${id}`, ...(kind === 'examination' ? [`examination-${id}`] : [])].sort();
        const effects = {
          streams,
          submitted: count(`declaration-${id}`, 'DeclarationSubmitted'),
          released: count(`declaration-${id}`, 'DeclarationReleased'),
          cases: AGENCIES[kind].map((a) => [a, count(`${a}-${id}`, 'CaseOpened'), count(`${a}-${id}`, 'RiskAssessed'), count(`${a}-${id}`, 'CaseReleased')]),
          examination: kind === 'examination' ? [count(`examination-${id}`, 'ExaminationScheduled'), count(`examination-${id}`, 'ExaminationCompleted')] : [],
        };
        expect({ id, kind, ...effects }).toEqual({
          id, kind, streams: expected, submitted: 1, released: 1,
          cases: AGENCIES[kind].map((a) => [a, 1, 1, 1]),
          examination: kind === 'examination' ? [1, 1] : [],
        });
        const verdict = await auditor.get(`/v1/audit/shipments/${id}/verify`);
        expect({ id, ...verdict.body }).toMatchObject({ id, valid: true, events: expected.reduce((n, s) => n + byStream.get(s)!.length, 0) });
      }
      const health = await server.request('GET', '/health');
      expect(health.body.status).toBe('ok');
      const tally = (kind: Ack['kind']) => acks.filter((a) => a.kind === kind).length;
      process.stdout.write(`crash: killed after ${burstMs} ms with ${acks.length} writes acknowledged (${tally('submission')} submissions, ${tally('decision')} decisions, `
        + `${tally('findings')} findings); ${stored.size} declarations stored in all (${stored.size - acknowledgedIds.size} never acknowledged); restarted in ${restartMs} ms; `
        + `${afterRestart.length} writes after the restart to finish them (decided ${decidedMs} ms, all released ${Date.now() - restartStarted} ms after the kill)\n`);
    } finally {
      await db.end();
    }
  }, 120_000);
});
