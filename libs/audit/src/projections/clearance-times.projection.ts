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

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const id = event.metadata.correlationId;
      const at = event.metadata.occurredAt;
      const data = event.data as Record<string, any>;
      const agency = event.streamId.startsWith('declaration-') ? null : event.streamId.slice(0, event.streamId.indexOf('-'));
      switch (event.type) {
        case 'DeclarationSubmitted':
          await manager.query(
            `insert into clearance_times (declaration_id, declarant_uscc, mode, status, submitted_at) values ($1, $2, $3, 'open', $4) on conflict do nothing`,
            [id, data.declaration.declarant.uscc, data.declaration.mode, at],
          );
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

  afterCommit(events: RecordedEvent[]): void {
    const releases = events.filter((e) => e.type === 'DeclarationReleased').length;
    if (releases) this.onRelease?.(releases);
  }
}
