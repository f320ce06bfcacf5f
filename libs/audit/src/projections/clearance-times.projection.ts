import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

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

/** One clearance_times row; timestamps as PostgreSQL reads them back (text, exact). */
export interface ClearanceTimesRow {
  declaration_id: string;
  declarant_uscc: string;
  mode: string;
  status: string;
  submitted_at: string;
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

/** The rows a batch touches, keyed by declaration id (overall) and by clearanceAgencyKey (per agency). */
export interface ClearanceTimesRows {
  overall: Map<string, ClearanceTimesRow>;
  agencies: Map<string, ClearanceAgencyTimesRow>;
}

const OVERALL_EVENTS = new Set(['DeclarationSubmitted', 'DeclarationRouted', 'DeclarationReleased', 'GoodsExited', 'DeclarationWithdrawn', 'DeclarationRejected']);
const AGENCY_EVENTS = new Set(['CaseOpened', 'RiskAssessed', 'ExaminationRequested', 'ExaminationCompleted', 'CaseReleased']);

/** The agency whose case stream an event is on; null on the declaration's own stream. */
export function clearanceAgency(event: RecordedEvent): string | null {
  return event.streamId.startsWith('declaration-') ? null : event.streamId.slice(0, event.streamId.indexOf('-'));
}

export function clearanceAgencyKey(declarationId: string, agency: string | null): string {
  return `${declarationId}\u0000${agency}`;
}

/** Which table an event writes to, if any. */
export function clearanceTimesTarget(event: RecordedEvent): 'overall' | 'agency' | null {
  return OVERALL_EVENTS.has(event.type) ? 'overall' : AGENCY_EVENTS.has(event.type) ? 'agency' : null;
}

/**
 * One event applied to its clearance_times row: the row it leaves, or undefined when it changes
 * nothing. Each stage keeps its first time; only DeclarationSubmitted creates the row (once).
 */
export function evolveClearanceTimes(row: ClearanceTimesRow | undefined, event: RecordedEvent): ClearanceTimesRow | undefined {
  const at = event.metadata.occurredAt ?? null;
  const data = event.data as Record<string, any>;
  if (event.type === 'DeclarationSubmitted') {
    if (row) return undefined;
    return {
      declaration_id: event.metadata.correlationId, declarant_uscc: data.declaration.declarant.uscc, mode: data.declaration.mode, status: 'open',
      submitted_at: at as string, routed_at: null, released_at: null, exited_at: null, closed_at: null,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
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
  return undefined;
}

/** One event applied to its clearance_agency_times row, as evolveClearanceTimes. Only CaseOpened creates the row. */
export function evolveClearanceAgencyTimes(row: ClearanceAgencyTimesRow | undefined, event: RecordedEvent): ClearanceAgencyTimesRow | undefined {
  const at = event.metadata.occurredAt ?? null;
  const data = event.data as Record<string, any>;
  if (event.type === 'CaseOpened') {
    if (row) return undefined;
    return {
      declaration_id: event.metadata.correlationId, agency: clearanceAgency(event) as string, opened_at: at as string,
      assessed_at: null, lane: null, examination_requested_at: null, examined_at: null, released_at: null,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'RiskAssessed':
      return {
        ...row, assessed_at: row.assessed_at ?? at, lane: data.lane ?? null,
        examination_requested_at: data.lane === 'examination' ? row.examination_requested_at ?? at : row.examination_requested_at,
      };
    case 'ExaminationRequested':
      return { ...row, examination_requested_at: row.examination_requested_at ?? at };
    case 'ExaminationCompleted':
      return { ...row, examined_at: row.examined_at ?? at };
    case 'CaseReleased':
      return { ...row, released_at: row.released_at ?? at };
  }
  return undefined;
}

/**
 * Folds a batch, in order, into the rows it touches (as they stood before the batch); returns
 * the keys of the rows it changed. The same rows as applying each event to the tables on its own.
 */
export function foldClearanceTimes(rows: ClearanceTimesRows, events: RecordedEvent[]): { overall: Set<string>; agencies: Set<string> } {
  const changed = { overall: new Set<string>(), agencies: new Set<string>() };
  for (const event of events) {
    const target = clearanceTimesTarget(event);
    const id = event.metadata.correlationId;
    if (target === 'overall') {
      const next = evolveClearanceTimes(rows.overall.get(id), event);
      if (next) {
        rows.overall.set(id, next);
        changed.overall.add(id);
      }
    } else if (target === 'agency') {
      const key = clearanceAgencyKey(id, clearanceAgency(event));
      const next = evolveClearanceAgencyTimes(rows.agencies.get(key), event);
      if (next) {
        rows.agencies.set(key, next);
        changed.agencies.add(key);
      }
    }
  }
  return changed;
}

/**
 * 整体通关时间: when each shipment passed each stage (submitted → routed → assessed →
 * examined → released → exited), overall and per agency, on the engine's clock.
 */
@Injectable()
@EventSubscriber()
export class ClearanceTimesProjection implements Subscriber {
  readonly name = 'clearance-times';
  readonly filter = { streamPrefixes: ['declaration-', 'customs-', 'inspection-', 'border-'] };
  readonly tables = ['clearance_times', 'clearance_agency_times'];
  /** Releases seen since start, for the Prometheus counter. */
  onRelease?: (count: number) => void;

  /** At most four statements a batch: read the rows it touches, fold the batch into them, write back the changed ones. */
  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const overallIds = new Set<string>();
    const agencyKeys = new Map<string, [string, string | null]>();
    for (const event of events) {
      const target = clearanceTimesTarget(event);
      const id = event.metadata.correlationId;
      if (target === 'overall') overallIds.add(id);
      else if (target === 'agency') agencyKeys.set(clearanceAgencyKey(id, clearanceAgency(event)), [id, clearanceAgency(event)]);
    }
    const rows: ClearanceTimesRows = { overall: new Map(), agencies: new Map() };
    if (overallIds.size) {
      const loaded: ClearanceTimesRow[] = await manager.query(
        `select declaration_id::text, declarant_uscc, mode, status, submitted_at::text, routed_at::text, released_at::text, exited_at::text, closed_at::text
           from clearance_times where declaration_id = any($1::uuid[])`,
        [[...overallIds]],
      );
      for (const row of loaded) rows.overall.set(row.declaration_id, row);
    }
    if (agencyKeys.size) {
      const pairs = [...agencyKeys.values()];
      const loaded: ClearanceAgencyTimesRow[] = await manager.query(
        `select t.declaration_id::text, t.agency, t.opened_at::text, t.assessed_at::text, t.lane, t.examination_requested_at::text, t.examined_at::text, t.released_at::text
           from clearance_agency_times t join unnest($1::uuid[], $2::text[]) as k(declaration_id, agency) using (declaration_id, agency)`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      for (const row of loaded) rows.agencies.set(clearanceAgencyKey(row.declaration_id, row.agency), row);
    }
    const changed = foldClearanceTimes(rows, events);
    if (changed.overall.size) {
      await manager.query(
        `insert into clearance_times (declaration_id, declarant_uscc, mode, status, submitted_at, routed_at, released_at, exited_at, closed_at)
         select r.declaration_id, r.declarant_uscc, r.mode, r.status, r.submitted_at, r.routed_at, r.released_at, r.exited_at, r.closed_at
           from jsonb_to_recordset($1::jsonb) as r(declaration_id uuid, declarant_uscc text, mode text, status text, submitted_at timestamptz,
                routed_at timestamptz, released_at timestamptz, exited_at timestamptz, closed_at timestamptz)
         on conflict (declaration_id) do update
            set status = excluded.status, routed_at = excluded.routed_at, released_at = excluded.released_at,
                exited_at = excluded.exited_at, closed_at = excluded.closed_at`,
        [JSON.stringify([...changed.overall].map((id) => rows.overall.get(id)))],
      );
    }
    if (changed.agencies.size) {
      await manager.query(
        `insert into clearance_agency_times (declaration_id, agency, opened_at, assessed_at, lane, examination_requested_at, examined_at, released_at)
         select r.declaration_id, r.agency, r.opened_at, r.assessed_at, r.lane, r.examination_requested_at, r.examined_at, r.released_at
           from jsonb_to_recordset($1::jsonb) as r(declaration_id uuid, agency text, opened_at timestamptz, assessed_at timestamptz, lane text,
                examination_requested_at timestamptz, examined_at timestamptz, released_at timestamptz)
         on conflict (declaration_id, agency) do update
            set assessed_at = excluded.assessed_at, lane = excluded.lane, examination_requested_at = excluded.examination_requested_at,
                examined_at = excluded.examined_at, released_at = excluded.released_at`,
        [JSON.stringify([...changed.agencies].map((key) => rows.agencies.get(key)))],
      );
    }
  }

  afterCommit(events: RecordedEvent[]): void {
    const releases = events.filter((e) => e.type === 'DeclarationReleased').length;
    if (releases) this.onRelease?.(releases);
  }
}
