import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@sw/event-store';
import { CLOCK, type Clock, type Principal } from '@sw/platform';
import type { DeclarationsByTransport } from '@sw/declaration';
import { DataSource } from 'typeorm';
import { appointmentForEnterprise, arrivalMatches, decisionForEnterprise, licenseProblemForEnterprise } from '@sw/shipment';
import { searchWhere, type DeclarationSearch } from './declaration-search';
import { evolveStatusView, licenceFailure, licenceFailureMessage, withLateFee, type DeclarationStatus, type LicensesView, type StatusView } from './status-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads of the status view: scoped to who asks for the API, by transport for the arrival report and the gate. */
@Injectable()
export class DeclarationStatusQueries implements DeclarationsByTransport {
  constructor(private readonly dataSource: DataSource, @Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}

  /** The view of one declaration, or 404 when it does not exist or is not the caller's to see. */
  async view(id: string, principal: Principal): Promise<StatusView> {
    if (!UUID.test(id)) throw new NotFoundException(`No declaration ${id}`);
    const view = await this.current(id);
    if (!view || !visibleTo(view, principal)) throw new NotFoundException(`No declaration ${id}`);
    return present(withLateFee(view, this.clock.now()), principal);
  }

  /**
   * The view as the store holds it now: the projection's row brought up to date with the
   * shipment's events after the row's position, or, before the projection has the declaration,
   * its events folded (the same reducer). Never behind the store, so never behind an earlier
   * read: a replay answered before the row existed, then the row the projection wrote from its
   * first batch would have shown an older state (a view that went backwards under load).
   */
  private async current(id: string): Promise<StatusView | null> {
    const [row]: { view: StatusView; position: string | null }[] = await this.dataSource.query('select view, position from declaration_status where id = $1', [id]);
    if (!row) return this.replay(id);
    if (!row.position) return row.view; // written before rows kept their position
    const newer = await this.store.readByCorrelation(id, { after: row.position });
    return newer.reduce<StatusView | null>(evolveStatusView, row.view) ?? row.view;
  }

  /** Every event of the shipment, in order (its receipts are derived from them). */
  shipmentEvents(id: string) {
    return this.store.readByCorrelation(id);
  }

  async replay(id: string, untilTime?: Date): Promise<StatusView | null> {
    const events = await this.store.readByCorrelation(id, { untilTime });
    return events.reduce<StatusView | null>(evolveStatusView, null);
  }

  /** GET /v1/declarations: what the caller may see, narrowed by the search's filters (declaration-search.ts). */
  async list(principal: Principal, query: DeclarationSearch & { page: number; pageSize: number }) {
    const { clause, params } = searchWhere(principal, query);
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from declaration_status ${clause}`, params);
    const rows: { view: StatusView }[] = await this.dataSource.query(
      `select view from declaration_status ${clause} order by submitted_at desc, id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const now = this.clock.now();
    return { items: rows.map((r) => present(withLateFee(r.view, now), principal)), page: query.page, pageSize: query.pageSize, total };
  }

  /** The stored view as the projection left it (undefined before it has the declaration), for another read that shows part of it. */
  async stored(id: string): Promise<StatusView | undefined> {
    const [row]: { view: StatusView }[] = await this.dataSource.query('select view from declaration_status where id = $1', [id]);
    return row?.view;
  }

  /** The shipments with an examination (一次查验): an officer those routed to its agency, an enterprise its own, an auditor all. */
  /** ids: only these declarations' (the notices stream reads the ones whose view changed). */
  async examinations(principal: Principal, query: { status?: 'scheduled' | 'completed'; page: number; pageSize: number; ids?: string[] }) {
    const where = [`view->'examination' <> 'null'::jsonb`];
    const params: unknown[] = [];
    if (query.ids) where.push(`id = any($${params.push(query.ids)}::uuid[])`);
    if (principal.role === 'officer') where.push(`agencies @> array[$${params.push(principal.agency)}]::text[]`);
    if (principal.role === 'enterprise') {
      const me = `$${params.push(principal.uscc)}`;
      where.push(`(declarant_uscc = ${me} or consignee_uscc = ${me})`); // its own filings and those a broker filed for it
    }
    // 推送查验通知: a port operator gets its port's examinations (a token without a port: DEV_MODE, every port).
    if (principal.role === 'port-operator' && principal.port) where.push(`port_of_entry = $${params.push(principal.port)}`);
    if (query.status) where.push(`view->'examination'->>'status' = $${params.push(query.status)}`);
    const clause = `where ${where.join(' and ')}`;
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from declaration_status ${clause}`, params);
    const rows: { id: string; examination: Record<string, unknown>; bill_of_lading: string; conveyance: string; port_of_entry: string }[] = await this.dataSource.query(
      `select id, view->'examination' as examination, bill_of_lading, conveyance, port_of_entry from declaration_status ${clause} order by submitted_at, id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const items = rows.map((r): Record<string, unknown> => ({ declarationId: r.id, ...r.examination }));
    // The yard moves the container before the officers arrive: what it needs to find it, and when they come.
    if (principal.role === 'port-operator') {
      return {
        items: rows.map((r, i) => ({ ...items[i], ...(r.bill_of_lading ? { billOfLading: r.bill_of_lading } : {}), conveyance: r.conveyance, portOfEntry: r.port_of_entry, appointment: appointmentForEnterprise(items[i]!.appointment as Parameters<typeof appointmentForEnterprise>[0]) })),
        page: query.page, pageSize: query.pageSize, total,
      };
    }
    return {
      items: principal.role === 'enterprise' ? items.map((item) => ({ ...item, appointment: appointmentForEnterprise(item.appointment as Parameters<typeof appointmentForEnterprise>[0]) })) : items,
      page: query.page, pageSize: query.pageSize, total,
    };
  }

