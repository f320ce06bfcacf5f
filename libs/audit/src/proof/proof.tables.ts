import { Injectable } from '@nestjs/common';
import type { MerkleFrontierState } from '@sw/event-store';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { PublicJwk } from './signing-keys';

/**
 * What proves the log beyond the database: the public keys ever used to sign, and the signed
 * checkpoints (each with the Merkle frontier the next one continues from). Both append-only: the
 * server's role may insert and read them (least-privilege.ts), triggers refuse the rest to anyone
 * but the owner.
 */
export class AuditProofTables1763900003100 implements MigrationInterface {
  name = 'AuditProofTables1763900003100';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists audit_signing_keys (
      kid text primary key,
      jwk jsonb not null,
      first_used_at timestamptz not null default now()
    )`);
    await queryRunner.query(`create table if not exists audit_checkpoints (
      seq bigint generated always as identity primary key,
      position text not null,
      events bigint not null,
      root text not null,
      at timestamptz not null,
      kid text not null references audit_signing_keys (kid),
      jws text not null,
      frontier jsonb not null,
      recorded_at timestamptz not null default now()
    )`);
    await queryRunner.query(`create or replace function sw_proof_append_only() returns trigger language plpgsql as $fn$
      begin
        raise exception using errcode = 'SW003', message = format('%s is append-only: %s refused', tg_table_name, tg_op);
      end
    $fn$`);
    for (const table of ['audit_signing_keys', 'audit_checkpoints']) {
      await queryRunner.query(`drop trigger if exists ${table}_append_only on ${table}`);
      await queryRunner.query(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function sw_proof_append_only()`);
      await queryRunner.query(`drop trigger if exists ${table}_no_truncate on ${table}`);
      await queryRunner.query(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function sw_proof_append_only()`);
    }
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists audit_checkpoints; drop table if exists audit_signing_keys; drop function if exists sw_proof_append_only()');
  }
}

/** A signed checkpoint as the API shows it: the signed fields, the key id and the compact JWS. */
export interface Checkpoint {
  position: string;
  events: number;
  root: string;
  at: string;
  kid: string;
  jws: string;
}

interface CheckpointRow {
  position: string; events: string; root: string; at: Date; kid: string; jws: string; frontier: MerkleFrontierState;
}

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  position: row.position, events: Number(row.events), root: row.root, at: row.at.toISOString(), kid: row.kid, jws: row.jws,
});

@Injectable()
export class ProofTables {
  constructor(private readonly dataSource: DataSource) {}

  async publishKey(jwk: PublicJwk): Promise<void> {
    await this.dataSource.query('insert into audit_signing_keys (kid, jwk) values ($1, $2) on conflict (kid) do nothing', [jwk.kid, jwk]);
  }

  async publishedKeys(): Promise<PublicJwk[]> {
    const rows: { jwk: PublicJwk }[] = await this.dataSource.query('select jwk from audit_signing_keys order by first_used_at desc, kid');
    return rows.map((r) => r.jwk);
  }

  async last(manager: EntityManager = this.dataSource.manager): Promise<(Checkpoint & { frontier: MerkleFrontierState }) | null> {
    const rows: CheckpointRow[] = await manager.query('select position, events, root, at, kid, jws, frontier from audit_checkpoints order by seq desc limit 1');
    return rows[0] ? { ...toCheckpoint(rows[0]), frontier: rows[0].frontier } : null;
  }

  async insert(manager: EntityManager, checkpoint: Checkpoint, frontier: MerkleFrontierState): Promise<void> {
    await manager.query('insert into audit_checkpoints (position, events, root, at, kid, jws, frontier) values ($1, $2, $3, $4, $5, $6, $7)',
      [checkpoint.position, checkpoint.events, checkpoint.root, checkpoint.at, checkpoint.kid, checkpoint.jws, frontier]);
  }

  async list(page: number, pageSize: number): Promise<{ items: Checkpoint[]; page: number; pageSize: number; total: number }> {
    const [{ total }] = await this.dataSource.query('select count(*)::int as total from audit_checkpoints');
    const rows: CheckpointRow[] = await this.dataSource.query(
      'select position, events, root, at, kid, jws, frontier from audit_checkpoints order by seq desc limit $1 offset $2', [pageSize, (page - 1) * pageSize]);
    return { items: rows.map(toCheckpoint), page, pageSize, total };
  }
}
