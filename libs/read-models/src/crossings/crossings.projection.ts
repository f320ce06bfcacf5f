import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { CrossingAlertHit, CrossingEvent } from '@sw/manifest';
import { CROSSING_STREAM_PREFIX } from '@sw/shipment';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { rowProjection, type Recorded } from '../row-projection';

export class CrossingsReadModel1763900003200 implements MigrationInterface {
  name = 'CrossingsReadModel1763900003200';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists crossings (
      id uuid primary key,
      carrier text not null,
      conveyance text not null,
      direction text not null,
      port_of_entry text not null,
      crew jsonb not null,
      empty boolean not null,
      declarations jsonb not null,
      status text not null,
      alerts jsonb not null,
      holds jsonb not null,
      decisions jsonb not null,
      declared_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    await queryRunner.query('create index if not exists crossings_status on crossings (status, declared_at)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists crossings;');
  }
}

/** Why a crossing is held, as a code of the message catalogue and its params (officers read it in Chinese). */
export interface CrossingHold {
  code: 'crossing-hold.alert' | 'crossing-hold.officer';
  params: { alertId?: string; subject?: string; value?: string; reason: string; by?: string };
  at: string;
}

/** An officer's decision on the crossing (放行, 扣留, 不准出入境). */
export interface CrossingDecisionEntry { decision: 'release' | 'hold' | 'reject'; reason: string; by: string; at: string }

/** One conveyance crossing (运输工具申报) as border check's worklist reads it. */
export interface CrossingRow {
  id: string; carrier: string; conveyance: string; direction: string; port_of_entry: string;
  crew: { name: string; document: string }[]; empty: boolean; declarations: string[];
  status: 'declared' | 'held' | 'cleared' | 'refused' | 'exited';
  alerts: CrossingAlertHit[]; holds: CrossingHold[]; decisions: CrossingDecisionEntry[];
  declared_at: string; updated_at: string;
}

const officer = (by: string) => by !== 'system';

/** The crossing's row after one of its events (pure; exported for its spec). */
export function evolveCrossingRow(row: CrossingRow | undefined, event: Recorded<CrossingEvent>): CrossingRow | null {
  if (event.type === 'CrossingDeclared') {
    if (row) return null;
    const d = event.data;
    return {
      id: d.crossingId, carrier: d.carrier, conveyance: d.conveyance, direction: d.direction, port_of_entry: d.portOfEntry, crew: d.crew, empty: d.empty,
      declarations: d.declarations, status: 'declared', alerts: [], holds: [], decisions: [], declared_at: d.declaredAt, updated_at: d.declaredAt,
    };
  }
  if (!row) return null;
  switch (event.type) {
    case 'CrossingAssessed':
      return { ...row, alerts: [...row.alerts, ...event.data.alerts.filter((hit) => !row.alerts.some((a) => a.alertId === hit.alertId))], updated_at: event.data.assessedAt };
    case 'CrossingHeld': {
      const { reason, by, alertId, heldAt } = event.data;
      const hit = alertId ? row.alerts.find((a) => a.alertId === alertId) : undefined;
      const hold: CrossingHold = hit
        ? { code: 'crossing-hold.alert', params: { alertId: hit.alertId, subject: hit.subject.kind, value: hit.subject.value, reason: hit.reason }, at: heldAt }
        : { code: 'crossing-hold.officer', params: { reason, by }, at: heldAt };
      const decisions = officer(by) ? [...row.decisions, { decision: 'hold' as const, reason, by, at: heldAt }] : row.decisions;
      return { ...row, status: 'held', holds: [...row.holds, hold], decisions, updated_at: heldAt };
    }
    case 'CrossingCleared': {
      const { reason, by, clearedAt } = event.data;
      const decisions = officer(by) ? [...row.decisions, { decision: 'release' as const, reason, by, at: clearedAt }] : row.decisions;
      return { ...row, status: 'cleared', decisions, updated_at: clearedAt };
    }
    case 'CrossingRefused': {
      const { reason, by, refusedAt } = event.data;
      return { ...row, status: 'refused', decisions: [...row.decisions, { decision: 'reject', reason, by, at: refusedAt }], updated_at: refusedAt };
    }
    case 'CrossingExited':
      return { ...row, status: 'exited', updated_at: event.data.exitedAt };
    default:
      return null;
  }
}

const rows = rowProjection<CrossingRow, 'id', CrossingEvent>({
  table: {
    name: 'crossings',
    columns: {
      id: 'uuid', carrier: 'text', conveyance: 'text', direction: 'text', port_of_entry: 'text', crew: 'jsonb', empty: 'boolean', declarations: 'jsonb',
      status: 'text', alerts: 'jsonb', holds: 'jsonb', decisions: 'jsonb', declared_at: 'timestamptz', updated_at: 'timestamptz',
    },
    key: ['id'],
    update: ['status', 'alerts', 'holds', 'decisions', 'updated_at'],
  },
  key: (event) => (event.streamId.startsWith(CROSSING_STREAM_PREFIX) ? { id: event.streamId.slice(CROSSING_STREAM_PREFIX.length) } : null),
  evolve: evolveCrossingRow,
});

/** 运输工具申报 for border check: each crossing, its status, why it is held and who decided it. */
@Injectable()
@EventSubscriber()
export class CrossingsProjection implements Subscriber {
  readonly name = 'crossings';
  readonly filter = { streamPrefixes: [CROSSING_STREAM_PREFIX] };
  readonly tables = [rows.table];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    await rows.apply(events, manager);
  }
}
