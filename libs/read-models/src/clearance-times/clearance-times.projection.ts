import { Injectable } from '@nestjs/common';
import type { AgencyCaseEvent } from '@sw/agency-case';
import type { DeclarationEvent } from '@sw/declaration';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { rowProjection, type Recorded } from '../row-projection';

export class ClearanceTimesReadModel1763900000500 implements MigrationInterface {
  name = 'ClearanceTimesReadModel1763900000500';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_times (
      declaration_id uuid primary key,
      declarant_uscc text not null,
      mode text not null,
      status text not null,
      submitted_at timestamptz not null,
      routed_at timestamptz,
      released_at timestamptz,
      exited_at timestamptz,
      closed_at timestamptz
    )`);
    await queryRunner.query('create index if not exists clearance_times_submitted on clearance_times (submitted_at)');
    await queryRunner.query('create index if not exists clearance_times_open on clearance_times (submitted_at) where released_at is null and closed_at is null');
    await queryRunner.query(`create table if not exists clearance_agency_times (
      declaration_id uuid not null,
      agency text not null,
      opened_at timestamptz not null,
      assessed_at timestamptz,
      lane text,
      examination_requested_at timestamptz,
      examined_at timestamptz,
      released_at timestamptz,
      primary key (declaration_id, agency)
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_agency_times; drop table if exists clearance_times;');
  }
}

/**
 * 整体通关时间 as China measures it needs where and which way the goods go and when they arrived
 * (运抵): imports count from arrival, exports from declaration. The rows already stored lack them,
 * so the projection is replayed from the start (its checkpoint dropped; the tables refill).
 */
