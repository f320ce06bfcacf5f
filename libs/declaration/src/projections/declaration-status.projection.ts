import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { evolveStatusView, type StatusView } from './status-view';

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

export const SHIPMENT_STREAM_PREFIXES = ['declaration-', 'customs-', 'inspection-', 'border-', 'examination-'];

/** The status view of every declaration (GET /v1/declarations/{id} and the list). */
@Injectable()
@EventSubscriber()
export class DeclarationStatusProjection implements Subscriber {
  readonly name = 'declaration-status';
  readonly filter = { streamPrefixes: SHIPMENT_STREAM_PREFIXES };
  readonly tables = ['declaration_status'];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((e) => e.metadata.correlationId))];
    const rows: { id: string; view: StatusView }[] = await manager.query('select id, view from declaration_status where id = any($1::uuid[])', [ids]);
    const views = new Map<string, StatusView | null>(rows.map((r) => [r.id, r.view]));
    const changed = new Set<string>();
    for (const event of events) {
      const id = event.metadata.correlationId;
      const next = evolveStatusView(views.get(id) ?? null, event);
      if (next) {
        views.set(id, next);
        changed.add(id);
      }
    }
    if (changed.size === 0) return;
    const list = [...changed].map((id) => views.get(id)!);
    await manager.query(
      `insert into declaration_status (id, declarant_uscc, status, agencies, mode, bill_of_lading, conveyance, port_of_entry, submitted_at, released_at, updated_at, view)
       select v.id, v.view->'declarant'->>'uscc', v.view->>'status',
              coalesce(array(select jsonb_object_keys(v.view->'agencies')), '{}'),
              v.view->>'mode', v.view->'transport'->>'billOfLading', v.view->'transport'->>'conveyance', v.view->>'portOfEntry',
              (v.view->>'submittedAt')::timestamptz, (v.view->>'releasedAt')::timestamptz, (v.view->>'updatedAt')::timestamptz, v.view
         from jsonb_to_recordset($1::jsonb) as v(id uuid, view jsonb)
       on conflict (id) do update set status = excluded.status, agencies = excluded.agencies, released_at = excluded.released_at,
              updated_at = excluded.updated_at, view = excluded.view`,
      [JSON.stringify(list.map((view) => ({ id: view.id, view })))],
    );
    // Delivered on commit, to every instance's SSE clients; nothing to tell them while rebuilt
    // (projection-rebuild.ts sets sw.rebuilding).
    await manager.query(`select pg_notify('sw_status', id) from unnest($1::text[]) as id where current_setting('sw.rebuilding', true) is distinct from 'on'`, [[...changed]]);
  }
}
