import { Injectable } from '@nestjs/common';
import { normalizeConveyance } from '@sw/shipment';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

/** 舱单 and 运输工具申报 as the clearance process needs them: which bills each manifest lists, and the crossings not yet over. */
export class ClearanceBorderPost1763900003000 implements MigrationInterface {
  name = 'ClearanceBorderPost1763900003000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_manifest_bills (
      bill_of_lading text not null,
      manifest_id uuid not null,
      port_of_entry text not null,
      conveyance text not null,
      primary key (bill_of_lading, manifest_id)
    )`);
    await queryRunner.query(`create table if not exists clearance_crossings (
      id uuid primary key,
      port_of_entry text not null,
      conveyance text not null,
      conveyance_key text not null,
      crew jsonb not null,
      declarations text[] not null,
      empty boolean not null,
      declared_at timestamptz not null,
      open boolean not null default true
    )`);
    await queryRunner.query('create index if not exists clearance_crossings_open on clearance_crossings (port_of_entry, conveyance_key) where open');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_manifest_bills; drop table if exists clearance_crossings;');
  }
}

export interface ManifestedBill {
  manifestId: string;
  conveyance: string;
  portOfEntry: string;
}

export interface OpenCrossing {
  crossingId: string;
  conveyance: string;
  portOfEntry: string;
  crew: { name: string; document: string }[];
  declarations: string[];
  empty: boolean;
}

type CrossingRow = { id: string; conveyance: string; port_of_entry: string; crew: OpenCrossing['crew']; declarations: string[]; empty: boolean };
const toCrossing = (row: CrossingRow): OpenCrossing => ({
  crossingId: row.id, conveyance: row.conveyance, portOfEntry: row.port_of_entry, crew: row.crew, declarations: row.declarations, empty: row.empty,
});

/** The clearance process's border-post tables. Every write is idempotent (a batch handled again changes nothing twice). */
@Injectable()
export class BorderPostTables {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.dataSource.manager.query(sql, params);
  }

  async recordManifestBills(manifest: { manifestId: string; conveyance: string; portOfEntry: string; added: string[]; removed: string[] }): Promise<void> {
    if (manifest.removed.length) {
      await this.query('delete from clearance_manifest_bills where manifest_id = $1 and bill_of_lading = any($2)', [manifest.manifestId, manifest.removed]);
    }
    if (manifest.added.length) {
      await this.query(
        `insert into clearance_manifest_bills (bill_of_lading, manifest_id, port_of_entry, conveyance)
         select unnest($1::text[]), $2, $3, $4 on conflict do nothing`, [manifest.added, manifest.manifestId, manifest.portOfEntry, manifest.conveyance]);
    }
  }

  /** The manifests that list a bill of lading (one, unless it moved from one to another). */
  async manifestsOfBill(billOfLading: string): Promise<ManifestedBill[]> {
    const rows = await this.query<{ manifest_id: string; conveyance: string; port_of_entry: string }>(
      'select manifest_id, conveyance, port_of_entry from clearance_manifest_bills where bill_of_lading = $1', [billOfLading]);
    return rows.map((r) => ({ manifestId: r.manifest_id, conveyance: r.conveyance, portOfEntry: r.port_of_entry }));
  }

  async recordCrossing(crossing: OpenCrossing & { declaredAt: string }): Promise<void> {
    await this.query(
      `insert into clearance_crossings (id, port_of_entry, conveyance, conveyance_key, crew, declarations, empty, declared_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing`,
      [crossing.crossingId, crossing.portOfEntry, crossing.conveyance, normalizeConveyance(crossing.conveyance), JSON.stringify(crossing.crew), crossing.declarations, crossing.empty, crossing.declaredAt]);
  }

  /** Exited or refused: no longer the conveyance's crossing at the gate, nor one an alert can hold. */
  async closeCrossing(crossingId: string): Promise<void> {
    await this.query('update clearance_crossings set open = false where id = $1', [crossingId]);
  }

  async openCrossings(): Promise<OpenCrossing[]> {
    const rows = await this.query<CrossingRow>('select id, conveyance, port_of_entry, crew, declarations, empty from clearance_crossings where open');
    return rows.map(toCrossing);
  }

  /** The open crossings that carry a declaration (一次查验 of a truck). */
  async openCrossingsCarrying(declarationId: string): Promise<OpenCrossing[]> {
    const rows = await this.query<CrossingRow>('select id, conveyance, port_of_entry, crew, declarations, empty from clearance_crossings where open and $1 = any(declarations)', [declarationId]);
    return rows.map(toCrossing);
  }

  /** The conveyance's latest crossing at the port that has not exited (plates compared normalized). */
  async openCrossingAt(portOfEntry: string, conveyance: string): Promise<OpenCrossing | null> {
    const [row] = await this.query<CrossingRow>(
      'select id, conveyance, port_of_entry, crew, declarations, empty from clearance_crossings where open and port_of_entry = $1 and conveyance_key = $2 order by declared_at desc limit 1',
      [portOfEntry, normalizeConveyance(conveyance)]);
    return row ? toCrossing(row) : null;
  }
}
