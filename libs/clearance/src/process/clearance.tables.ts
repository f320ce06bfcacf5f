import { Injectable } from '@nestjs/common';
import { normalizeConveyance, type ActiveAlert, type Agency, type AlertSubject, type CaseDeclaration } from '@sw/shipment';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Shipment, ShipmentStatus } from './reactions';

export class ClearanceProcessTables1763900000200 implements MigrationInterface {
  name = 'ClearanceProcessTables1763900000200';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_shipments (
      declaration_id uuid primary key,
      bill_of_lading text not null,
      agencies text[] not null,
      released text[] not null default '{}',
      status text not null
    )`);
    await queryRunner.query('create index if not exists clearance_shipments_bill on clearance_shipments (bill_of_lading)');
    await queryRunner.query(`create table if not exists clearance_arrivals (
      bill_of_lading text primary key,
      arrived_at timestamptz not null,
      conveyance text not null,
      port_of_entry text not null
    )`);
    await queryRunner.query(`create table if not exists deadlines (
      id text primary key,
      stream_id text not null,
      correlation_id text not null,
      kind text not null,
      due_at timestamptz not null,
      fired_at timestamptz
    )`);
    await queryRunner.query('create index if not exists deadlines_due on deadlines (due_at) where fired_at is null');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_shipments; drop table if exists clearance_arrivals; drop table if exists deadlines;');
  }
}

/** 三互: the declaration snapshot for alert matching, and the active alerts the risk engine uses. */
export class ClearanceAlertsAndExamination1763900000600 implements MigrationInterface {
  name = 'ClearanceAlertsAndExamination1763900000600';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table clearance_shipments add column if not exists declaration jsonb');
    await queryRunner.query(`create table if not exists clearance_alerts (
      id text primary key,
      subject jsonb not null,
      action text not null,
      reason text not null,
      raised_by jsonb not null,
      raised_at timestamptz not null,
      active boolean not null,
      lifted_at timestamptz,
      lift_reason text
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_alerts; alter table clearance_shipments drop column if exists declaration;');
  }
}

