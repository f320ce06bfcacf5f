import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { formatCustomsNumber, isCustomsNumber, MAX_CUSTOMS_SEQUENCE, type Direction } from '@sw/shipment';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 海关编号: one counter row per customs office and year, advanced by an atomic upsert that returns
 * the new value (never max()+1), so two instances never give the same sequence; and the number
 * each declaration got, so that a read by number finds its declaration before any projection has it.
 */
export class CustomsNumbers1763900018100 implements MigrationInterface {
  name = 'CustomsNumbers1763900018100';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists customs_number_counters (
      office text not null,
      year int not null,
      last_sequence bigint not null,
      primary key (office, year)
    )`);
    await queryRunner.query(`create table if not exists customs_numbers (
      number text primary key,
      declaration_id uuid not null unique,
      assigned_at timestamptz not null default now()
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists customs_numbers; drop table if exists customs_number_counters;');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** China's calendar year of an instant (the number carries the year it was declared in, UTC+8). */
export const chinaYear = (instant: Date) => new Date(instant.getTime() + 8 * 3600_000).getUTCFullYear();

@Injectable()
export class CustomsNumbers {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The number of a declaration: the one it already has (a retry under the same Idempotency-Key),
   * or the next of its office and year. A number given to a submission that is then refused is
   * lost, never given again (gap-tolerant, never reused).
   */
  async assign(declarationId: string, office: string, direction: Direction, at: Date): Promise<string> {
    const existing = await this.numberOf(declarationId);
    if (existing) return existing;
    const year = chinaYear(at);
    const [{ last_sequence }]: { last_sequence: string }[] = await this.dataSource.query(
      `insert into customs_number_counters (office, year, last_sequence) values ($1, $2, 1)
       on conflict (office, year) do update set last_sequence = customs_number_counters.last_sequence + 1
       returning last_sequence`,
      [office, year],
    );
    const sequence = Number(last_sequence);
    if (sequence > MAX_CUSTOMS_SEQUENCE) throw new Error(`customs office ${office} has given every number of ${year}`);
    const number = formatCustomsNumber(office, year, direction, sequence);
    const inserted: { number: string }[] = await this.dataSource.query(
      'insert into customs_numbers (number, declaration_id) values ($1, $2) on conflict (declaration_id) do nothing returning number',
      [number, declarationId],
    );
    // Two retries of one key at the same moment: the first to record its number keeps it.
    return inserted[0]?.number ?? (await this.numberOf(declarationId))!;
  }

  async numberOf(declarationId: string): Promise<string | undefined> {
    const rows: { number: string }[] = await this.dataSource.query('select number from customs_numbers where declaration_id = $1', [declarationId]);
    return rows[0]?.number;
  }

  /** The declaration id a path names, by its id or its customs number; undefined when neither. */
  async resolve(idOrNumber: string): Promise<string | undefined> {
    if (UUID.test(idOrNumber)) return idOrNumber.toLowerCase();
    if (!isCustomsNumber(idOrNumber)) return undefined;
    const rows: { declaration_id: string }[] = await this.dataSource.query('select declaration_id from customs_numbers where number = $1', [idOrNumber]);
    return rows[0]?.declaration_id;
  }
}

/**
 * `@Param('id', DeclarationIdPipe)`: a declaration path takes its id or its 18-digit customs
 * number; either becomes the id, anything else is 404 (as an unknown id is).
 */
@Injectable()
export class DeclarationIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(private readonly numbers: CustomsNumbers) {}
  async transform(value: string): Promise<string> {
    const id = await this.numbers.resolve(value);
    if (!id) throw new NotFoundException(`No declaration ${value}`);
    return id;
  }
}
