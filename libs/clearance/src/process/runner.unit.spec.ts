import type { AppConfig, Clock } from '@sw/platform';
import { DeciderRepository, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@sw/event-store';
import { declarationDecider, routeDeclaration } from '@sw/declaration';
import { referenceData } from '@sw/reference-data';
import { roadExport } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ClearanceProcess } from './runner';
import { BorderPostTables } from './border-post.tables';
import { ClearanceTables } from './clearance.tables';
import { declarationStream, type DeclarationBody } from '@sw/shipment';
import { AgencyCases } from '@sw/agency-case';
import { borderPolicy } from '@sw/border';
import { customsPolicy } from '@sw/customs';
import { inspectionPolicy } from '@sw/inspection';

/**
 * A batch that fails on a database error is handed again by the subscription runner: the
 * retry must read again, not replay the failure. (The active alerts are read once per batch; a
 * failed read was kept, so after an outage every retry failed with the outage's error until an
 * alert event happened to pass.)
 */
describe('ClearanceProcess: a batch retried after a failed read', () => {
  function submitted(): RecordedEvent {
    const id = randomUUID();
    return {
      streamId: `declaration-${id}`, revision: 0, position: '1/1', id: randomUUID(), type: 'DeclarationSubmitted', recordedAt: new Date().toISOString(),
      data: { declaration: roadExport() },
      metadata: { correlationId: id, actor: { kind: 'enterprise', id: 'x' }, occurredAt: new Date().toISOString(), schemaVersion: 1, hash: '' },
    } as RecordedEvent;
  }

  it('reads the active alerts again on the retry, and opens the cases', async () => {
    let alertReads = 0;
    const manager = {
      query: async (sql: string) => {
        if (/from clearance_alerts/.test(sql) && ++alertReads === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return [];
      },
    };
    const opened: string[] = [];
    const cases = {
      handleAll: async (agency: string) => {
        opened.push(agency);
        return { events: [], eventIds: [] };
      },
      handle: async () => ({ events: [], eventIds: [] }),
    } as unknown as AgencyCases;
    const repository = { handle: async () => ({ events: [], eventIds: [], state: {} }) } as unknown as DeciderRepository;
    const clock: Clock = { now: () => new Date() } as Clock;
    const process = new ClearanceProcess(repository, cases, clock, { riskRandomSelection: false } as unknown as AppConfig, new ClearanceTables({ manager } as unknown as DataSource), new BorderPostTables({ manager } as unknown as DataSource));

    const batch = [submitted()];
    await expect(process.handle(batch)).rejects.toThrow('ECONNREFUSED');
    expect(opened).toEqual([]);
    await process.handle(batch);
    expect(alertReads).toBe(2);
    expect(opened.length).toBeGreaterThan(0);
  });
});

/**
 * New shipments' clearance_shipments rows are stored together at the end of the batch (one
 * statement instead of one round trip each), except a shipment whose later events in the same
 * batch need its row first.
 */
describe('ClearanceProcess: the rows of new shipments', () => {
  function event(declarationId: string, revision: number, type: string, data: unknown): RecordedEvent {
    return {
      streamId: `declaration-${declarationId}`, revision, position: '1/1', id: randomUUID(), type, recordedAt: new Date().toISOString(), data,
      metadata: { correlationId: declarationId, actor: { kind: 'enterprise', id: 'x' }, occurredAt: new Date().toISOString(), schemaVersion: 1, hash: '' },
    } as RecordedEvent;
  }

  function processRecording(statements: { sql: string; params: unknown[] }[]): ClearanceProcess {
    const manager = { query: async (sql: string, params: unknown[] = []) => { statements.push({ sql, params }); return []; } };
    const cases = { handleAll: async () => ({ events: [], eventIds: [] }), handle: async () => ({ events: [], eventIds: [] }) } as unknown as AgencyCases;
    const repository = { handle: async () => ({ events: [], eventIds: [], state: {} }) } as unknown as DeciderRepository;
    return new ClearanceProcess(repository, cases, { now: () => new Date() } as Clock, { riskRandomSelection: false } as unknown as AppConfig, new ClearanceTables({ manager } as unknown as DataSource), new BorderPostTables({ manager } as unknown as DataSource));
  }
  const inserted = (statement: { sql: string; params: unknown[] }) =>
    /insert into clearance_shipments/.test(statement.sql) ? (JSON.parse(statement.params[0] as string) as { declaration_id: string }[]).map((r) => r.declaration_id) : null;

  it('stores them in one statement at the end of the batch', async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await processRecording(statements).handle(ids.map((id) => event(id, 0, 'DeclarationSubmitted', { declaration: roadExport(), arrivedAt: new Date().toISOString() })));
    const inserts = statements.map(inserted).filter((ids) => ids !== null);
    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.sort()).toEqual([...ids].sort());
  });

  it("stores a shipment's row at once when a later event of the batch needs it (a withdrawal)", async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const [withdrawn, other] = [randomUUID(), randomUUID()];
    const arrivedAt = new Date().toISOString();
    await processRecording(statements).handle([
      event(withdrawn, 0, 'DeclarationSubmitted', { declaration: roadExport(), arrivedAt }),
      event(other, 0, 'DeclarationSubmitted', { declaration: roadExport(), arrivedAt }),
      event(withdrawn, 1, 'DeclarationWithdrawn', { reason: 'wrong consignee' }),
    ]);
    const insertOf = (id: string) => statements.findIndex((s) => inserted(s)?.includes(id));
    const withdrawal = statements.findIndex((s) => /set status = \$2/.test(s.sql) && s.params[1] === 'withdrawn');
    expect(insertOf(withdrawn)).toBeGreaterThanOrEqual(0);
    expect(insertOf(withdrawn)).toBeLessThan(withdrawal);
    expect(insertOf(other)).toBeGreaterThan(withdrawal); // the others still wait for the batch's end
    expect(statements.filter((s) => inserted(s) !== null)).toHaveLength(2);
  });
});

