import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CrossingRow } from './crossings.projection';

export const CROSSING_STATUSES = ['declared', 'held', 'cleared', 'refused', 'exited'] as const;
export type CrossingListStatus = (typeof CROSSING_STATUSES)[number];
/** What border check still has to decide: declared and not yet assessed, or held. */
export const WAITING: readonly CrossingListStatus[] = ['declared', 'held'];

/** A crossing as border check's worklist shows it. */
export function crossingItem(r: CrossingRow) {
  return {
    id: r.id, conveyance: r.conveyance, direction: r.direction, portOfEntry: r.port_of_entry, carrier: r.carrier, crew: r.crew, empty: r.empty,
    declarations: r.declarations, status: r.status, holds: r.holds, alerts: r.alerts, decisions: r.decisions,
    declaredAt: new Date(r.declared_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Reads of the crossings read model: border check's worklist (运输工具申报 waiting for a decision). */
@Injectable()
export class CrossingsQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: { statuses: readonly CrossingListStatus[]; port?: string; page: number; pageSize: number }) {
    const params: unknown[] = [query.statuses];
    const where = ['status = any($1::text[])'];
    if (query.port) where.push(`port_of_entry = $${params.push(query.port)}`);
    const clause = `where ${where.join(' and ')}`;
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from crossings ${clause}`, params);
    const rows: CrossingRow[] = await this.dataSource.query(
      `select id::text, carrier, conveyance, direction, port_of_entry, crew, empty, declarations, status, alerts, holds, decisions, declared_at, updated_at
         from crossings ${clause} order by declared_at, id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items: rows.map(crossingItem), page: query.page, pageSize: query.pageSize, total };
  }
}
