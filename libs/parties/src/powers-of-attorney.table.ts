import { Injectable } from '@nestjs/common';
import { DeciderRepository } from '@sw/event-store';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { powerOfAttorneyDecider, powerOfAttorneyStream, type PowerOfAttorney } from './domain/power-of-attorney';

/**
 * Which powers of attorney exist between whom: written before the power's stream, so that a
 * power is always found; what a power says (and whether it is revoked) is read from its stream,
 * never from here, so a revocation counts from the moment it is appended.
 */
export class PowersOfAttorney1763900018300 implements MigrationInterface {
  name = 'PowersOfAttorney1763900018300';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists powers_of_attorney (
      id uuid primary key,
      principal_uscc text not null,
      agent_uscc text not null,
      created_at timestamptz not null default now()
    )`);
    await queryRunner.query('create index if not exists powers_of_attorney_pair on powers_of_attorney (principal_uscc, agent_uscc)');
    await queryRunner.query('create index if not exists powers_of_attorney_agent on powers_of_attorney (agent_uscc, created_at desc)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists powers_of_attorney');
  }
}

@Injectable()
export class PowersOfAttorneyTable {
  constructor(private readonly dataSource: DataSource, private readonly repository: DeciderRepository) {}

  async record(id: string, principal: string, agent: string): Promise<void> {
    await this.dataSource.query('insert into powers_of_attorney (id, principal_uscc, agent_uscc) values ($1, $2, $3) on conflict (id) do nothing', [id, principal, agent]);
  }

  /** The powers a principal gave a broker, as their streams say. */
  async between(principal: string, agent: string): Promise<PowerOfAttorney[]> {
    const rows: { id: string }[] = await this.dataSource.query('select id from powers_of_attorney where principal_uscc = $1 and agent_uscc = $2 order by created_at', [principal, agent]);
    return this.load(rows.map((r) => r.id));
  }

  /** A page of the powers an enterprise issued or a broker holds, newest first. */
  async of(party: { role: 'enterprise' | 'broker'; uscc: string }, page: number, pageSize: number): Promise<{ items: PowerOfAttorney[]; total: number }> {
    const column = party.role === 'enterprise' ? 'principal_uscc' : 'agent_uscc';
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from powers_of_attorney where ${column} = $1`, [party.uscc]);
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from powers_of_attorney where ${column} = $1 order by created_at desc, id limit $2 offset $3`, [party.uscc, pageSize, (page - 1) * pageSize]);
    return { items: await this.load(rows.map((r) => r.id)), total };
  }

  private async load(ids: string[]): Promise<PowerOfAttorney[]> {
    const states = await Promise.all(ids.map(async (id) => (await this.repository.load(powerOfAttorneyStream(id), powerOfAttorneyDecider)).state));
    return states.filter((s): s is PowerOfAttorney => s !== null);
  }
}