/**
 * A green lane's cases and its release go to the store in one appendMany; when the store refuses
 * it (streams written before a restart), the process goes the one-by-one way instead.
 */
describe('ClearanceProcess: a green lane in one write', () => {
  const now = new Date();

  function submissionWrite(): RecordedEvent[] {
    const declarationId = randomUUID();
    const declaration = roadExport() as unknown as DeclarationBody;
    const routing = routeDeclaration(declaration, referenceData());
    const decided = declarationDecider.decide({ type: 'Submit', declarationId, declaration, requestHash: 'h', arrivedAt: now.toISOString(), routing, now }, declarationDecider.initialState());
    return decided.map((event, revision) => ({
      streamId: declarationStream(declarationId), revision, position: `1/${revision + 1}`, id: randomUUID(), type: event.type, data: event.data, recordedAt: now.toISOString(),
      metadata: { correlationId: declarationId, actor: { kind: 'enterprise', id: 'x' }, occurredAt: now.toISOString(), schemaVersion: 1, hash: '' },
    }) as RecordedEvent);
  }

  function run(refuseAtOnce: boolean) {
    const writes: string[] = [];
    const rows: { status: string; released: string[]; agencies: string[] }[] = [];
    const kind = (stream: string) => stream.split('-')[0];
    const store = {
      readStream: async () => [],
      append: async (streamId: string, events: unknown[]) => {
        writes.push(kind(streamId));
        return { nextRevision: events.length - 1, position: '2/1' };
      },
      appendMany: async (appends: { streamId: string; events: unknown[] }[]) => {
        if (refuseAtOnce) throw new WrongExpectedRevisionError(appends[0].streamId, 'no-stream', 0);
        writes.push(appends.map((a) => kind(a.streamId)).join('+'));
        return appends.map((a) => ({ nextRevision: a.events.length - 1, position: '2/1' }));
      },
    } as unknown as EventStore;
    const repository = new DeciderRepository(store);
    const manager = {
      query: async (sql: string, params: unknown[] = []) => {
        if (/insert into clearance_shipments/.test(sql)) rows.push(...JSON.parse(params[0] as string));
        return [];
      },
    };
    const process = new ClearanceProcess(repository, new AgencyCases(repository, { customs: customsPolicy, inspection: inspectionPolicy, border: borderPolicy }), { now: () => now } as Clock, { riskRandomSelection: false } as unknown as AppConfig, new ClearanceTables({ manager } as unknown as DataSource), new BorderPostTables({ manager } as unknown as DataSource));
    return { process, writes, rows };
  }

  it('appends every case and the release together', async () => {
    const { process, writes, rows } = run(false);
    const events = submissionWrite();
    await process.handle(events);
    const agencies = (events[1].data as { agencies: string[] }).agencies;
    expect(writes).toEqual([[...agencies, 'declaration'].join('+')]);
    expect(rows).toEqual([expect.objectContaining({ status: 'released', agencies, released: agencies })]);
  });

  it('goes one by one when that write is refused, to the same end', async () => {
    const { process, writes, rows } = run(true);
    const events = submissionWrite();
    await process.handle(events);
    const agencies = (events[1].data as { agencies: string[] }).agencies;
    expect([...writes].sort()).toEqual([...agencies, 'declaration'].sort());
    expect(writes.at(-1)).toBe('declaration'); // released after its cases
    expect(rows).toEqual([expect.objectContaining({ status: 'released', agencies, released: agencies })]);
  });
});
