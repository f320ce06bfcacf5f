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

const STATUS_BY_EVENT: Record<string, string> = {
  CaseHeld: 'held', CaseRejected: 'rejected', CaseReleased: 'released', CaseClosed: 'closed', ExaminationRequested: 'examination',
};

/** Each agency's open cases, by priority (鲜活易腐 and AEO-advanced first) then age. */
@Injectable()
@EventSubscriber()
export class AgencyWorklistProjection implements Subscriber {
  readonly name = 'agency-worklist';
  readonly filter = { streamPrefixes: ['customs-', 'inspection-', 'border-'] };
  readonly tables = ['agency_worklist'];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const agency = event.streamId.slice(0, event.streamId.indexOf('-'));
      const id = event.metadata.correlationId;
      const data = event.data as Record<string, any>;
      const at = event.metadata.occurredAt;
      if (event.type === 'CaseOpened') {
        await manager.query(
          `insert into agency_worklist (agency, declaration_id, status, declarant_uscc, declarant_name, mode, opened_at, updated_at)
           values ($1, $2, 'pending', $3, $4, $5, $6, $6) on conflict do nothing`,
          [agency, id, data.declaration.declarant.uscc, data.declaration.declarant.name, data.declaration.mode, data.openedAt ?? at],
        );
      } else if (event.type === 'RiskAssessed') {
        await manager.query(
          `update agency_worklist set lane = $3, priority = $4, status = case when $3 = 'examination' then 'examination' else status end, updated_at = $5
            where agency = $1 and declaration_id = $2`,
          [agency, id, data.lane, data.priority ?? 0, at],
        );
      } else if (event.type === 'ExaminationCompleted') {
        await manager.query(`update agency_worklist set status = 'pending', updated_at = $3 where agency = $1 and declaration_id = $2 and status = 'examination'`, [agency, id, at]);
      } else if (event.type === 'CaseReleased' && data.conformityPending) {
        // 先放后检: the goods left; the conformity result is still the officer's to record.
        await manager.query(`update agency_worklist set status = 'conformity-pending', updated_at = $3 where agency = $1 and declaration_id = $2`, [agency, id, at]);
      } else if (event.type === 'ConformityAssessed') {
        await manager.query(`update agency_worklist set status = 'released', updated_at = $3 where agency = $1 and declaration_id = $2`, [agency, id, at]);
      } else if (STATUS_BY_EVENT[event.type]) {
        await manager.query('update agency_worklist set status = $3, updated_at = $4 where agency = $1 and declaration_id = $2', [agency, id, STATUS_BY_EVENT[event.type], at]);
      }
    }
  }
}
