import type { RecordedEvent } from '@sw/event-store';
import { ProjectionTwins } from '@sw/test-support';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { ClearanceTimesFromArrival1763900002100, ClearanceTimesProjection, ClearanceTimesReadModel1763900000500 } from './clearance-times.projection';

/** The tables as the migrations leave them, in order. */
class ClearanceTimesTables implements MigrationInterface {
  name = 'ClearanceTimesTables1763900002101';
  async up(queryRunner: QueryRunner): Promise<void> {
    await new ClearanceTimesReadModel1763900000500().up(queryRunner);
    await new ClearanceTimesFromArrival1763900002100().up(queryRunner);
  }
  async down(): Promise<void> {}
}

/**
 * The batched projection (at most four statements a batch) against the per-event SQL it
 * replaced, kept here verbatim as the reference: random event sequences, split into random
 * batches for the batched one, must leave exactly the same rows in both tables.
 */
async function referenceHandle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
  for (const event of events) {
    const id = event.metadata.correlationId;
    const at = event.metadata.occurredAt;
    const data = event.data as Record<string, any>;
    const agency = event.streamId.startsWith('declaration-') ? null : event.streamId.slice(0, event.streamId.indexOf('-'));
    switch (event.type) {
      case 'DeclarationSubmitted':
        await manager.query(
          `insert into clearance_times (declaration_id, declarant_uscc, mode, direction, port_of_entry, status, submitted_at, arrived_at)
           values ($1, $2, $3, $4, $5, 'open', $6, $7) on conflict do nothing`,
          [id, data.declaration.declarant.uscc, data.declaration.mode, data.declaration.direction, data.declaration.portOfEntry, at, data.arrivedAt ?? null],
        );
        break;
      case 'ArrivalRecorded':
        await manager.query('update clearance_times set arrived_at = coalesce(arrived_at, $2) where declaration_id = $1', [id, data.arrivedAt]);
        break;
      case 'DeclarationRouted':
        await manager.query('update clearance_times set routed_at = coalesce(routed_at, $2) where declaration_id = $1', [id, at]);
        break;
      case 'DeclarationReleased':
        await manager.query(`update clearance_times set released_at = coalesce(released_at, $2), status = 'released' where declaration_id = $1`, [id, at]);
        break;
      case 'GoodsExited':
        await manager.query(`update clearance_times set exited_at = coalesce(exited_at, $2), status = 'exited' where declaration_id = $1`, [id, at]);
        break;
      case 'DeclarationWithdrawn':
      case 'DeclarationRejected':
        await manager.query('update clearance_times set closed_at = coalesce(closed_at, $2), status = $3 where declaration_id = $1', [id, at, event.type === 'DeclarationWithdrawn' ? 'withdrawn' : 'rejected']);
        break;
      case 'CaseOpened':
        await manager.query('insert into clearance_agency_times (declaration_id, agency, opened_at) values ($1, $2, $3) on conflict do nothing', [id, agency, at]);
        break;
      case 'RiskAssessed':
        await manager.query('update clearance_agency_times set assessed_at = coalesce(assessed_at, $3), lane = $4 where declaration_id = $1 and agency = $2', [id, agency, at, data.lane]);
        if (data.lane === 'examination') await manager.query('update clearance_agency_times set examination_requested_at = coalesce(examination_requested_at, $3) where declaration_id = $1 and agency = $2', [id, agency, at]);
        break;
      case 'ExaminationRequested':
        await manager.query('update clearance_agency_times set examination_requested_at = coalesce(examination_requested_at, $3) where declaration_id = $1 and agency = $2', [id, agency, at]);
        break;
      case 'ExaminationCompleted':
        await manager.query('update clearance_agency_times set examined_at = coalesce(examined_at, $3) where declaration_id = $1 and agency = $2', [id, agency, at]);
        break;
      case 'CaseReleased':
        await manager.query('update clearance_agency_times set released_at = coalesce(released_at, $3) where declaration_id = $1 and agency = $2', [id, agency, at]);
        break;
    }
  }
}

const TABLES = ['clearance_times', 'clearance_agency_times'];
const IDS = [randomUUID(), randomUUID()];
const TIMES = ['2025-03-01T08:00:00.000Z', '2025-03-01T09:30:00.123Z', '2025-03-01T10:00:00.000001Z', '2025-03-02T01:00:00+08:00', '2025-02-28T23:59:59.999Z'];
const OVERALL = ['DeclarationSubmitted', 'ArrivalRecorded', 'DeclarationRouted', 'DeclarationReleased', 'GoodsExited', 'DeclarationWithdrawn', 'DeclarationRejected', 'DutiesAssessed'];
const AGENCY = ['CaseOpened', 'RiskAssessed', 'ExaminationRequested', 'ExaminationCompleted', 'CaseReleased', 'CaseHeld'];