export class ClearanceTimesFromArrival1763900002100 implements MigrationInterface {
  name = 'ClearanceTimesFromArrival1763900002100';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table clearance_times add column if not exists direction text,
      add column if not exists port_of_entry text, add column if not exists arrived_at timestamptz`);
    await queryRunner.query('create index if not exists clearance_times_released on clearance_times (released_at)');
    await queryRunner.query('truncate clearance_times, clearance_agency_times');
    await queryRunner.query(`do $$ begin
      if to_regclass('subscription_checkpoints') is not null then delete from subscription_checkpoints where name = 'clearance-times'; end if;
    end $$`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table clearance_times drop column if exists direction, drop column if exists port_of_entry, drop column if exists arrived_at');
  }
}

/** One clearance_times row; timestamps as PostgreSQL reads them back (text, exact). */
export interface ClearanceTimesRow {
  declaration_id: string;
  declarant_uscc: string;
  mode: string;
  direction: string;
  port_of_entry: string;
  status: string;
  submitted_at: string;
  /** 运抵: as submitted (a standard declaration's goods are at the port), else from ArrivalRecorded. */
  arrived_at: string | null;
  routed_at: string | null;
  released_at: string | null;
  exited_at: string | null;
  closed_at: string | null;
}

/** One clearance_agency_times row. */
export interface ClearanceAgencyTimesRow {
  declaration_id: string;
  agency: string;
  opened_at: string;
  assessed_at: string | null;
  lane: string | null;
  examination_requested_at: string | null;
  examined_at: string | null;
  released_at: string | null;
}

type ClearanceEvent = DeclarationEvent | AgencyCaseEvent;

const OVERALL_EVENTS = new Set<ClearanceEvent['type']>(['DeclarationSubmitted', 'ArrivalRecorded', 'DeclarationRouted', 'DeclarationReleased', 'GoodsExited', 'DeclarationWithdrawn', 'DeclarationRejected']);
const AGENCY_EVENTS = new Set<ClearanceEvent['type']>(['CaseOpened', 'RiskAssessed', 'ExaminationRequested', 'ExaminationCompleted', 'CaseReleased']);

/** The agency whose case stream an event is on; null on the declaration's own stream. */
export function clearanceAgency(event: Pick<RecordedEvent, 'streamId'>): string | null {
  return event.streamId.startsWith('declaration-') ? null : event.streamId.slice(0, event.streamId.indexOf('-'));
}

/**
 * One event applied to its clearance_times row: the row it leaves, or null when it changes
 * nothing. Each stage keeps its first time; only DeclarationSubmitted creates the row (once).
 */
export function evolveClearanceTimes(row: ClearanceTimesRow | undefined, event: Recorded<DeclarationEvent>): ClearanceTimesRow | null {
  const at = event.metadata.occurredAt ?? null;
  if (event.type === 'DeclarationSubmitted') {
    if (row) return null;
    const { declaration } = event.data;
    return {
      declaration_id: event.metadata.correlationId, declarant_uscc: declaration.declarant.uscc, mode: declaration.mode,
      direction: declaration.direction, port_of_entry: declaration.portOfEntry, status: 'open',
      submitted_at: at as string, arrived_at: event.data.arrivedAt ?? null, routed_at: null, released_at: null, exited_at: null, closed_at: null,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'ArrivalRecorded':
      return row.arrived_at ? null : { ...row, arrived_at: event.data.arrivedAt };
    case 'DeclarationRouted':
      return { ...row, routed_at: row.routed_at ?? at };
    case 'DeclarationReleased':
      return { ...row, released_at: row.released_at ?? at, status: 'released' };
    case 'GoodsExited':
      return { ...row, exited_at: row.exited_at ?? at, status: 'exited' };
    case 'DeclarationWithdrawn':
    case 'DeclarationRejected':
      return { ...row, closed_at: row.closed_at ?? at, status: event.type === 'DeclarationWithdrawn' ? 'withdrawn' : 'rejected' };
  }
  return null;
}

/** One event applied to its clearance_agency_times row, as evolveClearanceTimes. Only CaseOpened creates the row. */
export function evolveClearanceAgencyTimes(row: ClearanceAgencyTimesRow | undefined, event: Recorded<AgencyCaseEvent>): ClearanceAgencyTimesRow | null {
  const at = event.metadata.occurredAt ?? null;
  if (event.type === 'CaseOpened') {
    if (row) return null;
    return {
      declaration_id: event.metadata.correlationId, agency: clearanceAgency(event) as string, opened_at: at as string,
      assessed_at: null, lane: null, examination_requested_at: null, examined_at: null, released_at: null,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'RiskAssessed': {
      const lane = event.data.lane;
      return {
        ...row, assessed_at: row.assessed_at ?? at, lane: lane ?? null,
        examination_requested_at: lane === 'examination' ? row.examination_requested_at ?? at : row.examination_requested_at,
      };
    }
    case 'ExaminationRequested':
      return { ...row, examination_requested_at: row.examination_requested_at ?? at };
    case 'ExaminationCompleted':
      return { ...row, examined_at: row.examined_at ?? at };
    case 'CaseReleased':
      return { ...row, released_at: row.released_at ?? at };
  }
  return null;
}

const overallRows = rowProjection<ClearanceTimesRow, 'declaration_id', DeclarationEvent>({
  table: {
    name: 'clearance_times',
    columns: {
      declaration_id: 'uuid', declarant_uscc: 'text', mode: 'text', direction: 'text', port_of_entry: 'text', status: 'text', submitted_at: 'timestamptz',
      arrived_at: 'timestamptz', routed_at: 'timestamptz', released_at: 'timestamptz', exited_at: 'timestamptz', closed_at: 'timestamptz',
    },
    key: ['declaration_id'],
    update: ['status', 'arrived_at', 'routed_at', 'released_at', 'exited_at', 'closed_at'],
  },
  key: (event) => (OVERALL_EVENTS.has(event.type) ? { declaration_id: event.metadata.correlationId } : null),
  evolve: evolveClearanceTimes,
});

const agencyRows = rowProjection<ClearanceAgencyTimesRow, 'declaration_id' | 'agency', AgencyCaseEvent>({
  table: {
    name: 'clearance_agency_times',
    columns: {
      declaration_id: 'uuid', agency: 'text', opened_at: 'timestamptz', assessed_at: 'timestamptz', lane: 'text',
      examination_requested_at: 'timestamptz', examined_at: 'timestamptz', released_at: 'timestamptz',
    },
    key: ['declaration_id', 'agency'],
    update: ['assessed_at', 'lane', 'examination_requested_at', 'examined_at', 'released_at'],
  },
  // The declaration's stream has no agency row (a declaration event of the same name is not a case's).
  key: (event) => (AGENCY_EVENTS.has(event.type) && clearanceAgency(event) ? { declaration_id: event.metadata.correlationId, agency: clearanceAgency(event)! } : null),
  evolve: evolveClearanceAgencyTimes,
});

/**
 * 整体通关时间: when each shipment passed each stage (submitted → routed → assessed →
 * examined → released → exited), overall and per agency, on the engine's clock.
 */
@Injectable()
@EventSubscriber()
export class ClearanceTimesProjection implements Subscriber {
  readonly name = 'clearance-times';
  readonly filter = { streamPrefixes: ['declaration-', 'customs-', 'inspection-', 'border-'] };
  readonly tables = [overallRows.table, agencyRows.table];
  /** Releases seen since start, for the Prometheus counter. */
  onRelease?: (count: number) => void;

  /** At most four statements a batch: each table's rows read, folded and written back (rowProjection). */
  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    await overallRows.apply(events, manager);
    await agencyRows.apply(events, manager);
  }

  afterCommit(events: RecordedEvent[]): void {
    const releases = events.filter((e) => e.type === 'DeclarationReleased').length;
    if (releases) this.onRelease?.(releases);
  }
}