/** 汇总征税: the general guarantees lodged, by holder, so that a consolidated declaration finds its own. */
export class ClearanceGuarantees1763900001900 implements MigrationInterface {
  name = 'ClearanceGuarantees1763900001900';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_guarantees (
      id uuid primary key,
      holder text not null,
      valid_until date not null,
      lodged_at timestamptz not null
    )`);
    await queryRunner.query('create index if not exists clearance_guarantees_holder on clearance_guarantees (holder, lodged_at)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_guarantees');
  }
}

/** Arrivals are kept per bill of lading, port and conveyance: a report of one is not another's arrival. */
export class ClearanceArrivalsPerPort1763900002700 implements MigrationInterface {
  name = 'ClearanceArrivalsPerPort1763900002700';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table clearance_arrivals drop constraint if exists clearance_arrivals_pkey');
    await queryRunner.query('alter table clearance_arrivals add primary key (bill_of_lading, port_of_entry, conveyance)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table clearance_arrivals drop constraint if exists clearance_arrivals_pkey');
    await queryRunner.query('delete from clearance_arrivals a using clearance_arrivals b where a.bill_of_lading = b.bill_of_lading and a.arrived_at > b.arrived_at');
    await queryRunner.query('alter table clearance_arrivals add primary key (bill_of_lading)');
  }
}

export interface Arrival {
  billOfLading: string;
  arrivedAt: string;
  conveyance: string;
  portOfEntry: string;
}

type ShipmentRow = { declaration_id: string; bill_of_lading: string; agencies: Agency[]; released: Agency[]; status: ShipmentStatus; declaration: CaseDeclaration | null };
const toShipment = (row: ShipmentRow): Shipment => ({
  declarationId: row.declaration_id, billOfLading: row.bill_of_lading || null, agencies: row.agencies, released: row.released, status: row.status, declaration: row.declaration,
});

/**
 * The clearance process's own tables: its shipments (routed agencies, which released, status,
 * the declaration snapshot for alerts), the arrivals reported, the active alerts and the
 * deadlines it schedules. Every write is idempotent (insert-if-absent, set union, status
 * assignment), so a batch handled again after a crash changes nothing twice.
 */
@Injectable()
export class ClearanceTables {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.dataSource.manager.query(sql, params);
  }

  /** New shipments' rows, in one statement (insert-if-absent). */
  async insertShipments(shipments: readonly Shipment[]): Promise<void> {
    if (shipments.length === 0) return;
    await this.query(
      `insert into clearance_shipments (declaration_id, bill_of_lading, agencies, released, status, declaration)
       select r.declaration_id, r.bill_of_lading, r.agencies, r.released, r.status, r.declaration
         from jsonb_to_recordset($1::jsonb) as r(declaration_id uuid, bill_of_lading text, agencies text[], released text[], status text, declaration jsonb)
       on conflict do nothing`,
      [JSON.stringify(shipments.map((s) => ({ declaration_id: s.declarationId, bill_of_lading: s.billOfLading ?? '', agencies: s.agencies, released: s.released, status: s.status, declaration: s.declaration })))],
    );
  }

  async shipment(declarationId: string): Promise<Shipment | null> {
    const [row] = await this.query<ShipmentRow>('select declaration_id, bill_of_lading, agencies, released, status, declaration from clearance_shipments where declaration_id = $1', [declarationId]);
    return row ? toShipment(row) : null;
  }

  /** The open shipments on a bill of lading (what an arrival reaches). */
  async openShipmentsOnBill(billOfLading: string): Promise<Shipment[]> {
    const rows = await this.query<ShipmentRow>(
      `select declaration_id, bill_of_lading, agencies, released, status, declaration from clearance_shipments where bill_of_lading = $1 and status = 'open'`, [billOfLading]);
    return rows.map(toShipment);
  }

  /** The open shipments whose snapshot an alert can match. */
  async openShipments(): Promise<Shipment[]> {
    const rows = await this.query<ShipmentRow>(
      `select declaration_id, bill_of_lading, agencies, released, status, declaration from clearance_shipments where status = 'open' and declaration is not null`);
    return rows.map(toShipment);
  }

  async setStatus(declarationId: string, status: ShipmentStatus): Promise<void> {
    await this.query('update clearance_shipments set status = $2 where declaration_id = $1', [declarationId, status]);
  }

  /** A corrected declaration: its snapshot and agencies; before release the agencies release it anew. */
  async recordRevision(revision: { declarationId: string; declaration: CaseDeclaration; agencies: Agency[]; resetReleased: boolean }): Promise<void> {
    await this.query(
      `update clearance_shipments set declaration = $2::jsonb, agencies = $3::text[], released = case when $4 then '{}'::text[] else released end where declaration_id = $1`,
      [revision.declarationId, JSON.stringify(revision.declaration), revision.agencies, revision.resetReleased]);
  }

  /** Adds an agency to those that released (set union). */
  async addReleased(declarationId: string, agency: Agency): Promise<void> {
    await this.query(
      'update clearance_shipments set released = array(select distinct unnest(released || array[$2]::text[])) where declaration_id = $1', [declarationId, agency]);
  }

  /** The first report of a conveyance at a port counts (the arrival decider refuses a second one): no later report moves the arrival. */
  async recordArrival(arrival: Arrival): Promise<void> {
    await this.query(
      `insert into clearance_arrivals (bill_of_lading, arrived_at, conveyance, port_of_entry) values ($1, $2, $3, $4)
       on conflict (bill_of_lading, port_of_entry, conveyance) do nothing`,
      [arrival.billOfLading, arrival.arrivedAt, arrival.conveyance, arrival.portOfEntry],
    );
  }

  /** The arrival reported for a bill of lading by a conveyance at a port, if any. */
  async arrival(billOfLading: string, portOfEntry: string, conveyance: string): Promise<Arrival | null> {
    const rows = await this.query<{ arrived_at: Date; conveyance: string; port_of_entry: string }>(
      'select arrived_at, conveyance, port_of_entry from clearance_arrivals where bill_of_lading = $1 and port_of_entry = $2 order by arrived_at', [billOfLading, portOfEntry]);
    const row = rows.find((r) => normalizeConveyance(r.conveyance) === normalizeConveyance(conveyance));
    return row ? { billOfLading, arrivedAt: new Date(row.arrived_at).toISOString(), conveyance: row.conveyance, portOfEntry: row.port_of_entry } : null;
  }

  async activeAlerts(): Promise<ActiveAlert[]> {
    const rows = await this.query<ActiveAlert>('select id, subject, action, reason from clearance_alerts where active order by raised_at');
    return rows.map((r) => ({ id: r.id, subject: r.subject, action: r.action, reason: r.reason }));
  }

  async recordAlert(alert: ActiveAlert & { raisedBy: unknown; raisedAt: string }): Promise<void> {
    await this.query(
      'insert into clearance_alerts (id, subject, action, reason, raised_by, raised_at, active) values ($1, $2, $3, $4, $5, $6, true) on conflict do nothing',
      [alert.id, JSON.stringify(alert.subject satisfies AlertSubject), alert.action, alert.reason, JSON.stringify(alert.raisedBy), alert.raisedAt],
    );
  }

  /** Every agency's alerts, active first, for the alerts page (status: only the active or only the lifted). */
  async alerts(status: 'active' | 'lifted' | undefined, page: number, pageSize: number) {
    const where = status ? `where active = ${status === 'active'}` : '';
    const [{ total }] = await this.query<{ total: number }>(`select count(*)::int as total from clearance_alerts ${where}`);
    const rows = await this.query<{ id: string; subject: AlertSubject; action: string; reason: string; raised_by: unknown; raised_at: Date; active: boolean; lifted_at: Date | null }>(
      `select * from clearance_alerts ${where} order by active desc, raised_at desc limit $1 offset $2`, [pageSize, (page - 1) * pageSize]);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, subject: r.subject, action: r.action, reason: r.reason, raisedBy: r.raised_by, raisedAt: new Date(r.raised_at).toISOString(),
        status: r.active ? 'active' : 'lifted', liftedAt: r.lifted_at ? new Date(r.lifted_at).toISOString() : null,
      })),
    };
  }

  async liftAlert(alertId: string, at: string, reason: string | null): Promise<void> {
    await this.query('update clearance_alerts set active = false, lifted_at = $2, lift_reason = $3 where id = $1', [alertId, at, reason]);
  }

  async recordGuarantee(guarantee: { id: string; holder: string; validUntil: string; lodgedAt: string }): Promise<void> {
    await this.query('insert into clearance_guarantees (id, holder, valid_until, lodged_at) values ($1, $2, $3, $4) on conflict (id) do nothing',
      [guarantee.id, guarantee.holder, guarantee.validUntil, guarantee.lodgedAt]);
  }

  /** A holder's general guarantees, oldest first (each is drawn until its balance runs out). */
  async guaranteesOf(holder: string): Promise<string[]> {
    const rows = await this.query<{ id: string }>('select id::text from clearance_guarantees where holder = $1 order by lodged_at, id', [holder]);
    return rows.map((r) => r.id);
  }

  /** The guarantee's holder, as recorded when it was lodged. */
  async holderOf(guaranteeId: string): Promise<string | null> {
    const [row] = await this.query<{ holder: string }>('select holder from clearance_guarantees where id = $1', [guaranteeId]);
    return row?.holder ?? null;
  }

  /** 汇总征税: a holder's unreleased consolidated declarations (some may wait for a guarantee's balance). */
  async openConsolidatedOf(holder: string): Promise<string[]> {
    const rows = await this.query<{ declaration_id: string }>(
      `select declaration_id::text from clearance_shipments where status = 'open' and declaration->>'settlement' = 'consolidated' and declaration->'declarant'->>'uscc' = $1`, [holder]);
    return rows.map((r) => r.declaration_id);
  }

  async scheduleDeadline(deadline: { id: string; streamId: string; declarationId: string; kind: string; dueAt: string }): Promise<void> {
    await this.query(
      'insert into deadlines (id, stream_id, correlation_id, kind, due_at) values ($1, $2, $3, $4, $5) on conflict (id) do nothing',
      [deadline.id, deadline.streamId, deadline.declarationId, deadline.kind, deadline.dueAt],
    );
  }

  /** A deadline that no longer applies (filed in time, withdrawn) is marked fired without firing. */
  async settleDeadlines(where: { id: string } | { declarationId: string }): Promise<void> {
    if ('id' in where) await this.query('update deadlines set fired_at = now() where id = $1 and fired_at is null', [where.id]);
    else await this.query('update deadlines set fired_at = now() where correlation_id = $1 and fired_at is null', [where.declarationId]);
  }

  async dueDeadlines(now: Date, limit = 500): Promise<{ id: string; stream_id: string; correlation_id: string }[]> {
    return this.query('select id, stream_id, correlation_id from deadlines where fired_at is null and due_at <= $1 order by due_at limit $2', [now, limit]);
  }

  async markFired(deadlineId: string, at: Date): Promise<void> {
    await this.query('update deadlines set fired_at = $2 where id = $1', [deadlineId, at]);
  }
}
