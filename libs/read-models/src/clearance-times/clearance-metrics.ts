import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@sw/platform';
import { DataSource } from 'typeorm';
import { OVERDUE_HOURS, groupedFigures, overdueImports, round, type Distribution } from './clearance-measure';

export { OVERDUE_HOURS, type Distribution } from './clearance-measure';

const HOURS = (from: string, to: string) => `extract(epoch from (${to} - ${from})) / 3600.0`;
const STAGES: [string, string, string][] = [
  ['submitted→routed', 'submitted_at', 'routed_at'],
  ['routed→released', 'routed_at', 'released_at'],
  ['submitted→released', 'submitted_at', 'released_at'],
  ['released→exited', 'released_at', 'exited_at'],
];
const AGENCY_STAGES: [string, string, string][] = [
  ['opened→assessed', 'opened_at', 'assessed_at'],
  ['assessed→released', 'assessed_at', 'released_at'],
  ['examination requested→examined', 'examination_requested_at', 'examined_at'],
  ['examined→released', 'examined_at', 'released_at'],
  ['opened→released', 'opened_at', 'released_at'],
];

/**
 * 整体通关时间 figures over a window of submissions, on the engine's clock: China's measure
 * (imports from arrival, exports from declaration; clearance-measure.ts) overall and per
 * direction, port and mode; the time of each stage, overall and per agency; the 48 h list.
 */
@Injectable()
export class ClearanceMetrics {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  async report(from: Date | undefined, to: Date | undefined) {
    const now = this.clock.now();
    const window = { from: from ?? new Date(0), to: to ?? now };
    const inWindow = 'submitted_at >= $1 and submitted_at <= $2';
    const params = [window.from, window.to];

    const [counts] = await this.dataSource.query(
      `select count(*)::int as submitted,
              count(*) filter (where released_at is not null)::int as released,
              count(*) filter (where exited_at is not null)::int as exited,
              count(*) filter (where status = 'withdrawn')::int as withdrawn,
              count(*) filter (where status = 'rejected')::int as rejected,
              count(*) filter (where released_at is null and closed_at is null)::int as open
         from clearance_times where ${inWindow}`, params);

    const stages: Record<string, Distribution> = {};
    for (const [name, start, end] of STAGES) stages[name] = await this.distribution('clearance_times', start, end, inWindow, params);

    const agencies: Record<string, Record<string, Distribution>> = {};
    for (const agency of ['customs', 'inspection', 'border']) {
      const scope = `agency = '${agency}' and declaration_id in (select declaration_id from clearance_times where ${inWindow})`;
      agencies[agency] = {};
      for (const [name, start, end] of AGENCY_STAGES) agencies[agency][name] = await this.distribution('clearance_agency_times', start, end, scope, params);
    }

    const submittedInWindow = 'submitted_at >= $2 and submitted_at <= $3';
    const grouped = await groupedFigures(this.dataSource.manager, { released: submittedInWindow, params }, now);
    const overdue = await overdueImports(this.dataSource.manager, now);

    return {
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      now: now.toISOString(),
      measure: { import: 'arrived→released', export: 'submitted→released' },
      counts,
      clearanceTime: grouped.overall.clearanceTime,
      releasedWithin24h: grouped.overall.releasedWithin24h,
      directions: grouped.directions,
      ports: grouped.ports,
      modes: grouped.modes,
      stages,
      agencies,
      overdue: { thresholdHours: OVERDUE_HOURS, count: overdue.length, items: overdue },
    };
  }

  private async distribution(table: string, start: string, end: string, scope: string, params: unknown[]): Promise<Distribution> {
    const [row] = await this.dataSource.query(
      `select count(*)::int as count,
              percentile_cont(0.5) within group (order by ${HOURS(start, end)}) as median,
              percentile_cont(0.9) within group (order by ${HOURS(start, end)}) as p90
         from ${table} where ${scope} and ${start} is not null and ${end} is not null`, params);
    return { count: row.count, medianHours: row.median === null ? null : round(Number(row.median), 4), p90Hours: row.p90 === null ? null : round(Number(row.p90), 4) };
  }
}
