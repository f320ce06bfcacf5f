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
   * The number of a declaration: the next of its office and year, in one statement (the counter
   * row's upsert and the number's record); or, for a retry under the same Idempotency-Key (`retry`),
   * the one it already has. A number given to a submission that is then refused is lost, never
   * given again (gap-tolerant, never reused).
   */
  async assign(declarationId: string, office: string, direction: Direction, at: Date, retry = false): Promise<string> {
    if (retry) {
      const existing = await this.numberOf(declarationId);
      if (existing) return existing;
    }
    const year = chinaYear(at);
    const prefix = formatCustomsNumber(office, year, direction, 1).slice(0, 9);
    const rows: { number: string | null; sequence: string }[] = await this.dataSource.query(
      `with next as (
         insert into customs_number_counters (office, year, last_sequence) values ($1, $2, 1)
         on conflict (office, year) do update set last_sequence = customs_number_counters.last_sequence + 1
         returning last_sequence
       ), recorded as (
         insert into customs_numbers (number, declaration_id)
         select $3 || lpad(last_sequence::text, 9, '0'), $4 from next where last_sequence <= $5
         on conflict (declaration_id) do nothing
         returning number
       )
       select (select number from recorded) as number, (select last_sequence from next)::text as sequence`,
      [office, year, prefix, declarationId, MAX_CUSTOMS_SEQUENCE],
    );
    const [{ number, sequence }] = rows;
    if (Number(sequence) > MAX_CUSTOMS_SEQUENCE) throw new Error(`customs office ${office} has given every number of ${year}`);
    // Two retries of one key at the same moment: the first to record its number keeps it.
    return number ?? (await this.numberOf(declarationId))!;
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
