import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@sw/platform';
import { DataSource } from 'typeorm';

export interface Distribution { count: number; medianHours: number | null; p90Hours: number | null }

/** Overdue alarm (超时预警): declarations unreleased this long after submission. */
export const OVERDUE_HOURS = 48;

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

/** 整体通关时间 figures over a window of submissions, on the engine's clock. */
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
              count(*) filter (where released_at is null and closed_at is null)::int as open,
              count(*) filter (where released_at is not null and released_at - submitted_at <= interval '24 hours')::int as released_within_24h
         from clearance_times where ${inWindow}`, params);

    const stages: Record<string, Distribution> = {};
    for (const [name, start, end] of STAGES) stages[name] = await this.distribution('clearance_times', start, end, inWindow, params);

    const agencies: Record<string, Record<string, Distribution>> = {};
    for (const agency of ['customs', 'inspection', 'border']) {
      const scope = `agency = '${agency}' and declaration_id in (select declaration_id from clearance_times where ${inWindow})`;
      agencies[agency] = {};
      for (const [name, start, end] of AGENCY_STAGES) agencies[agency][name] = await this.distribution('clearance_agency_times', start, end, scope, params);
    }

    const overdue: { declaration_id: string; declarant_uscc: string; mode: string; submitted_at: Date; hours_open: number }[] = await this.dataSource.query(
      `select declaration_id, declarant_uscc, mode, submitted_at, ${HOURS('submitted_at', '$1::timestamptz')} as hours_open
         from clearance_times
        where released_at is null and closed_at is null and submitted_at <= $1::timestamptz - interval '${OVERDUE_HOURS} hours'
        order by submitted_at limit 1000`, [now]);

    return {
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      now: now.toISOString(),
      counts: { submitted: counts.submitted, released: counts.released, exited: counts.exited, withdrawn: counts.withdrawn, rejected: counts.rejected, open: counts.open },
      clearanceTime: stages['submitted→released'],
      stages,
      agencies,
      releasedWithin24h: { count: counts.released_within_24h, of: counts.released, share: counts.released ? round(counts.released_within_24h / counts.released, 4) : null },
      overdue: {
        thresholdHours: OVERDUE_HOURS,
        count: overdue.length,
        items: overdue.map((o) => ({ id: o.declaration_id, declarant: o.declarant_uscc, mode: o.mode, submittedAt: new Date(o.submitted_at).toISOString(), hoursOpen: round(Number(o.hours_open), 2) })),
      },
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

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
