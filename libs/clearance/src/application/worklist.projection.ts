import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

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

const STATUS_BY_EVENT = new Map<string, string>([
  ['CaseHeld', 'held'], ['CaseRejected', 'rejected'], ['CaseReleased', 'released'], ['CaseClosed', 'closed'], ['ExaminationRequested', 'examination'],
]);
const WORKLIST_EVENTS = new Set(['CaseOpened', 'RiskAssessed', 'ExaminationCompleted', 'ConformityAssessed', ...STATUS_BY_EVENT.keys()]);

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

/** The agency whose case stream an event is on (`customs-…` → customs). */
export function worklistAgency(event: RecordedEvent): string {
  return event.streamId.slice(0, event.streamId.indexOf('-'));
}

export function worklistKey(agency: string, declarationId: string): string {
  return `${agency}\u0000${declarationId}`;
}

/** The events that touch the worklist (the others leave it as it is). */
export function touchesWorklist(event: RecordedEvent): boolean {
  return WORKLIST_EVENTS.has(event.type);
}

/**
 * One event applied to its (agency, declaration) row: the row it leaves, or undefined when it
 * changes nothing. Events for a case whose row does not exist yet are ignored, except CaseOpened,
 * which creates it; a second CaseOpened changes nothing.
 */
export function evolveWorklistRow(row: WorklistRow | undefined, event: RecordedEvent): WorklistRow | undefined {
  const data = event.data as Record<string, any>;
  const at = event.metadata.occurredAt;
  if (event.type === 'CaseOpened') {
    if (row) return undefined;
    const openedAt = data.openedAt ?? at;
    return {
      agency: worklistAgency(event), declaration_id: event.metadata.correlationId, status: 'pending', lane: null, priority: 0,
      declarant_uscc: data.declaration.declarant.uscc, declarant_name: data.declaration.declarant.name, mode: data.declaration.mode,
      opened_at: openedAt, updated_at: openedAt,
    };
  }
  if (!row) return undefined;
  if (event.type === 'RiskAssessed') {
    const lane = data.lane ?? null;
    return { ...row, lane, priority: data.priority ?? 0, status: lane === 'examination' ? 'examination' : row.status, updated_at: at };
  }
  if (event.type === 'ExaminationCompleted') return row.status === 'examination' ? { ...row, status: 'pending', updated_at: at } : undefined;
  // 先放后检: the goods left; the conformity result is still the officer's to record.
  if (event.type === 'CaseReleased' && data.conformityPending) return { ...row, status: 'conformity-pending', updated_at: at };
  if (event.type === 'ConformityAssessed') return { ...row, status: 'released', updated_at: at };
  const status = STATUS_BY_EVENT.get(event.type);
  return status ? { ...row, status, updated_at: at } : undefined;
}

/**
 * Folds a batch, in order, into the rows it touches (keyed by worklistKey, as they stood before
 * the batch); returns the keys of the rows it changed. The same rows as applying each event to
 * the table on its own.
 */
export function foldWorklist(rows: Map<string, WorklistRow>, events: RecordedEvent[]): Set<string> {
  const changed = new Set<string>();
  for (const event of events) {
    if (!touchesWorklist(event)) continue;
    const key = worklistKey(worklistAgency(event), event.metadata.correlationId);
    const next = evolveWorklistRow(rows.get(key), event);
    if (next) {
      rows.set(key, next);
      changed.add(key);
    }
  }
  return changed;
}

/** Each agency's open cases, by priority (鲜活易腐 and AEO-advanced first) then age. */
@Injectable()
@EventSubscriber()
export class AgencyWorklistProjection implements Subscriber {
  readonly name = 'agency-worklist';
  readonly filter = { streamPrefixes: ['customs-', 'inspection-', 'border-'] };
  readonly tables = ['agency_worklist'];

  /** Two statements a batch: read the rows it touches, fold the batch into them, write back the changed ones. */
  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const keys = new Map<string, [string, string]>();
    for (const event of events) {
      if (!touchesWorklist(event)) continue;
      const agency = worklistAgency(event);
      keys.set(worklistKey(agency, event.metadata.correlationId), [agency, event.metadata.correlationId]);
    }
    if (keys.size === 0) return;
    const pairs = [...keys.values()];
    const loaded: WorklistRow[] = await manager.query(
      `select w.agency, w.declaration_id::text, w.status, w.lane, w.priority, w.declarant_uscc, w.declarant_name, w.mode,
              w.opened_at::text, w.updated_at::text
         from agency_worklist w join unnest($1::text[], $2::uuid[]) as k(agency, declaration_id) using (agency, declaration_id)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const rows = new Map(loaded.map((row) => [worklistKey(row.agency, row.declaration_id), row]));
    const changed = foldWorklist(rows, events);
    if (changed.size === 0) return;
    await manager.query(
      `insert into agency_worklist (agency, declaration_id, status, lane, priority, declarant_uscc, declarant_name, mode, opened_at, updated_at)
       select r.agency, r.declaration_id, r.status, r.lane, r.priority, r.declarant_uscc, r.declarant_name, r.mode, r.opened_at, r.updated_at
         from jsonb_to_recordset($1::jsonb) as r(agency text, declaration_id uuid, status text, lane text, priority int,
              declarant_uscc text, declarant_name text, mode text, opened_at timestamptz, updated_at timestamptz)
       on conflict (agency, declaration_id) do update
          set status = excluded.status, lane = excluded.lane, priority = excluded.priority, updated_at = excluded.updated_at`,
      [JSON.stringify([...changed].map((key) => rows.get(key)))],
    );
  }
}
