import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { rowProjection } from '../row-projection';
import { SEARCH_COLUMNS } from './declaration-search';
import { evolveStatusView, type ShipmentEvent, type StatusView } from './status-view';

export class DeclarationStatusReadModel1763900000100 implements MigrationInterface {
  name = 'DeclarationStatusReadModel1763900000100';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists declaration_status (
      id uuid primary key,
      declarant_uscc text not null,
      status text not null,
      agencies text[] not null default '{}',
      mode text not null,
      bill_of_lading text not null,
      conveyance text not null,
      port_of_entry text not null,
      submitted_at timestamptz not null,
      released_at timestamptz,
      updated_at timestamptz not null,
      view jsonb not null
    )`);
    await queryRunner.query('create index if not exists declaration_status_declarant on declaration_status (declarant_uscc, submitted_at desc)');
    await queryRunner.query('create index if not exists declaration_status_status on declaration_status (status, submitted_at desc)');
    await queryRunner.query('create index if not exists declaration_status_agencies on declaration_status using gin (agencies)');
    await queryRunner.query('create index if not exists declaration_status_conveyance on declaration_status (conveyance, port_of_entry)');
    await queryRunner.query('create index if not exists declaration_status_bill on declaration_status (bill_of_lading)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists declaration_status');
  }
}

export const SHIPMENT_STREAM_PREFIXES = ['declaration-', 'customs-', 'inspection-', 'border-', 'examination-', 'port-charges-', 'instruction-'];

/**
 * The position of the last event folded into each row (null in rows written before it was
 * kept): a read brings the row up to date with the shipment's events after it, so a view never
 * shows less than the store holds, and never less than an earlier read showed (the replay that
 * answers before the row exists, or a row the projection has not caught up yet: status-view-reads.ts).
 */
export class DeclarationStatusPosition1763900018450 implements MigrationInterface {
  name = 'DeclarationStatusPosition1763900018450';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table declaration_status add column if not exists position text');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table declaration_status drop column if exists position');
  }
}

/** One declaration_status row: the view; the other columns are derived from it, for the queries' filters and order. */
export interface DeclarationStatusRow {
  id: string;
  view: StatusView;
  /** The position of the last event folded into the view. */
  position: string | null;
}

export const declarationStatusRows = rowProjection<DeclarationStatusRow, 'id', ShipmentEvent>({
  table: {
    name: 'declaration_status',
    columns: { id: 'uuid', view: 'jsonb', position: 'text' },
    key: ['id'],
    derived: {
      declarant_uscc: `r.view->'declarant'->>'uscc'`,
      status: `r.view->>'status'`,
      agencies: `coalesce(array(select jsonb_object_keys(r.view->'agencies')), '{}')`,
      mode: `r.view->>'mode'`,
      bill_of_lading: `coalesce(r.view->'transport'->>'billOfLading', '')`, // '': no 提运单号 (a mode with no carrier's document)
      conveyance: `r.view->'transport'->>'conveyance'`,
      port_of_entry: `r.view->>'portOfEntry'`,
      submitted_at: `(r.view->>'submittedAt')::timestamptz`,
      released_at: `(r.view->>'releasedAt')::timestamptz`,
      updated_at: `(r.view->>'updatedAt')::timestamptz`,
      ...SEARCH_COLUMNS,
    },
    update: ['status', 'agencies', 'released_at', 'updated_at', 'view', 'position'],
  },
  key: (event) => ({ id: event.metadata.correlationId }),
  evolve(row, event) {
    const view = evolveStatusView(row?.view ?? null, event);
    return view ? { id: event.metadata.correlationId, view, position: event.position } : null;
  },
});

/** The status view of every declaration (GET /v1/declarations/{id} and the list). */
@Injectable()
@EventSubscriber()
export class DeclarationStatusProjection implements Subscriber {
  readonly name = 'declaration-status';
  readonly filter = { streamPrefixes: SHIPMENT_STREAM_PREFIXES };
  readonly tables = [declarationStatusRows.table];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const changed = await declarationStatusRows.apply(events, manager);
    if (changed.length === 0) return;
    // Delivered on commit, to every instance's SSE clients; nothing to tell them while rebuilt
    // (projection-rebuild.ts sets sw.rebuilding).
    await manager.query(`select pg_notify('sw_status', id) from unnest($1::text[]) as id where current_setting('sw.rebuilding', true) is distinct from 'on'`, [changed.map((row) => row.id)]);
  }
}
