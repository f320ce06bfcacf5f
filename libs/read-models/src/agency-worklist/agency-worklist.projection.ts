import { Injectable } from '@nestjs/common';
import type { AgencyCaseEvent } from '@sw/agency-case';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { rowProjection, type Recorded } from '../row-projection';

export class AgencyWorklistReadModel1763900000300 implements MigrationInterface {
  name = 'AgencyWorklistReadModel1763900000300';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists agency_worklist (
      agency text not null,
      declaration_id uuid not null,
      status text not null,
      lane text,
      priority int not null default 0,
      declarant_uscc text not null,
      declarant_name text not null,
      mode text not null,
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (agency, declaration_id)
    )`);
    await queryRunner.query('create index if not exists agency_worklist_order on agency_worklist (agency, status, priority desc, opened_at)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists agency_worklist');
  }
}

/** One agency_worklist row; timestamps as PostgreSQL reads them back (text, exact). */
export interface WorklistRow {
  agency: string;
  declaration_id: string;
  status: string;
  lane: string | null;
  priority: number;
  declarant_uscc: string;
  declarant_name: string;
  mode: string;
  opened_at: string;
  updated_at: string;
}

type CaseEvent = Recorded<AgencyCaseEvent>;

const STATUS_BY_EVENT = new Map<AgencyCaseEvent['type'], string>([
  ['CaseHeld', 'held'], ['CaseRejected', 'rejected'], ['CaseReleased', 'released'], ['CaseClosed', 'closed'], ['ExaminationRequested', 'examination'],
]);
const WORKLIST_EVENTS = new Set<AgencyCaseEvent['type']>(['CaseOpened', 'RiskAssessed', 'ExaminationCompleted', 'ConformityAssessed', 'CaseRevised', ...STATUS_BY_EVENT.keys()]);

/** The agency whose case stream an event is on (`customs-…` → customs). */
export function worklistAgency(event: Pick<RecordedEvent, 'streamId'>): string {
  return event.streamId.slice(0, event.streamId.indexOf('-'));
}

/**
 * One event applied to its (agency, declaration) row: the row it leaves, or null when it
 * changes nothing. Events for a case whose row does not exist yet are ignored, except CaseOpened,
 * which creates it; a second CaseOpened changes nothing.
 */
export function evolveWorklistRow(row: WorklistRow | undefined, event: CaseEvent): WorklistRow | null {
  const at = event.metadata.occurredAt;
  if (event.type === 'CaseOpened') {
    if (row) return null;
    const { declaration } = event.data;
    const openedAt = event.data.openedAt ?? at;
    return {
      agency: worklistAgency(event), declaration_id: event.metadata.correlationId, status: 'pending', lane: null, priority: 0,
      declarant_uscc: declaration.declarant.uscc, declarant_name: declaration.declarant.name, mode: declaration.mode,
      opened_at: openedAt, updated_at: openedAt,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'RiskAssessed': {
      const lane = event.data.lane ?? null;
      return { ...row, lane, priority: event.data.priority ?? 0, status: lane === 'examination' ? 'examination' : row.status, updated_at: at };
    }
    case 'ExaminationCompleted':
      return row.status === 'examination' ? { ...row, status: 'pending', updated_at: at } : null;
    case 'CaseReleased':
      // 先放后检: the goods left; the conformity result is still the officer's to record.
      if (event.data.conformityPending) return { ...row, status: 'conformity-pending', updated_at: at };
      break;
    case 'ConformityAssessed':
      return { ...row, status: 'released', updated_at: at };
    case 'CaseRevised':
      // Amended or resubmitted before release: a released case is open again, to be assessed anew.
      return !event.data.afterRelease && row.status === 'released' ? { ...row, status: 'pending', updated_at: at } : null;
  }
  const status = STATUS_BY_EVENT.get(event.type);
  return status ? { ...row, status, updated_at: at } : null;
}

export const agencyWorklistRows = rowProjection<WorklistRow, 'agency' | 'declaration_id', AgencyCaseEvent>({
  table: {
    name: 'agency_worklist',
    columns: {
      agency: 'text', declaration_id: 'uuid', status: 'text', lane: 'text', priority: 'int', declarant_uscc: 'text', declarant_name: 'text',
      mode: 'text', opened_at: 'timestamptz', updated_at: 'timestamptz',
    },
    key: ['agency', 'declaration_id'],
    update: ['status', 'lane', 'priority', 'updated_at'],
  },
  key: (event) => (WORKLIST_EVENTS.has(event.type) ? { agency: worklistAgency(event), declaration_id: event.metadata.correlationId } : null),
  evolve: evolveWorklistRow,
});

/** Each agency's open cases, by priority (鲜活易腐 and AEO-advanced first) then age. */
@Injectable()
@EventSubscriber()
export class AgencyWorklistProjection implements Subscriber {
  readonly name = 'agency-worklist';
  readonly filter = { streamPrefixes: ['customs-', 'inspection-', 'border-'] };
  readonly tables = [agencyWorklistRows.table];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    await agencyWorklistRows.apply(events, manager);
  }
}