  async byBillOfLading(billOfLading: string, arrival: { portOfEntry: string; conveyance: string }): Promise<string[]> {
    const rows: { id: string; port_of_entry: string; conveyance: string }[] = await this.dataSource.query(
      `select id, port_of_entry, conveyance from declaration_status where bill_of_lading = $1 and status not in ('withdrawn', 'rejected') order by submitted_at`,
      [billOfLading],
    );
    return rows.filter((r) => arrivalMatches(arrival, { portOfEntry: r.port_of_entry, transport: { conveyance: r.conveyance } })).map((r) => r.id);
  }

  async awaitingExit(conveyance: string, portOfEntry: string): Promise<string[]> {
    // Plates compare normalized (case, spaces, dashes, full-width characters): the port's open declarations, matched here.
    const rows: { id: string; conveyance: string }[] = await this.dataSource.query(
      `select id, conveyance from declaration_status where port_of_entry = $1 and status not in ('withdrawn', 'rejected', 'exited') order by submitted_at`,
      [portOfEntry],
    );
    return rows.filter((r) => arrivalMatches({ portOfEntry, conveyance }, { portOfEntry, transport: { conveyance: r.conveyance } })).map((r) => r.id);
  }
}

export function visibleTo(view: StatusView, principal: Principal): boolean {
  switch (principal.role) {
    // 代理报关: the principal (consignee) and the broker that filed (declarant) both see it.
    case 'enterprise': return view.declarant.uscc === principal.uscc || view.consignee?.uscc === principal.uscc;
    case 'broker': return view.declarant.uscc === principal.uscc;
    case 'officer': return !!principal.agency && principal.agency in view.agencies;
    case 'auditor': return true;
    default: return false;
  }
}

/**
 * 风险参数 are confidential: an enterprise sees its lane and results, not the rules that chose
 * them; of the facts others recorded, what @sw/shipment's disclosure rules let it read (an
 * enforcement alert's text, an officer's identity, another holder's licence stay hidden).
 */
export function present(full: StatusView, principal: Principal): StatusView {
  const { examinationState: _internal, ...rest } = full;
  const view = { ...rest, charges: rest.charges ?? [] }; // rows stored before port charges had none
  if (principal.role !== 'enterprise' && principal.role !== 'broker') return view;
  const agencies: StatusView['agencies'] = {};
  for (const [agency, a] of Object.entries(view.agencies)) {
    // The risk rules are confidential: neither their words nor their codes reach the enterprise.
    const { reasonMessages: _confidential, ...facts } = a!;
    agencies[agency as keyof StatusView['agencies']] = { ...facts, reasons: [], decisions: a!.decisions.map((d) => decisionForEnterprise(agency, d)) };
  }
  const examination = view.examination && { ...view.examination, appointment: appointmentForEnterprise(view.examination.appointment as Parameters<typeof appointmentForEnterprise>[0]) };
  return { ...view, agencies, examination, licenses: licensesForEnterprise(view.licenses) };
}

function licensesForEnterprise(licenses: LicensesView): LicensesView {
  if (!licenses?.problems?.length) return licenses;
  const problems = licenses.problems.map(licenseProblemForEnterprise);
  const reason = licenses.status === 'failed' ? licenceFailure(problems) : licenses.reason;
  // The coded reason names each problem's code too: worded from the problems the declarant may read.
  const reasonMessage = licenses.reasonMessage && licenceFailureMessage(licenses.reasonMessage.code as Parameters<typeof licenceFailureMessage>[0], problems);
  return { ...licenses, problems, ...(reason !== undefined ? { reason } : {}), ...(reasonMessage ? { reasonMessage } : {}) };
}
