import { Injectable } from '@nestjs/common';
import type { Agency } from '@sw/shipment';
import { DataSource } from 'typeorm';
import type { StatusView } from '../declaration-status/status-view';

/** The statuses a worklist shows unless asked for one. */
export const OPEN_CASE_STATUSES = ['pending', 'examination', 'held', 'conformity-pending'];

/** What the other agencies decided and found for the same shipment (信息互换). */
export function otherAgencies(view: StatusView | undefined, agency: Agency) {
  const others: Record<string, unknown> = {};
  for (const [name, facts] of Object.entries(view?.agencies ?? {})) {
    if (name !== agency && facts) others[name] = { status: facts.status, lane: facts.lane, reasons: facts.reasons, requiredChecks: facts.requiredChecks, decisions: facts.decisions, releasedAt: facts.releasedAt };
  }
  return others;
}

/** An agency's worklist, with each shipment's status view beside its case (the view may lag behind: left join). */
@Injectable()
export class AgencyWorklistQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(agency: Agency, query: { statuses: string[]; page: number; pageSize: number }) {
    const { statuses, page, pageSize } = query;
    const [{ total }] = await this.dataSource.query('select count(*)::int as total from agency_worklist where agency = $1 and status = any($2)', [agency, statuses]);
    const rows: { declaration_id: string; status: string; lane: string | null; priority: number; mode: string; declarant_uscc: string; declarant_name: string; opened_at: Date; view: StatusView | null }[] =
      await this.dataSource.query(
        `select w.*, s.view from agency_worklist w left join declaration_status s on s.id = w.declaration_id
          where w.agency = $1 and w.status = any($2) order by w.priority desc, w.opened_at, w.declaration_id limit $3 offset $4`,
        [agency, statuses, pageSize, (page - 1) * pageSize],
      );
    return {
      items: rows.map((r) => ({
        declarationId: r.declaration_id, number: r.view?.number ?? null, status: r.status, lane: r.lane, priority: r.priority, mode: r.mode,
        declarant: { uscc: r.declarant_uscc, name: r.declarant_name }, openedAt: new Date(r.opened_at).toISOString(),
        declarationStatus: r.view?.status, otherAgencies: otherAgencies(r.view ?? undefined, agency),
        // API.md "Corrections": what waits for an officer on the declaration (修改申请 to decide, 补充申报 answered).
        corrections: {
          pendingAmendments: (r.view?.amendments ?? []).filter((a) => a.status === 'pending').length,
          answeredRequests: (r.view?.requests ?? []).filter((q) => q.agency === agency && q.status === 'answered').length,
          version: r.view?.version ?? 1,
        },
      })),
      page, pageSize, total,
    };
  }
}