let counter = 0;
function event(type: string, stream: string, id: string, at: string, data: Record<string, unknown>): RecordedEvent {
  counter++;
  return {
    streamId: `${stream}-${id}`, revision: 0, position: `1/${counter}`, id: randomUUID(), type, data,
    metadata: { correlationId: id, occurredAt: at } as RecordedEvent['metadata'], recordedAt: at,
  };
}

const anEvent = fc.record({
  // Mostly declaration events on the declaration's stream and case events on an agency's, as the
  // engine appends them, but either kind on any stream (CaseOpened on the declaration's stream
  // would fail the reference too: no agency).
  overall: fc.boolean(), overallType: fc.oneof(fc.constant('DeclarationSubmitted'), fc.constantFrom(...OVERALL)),
  agencyType: fc.oneof(fc.constant('CaseOpened'), fc.constantFrom(...AGENCY)),
  stream: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('declaration', 'customs', 'inspection', 'border') }),
  agency: fc.constantFrom('customs', 'inspection', 'border'), id: fc.constantFrom(...IDS), at: fc.constantFrom(...TIMES),
  uscc: fc.constantFrom('91310000MA1FL0000A', '91440300MA5F00000B'), direction: fc.constantFrom('import', 'export'), port: fc.constantFrom('2200', '5301'),
  arrivedAt: fc.option(fc.constantFrom(...TIMES), { nil: null }), lane: fc.option(fc.constantFrom('green', 'documentary', 'examination'), { nil: undefined }),
}).map((e) => {
  const type = e.overall ? e.overallType : e.agencyType;
  const stream = type === 'CaseOpened' ? e.agency : e.stream ?? (e.overall ? 'declaration' : e.agency);
  const data = type === 'DeclarationSubmitted' ? { declaration: { declarant: { uscc: e.uscc }, mode: 'normal', direction: e.direction, portOfEntry: e.port }, arrivedAt: e.arrivedAt }
    : type === 'ArrivalRecorded' ? { arrivedAt: e.arrivedAt ?? e.at } : type === 'RiskAssessed' ? { lane: e.lane } : {};
  return event(type, stream, e.id, e.at, data);
});

describe('ClearanceTimesProjection, batched', () => {
  const twins = new ProjectionTwins(ClearanceTimesTables, TABLES);
  const projection = new ClearanceTimesProjection();
  beforeAll(() => twins.open());
  afterAll(() => twins.close());
  const compare = (events: RecordedEvent[], sizes: number[]) => twins.compare(events, sizes, referenceHandle, (batch, manager) => projection.handle(batch, manager));

  it('leaves the same rows as the per-event SQL, for any events in any batches', async () => {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anEvent, { minLength: 1, maxLength: 60, size: 'max' }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }), async (events, sizes) => {
        const rows = await compare(events, sizes);
        if (rows.clearance_times.length && rows.clearance_agency_times.length) reached++;
      }),
      { numRuns: 150 },
    );
    expect(reached).toBeGreaterThan(100); // the sequences do reach both tables
  });

  it('given a declaration submitted in an earlier batch, keeps the first time of each stage', async () => {
    const [id] = IDS;
    const rows = await compare([
      event('DeclarationSubmitted', 'declaration', id, TIMES[0], { declaration: { declarant: { uscc: 'U' }, mode: 'normal', direction: 'import', portOfEntry: '2200' }, arrivedAt: null }),
      event('ArrivalRecorded', 'declaration', id, TIMES[1], { arrivedAt: TIMES[4] }),
      event('CaseOpened', 'customs', id, TIMES[0], {}),
      event('DeclarationRouted', 'declaration', id, TIMES[2], {}),
      event('RiskAssessed', 'customs', id, TIMES[1], { lane: 'green' }),
      event('DeclarationRouted', 'declaration', id, TIMES[3], {}),
      event('RiskAssessed', 'customs', id, TIMES[3], { lane: 'examination' }),
      event('DeclarationReleased', 'declaration', id, TIMES[3], {}),
      event('DeclarationRejected', 'declaration', id, TIMES[4], {}),
    ], [1, 1, 3]);
    expect(rows.clearance_times.map((r: any) => r.row)).toEqual([expect.objectContaining({ declaration_id: id, status: 'rejected', declarant_uscc: 'U', direction: 'import', port_of_entry: '2200' })]);
    expect(new Date(rows.clearance_times[0].row.arrived_at).toISOString()).toBe(TIMES[4]);
    expect(rows.clearance_agency_times.map((r: any) => r.row)).toEqual([expect.objectContaining({ agency: 'customs', lane: 'examination' })]);
  });
});
