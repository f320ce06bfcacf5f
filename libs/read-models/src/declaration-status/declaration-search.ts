import type { Principal } from '@sw/platform';
import { normalizeConveyance } from '@sw/shipment';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { DeclarationStatus } from './status-view';

/** SQL of a conveyance as the search compares it (normalizeConveyance of @sw/shipment: no case, spaces, dashes or dots). */
export const CONVEYANCE_KEY_SQL = (column: string) => `upper(regexp_replace(${column}, '[[:space:]·.-]', '', 'g'))`;

/**
 * The search columns of declaration_status (API.md "Numbers and finding a shipment"): the customs
 * number, the consignee (境内收发货人, the declarant when it filed for itself) and the conveyance as
 * searched, each indexed so a filtered search reads a handful of index entries, not the table.
 */
export class DeclarationSearch1763900018200 implements MigrationInterface {
  name = 'DeclarationSearch1763900018200';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table declaration_status
      add column if not exists number text,
      add column if not exists consignee_uscc text,
      add column if not exists conveyance_key text`);
    await queryRunner.query(`update declaration_status set
      number = view->>'number',
      consignee_uscc = coalesce(view->'consignee'->>'uscc', declarant_uscc),
      conveyance_key = ${CONVEYANCE_KEY_SQL('conveyance')}
      where consignee_uscc is null`);
    await queryRunner.query('create index if not exists declaration_status_number on declaration_status (number)');
    await queryRunner.query('create index if not exists declaration_status_consignee on declaration_status (consignee_uscc, submitted_at desc)');
    await queryRunner.query('create index if not exists declaration_status_conveyance_key on declaration_status (conveyance_key, submitted_at desc)');
    await queryRunner.query('create index if not exists declaration_status_bill_time on declaration_status (bill_of_lading, submitted_at desc)');
    await queryRunner.query('create index if not exists declaration_status_submitted on declaration_status (submitted_at desc, id)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table declaration_status drop column if exists number, drop column if exists consignee_uscc, drop column if exists conveyance_key');
  }
}

/** The derived columns the projection writes for the search. */
export const SEARCH_COLUMNS = {
  number: `r.view->>'number'`,
  consignee_uscc: `coalesce(r.view->'consignee'->>'uscc', r.view->'declarant'->>'uscc')`,
  conveyance_key: CONVEYANCE_KEY_SQL(`r.view->'transport'->>'conveyance'`),
};

export interface DeclarationSearch {
  status?: DeclarationStatus;
  number?: string;
  billOfLading?: string;
  conveyance?: string;
  consignee?: string;
  declarant?: string;
  from?: string;
  to?: string;
  q?: string;
}

/**
 * The where clause of a search: first what the caller may see (an enterprise what it filed or was
 * filed for it, a broker what it filed, an officer what is routed to its agency, an auditor all),
 * then each filter given, all of them at once.
 */
export function searchWhere(principal: Principal, search: DeclarationSearch): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (principal.role === 'enterprise') {
    const me = p(principal.uscc);
    where.push(`(declarant_uscc = ${me} or consignee_uscc = ${me})`);
  }
  if (principal.role === 'broker') where.push(`declarant_uscc = ${p(principal.uscc)}`);
  if (principal.role === 'officer') where.push(`agencies @> array[${p(principal.agency)}]::text[]`);
  if (search.status) where.push(`status = ${p(search.status)}`);
  if (search.number) where.push(`number = ${p(search.number)}`);
  if (search.billOfLading) where.push(`bill_of_lading = ${p(search.billOfLading)}`);
  if (search.conveyance) where.push(`conveyance_key = ${p(normalizeConveyance(search.conveyance))}`);
  if (search.consignee) where.push(`consignee_uscc = ${p(search.consignee)}`);
  if (search.declarant) where.push(`declarant_uscc = ${p(search.declarant)}`);
  if (search.from) where.push(`submitted_at >= ${p(search.from)}::timestamptz`);
  if (search.to) where.push(`submitted_at < ${p(search.to)}::timestamptz`);
  if (search.q) {
    // Each alternative is an indexed equality: the planner ORs their index scans (BitmapOr).
    const text = p(search.q.trim());
    const upper = p(search.q.trim().toUpperCase());
    const key = p(normalizeConveyance(search.q));
    where.push(`(number = ${text} or bill_of_lading = ${upper} or conveyance_key = ${key} or consignee_uscc = ${upper} or declarant_uscc = ${upper})`);
  }
  return { clause: where.length ? `where ${where.join(' and ')}` : '', params };
}
