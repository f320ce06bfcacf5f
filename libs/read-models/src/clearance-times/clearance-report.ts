import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { addDays, chinaDate, chinaMidnight } from '@sw/shipment';
import { DataSource } from 'typeorm';
import { OVERDUE_HOURS, groupedFigures, overdueImports, type ClearanceFigures } from './clearance-measure';

export type ReportPeriod = 'week' | 'month';

export interface PeriodBounds { period: ReportPeriod; from: string; to: string; start: Date; end: Date }

/**
 * A report's days, in China time: a week is seven days from `from` (by default the Monday of
 * the current week), a month is the calendar month `from` falls in (by default the current one).
 * `to` is the first day after the period.
 */
export function periodBounds(period: ReportPeriod, from: string | undefined, now: Date): PeriodBounds {
  const today = chinaDate(now);
  let first: string;
  let next: string;
  if (period === 'week') {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    first = from ?? addDays(today, -weekday);
    next = addDays(first, 7);
  } else {
    first = `${(from ?? today).slice(0, 7)}-01`;
    const [year, month] = first.split('-').map(Number) as [number, number];
    next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  }
  return { period, from: first, to: next, start: chinaMidnight(first), end: chinaMidnight(next) };
}

/** One line of the report: the figures of one group (overall, a direction, a port, a mode). */
export interface ReportRow extends ClearanceFigures {
  dimension: 'overall' | 'direction' | 'port' | 'mode';
  direction: string | null;
  port: string | null;
  portName: string | null;
  mode: string | null;
}

/**
 * Weekly and monthly 整体通关时间 reports: the shipments released in the period, by China's
 * measure, and the imports overdue (arrived, unreleased 48 h) at its end, or now while it runs.
 */
@Injectable()
export class ClearanceReports {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  async report(period: ReportPeriod, from: string | undefined) {
    const now = this.clock.now();
    const bounds = periodBounds(period, from, now);
    const at = bounds.end < now ? bounds.end : now;
    const grouped = await groupedFigures(this.dataSource.manager, { released: 'released_at >= $2 and released_at < $3', params: [bounds.start, bounds.end] }, at);
    const overdue = await overdueImports(this.dataSource.manager, at);
    const portName = (code: string) => referenceData().customsOffice(code)?.nameZh ?? null;
    const rows: ReportRow[] = [
      { dimension: 'overall', direction: null, port: null, portName: null, mode: null, ...grouped.overall },
      ...(['import', 'export'] as const).filter((d) => grouped.directions[d]).map((d): ReportRow => ({ dimension: 'direction', direction: d, port: null, portName: null, mode: null, ...grouped.directions[d]! })),
      ...grouped.ports.map(({ port, direction, ...figures }): ReportRow => ({ dimension: 'port', direction, port, portName: portName(port), mode: null, ...figures })),
      ...grouped.modes.map(({ mode, direction, ...figures }): ReportRow => ({ dimension: 'mode', direction, port: null, portName: null, mode, ...figures })),
    ];
    return {
      period: bounds.period, from: bounds.from, to: bounds.to, start: bounds.start.toISOString(), end: bounds.end.toISOString(),
      complete: bounds.end <= now, at: at.toISOString(),
      measure: { import: 'arrived→released', export: 'submitted→released' },
      rows,
      overdue: { thresholdHours: OVERDUE_HOURS, count: overdue.length, items: overdue },
    };
  }
}

const DIMENSION_ZH: Record<ReportRow['dimension'], string> = { overall: '总体', direction: '进出口', port: '口岸', mode: '申报方式' };
const DIRECTION_ZH: Record<string, string> = { import: '进口', export: '出口' };
const MODE_ZH: Record<string, string> = { standard: '一般申报', advance: '提前申报', 'two-step': '两步申报' };

/** The columns of the CSV, in Chinese (the headers officers read), with each row's value. */
const COLUMNS: [string, (row: ReportRow, report: { from: string; to: string }) => string | number | null][] = [
  ['统计期间起', (_, r) => r.from],
  ['统计期间止（不含）', (_, r) => r.to],
  ['维度', (row) => DIMENSION_ZH[row.dimension]],
  ['进出口', (row) => (row.direction ? DIRECTION_ZH[row.direction] ?? row.direction : '')],
  ['口岸代码', (row) => row.port ?? ''],
  ['口岸名称', (row) => row.portName ?? ''],
  ['申报方式', (row) => (row.mode ? MODE_ZH[row.mode] ?? row.mode : '')],
  ['放行票数', (row) => row.released],
  ['整体通关时间中位数（小时）', (row) => row.clearanceTime.medianHours],
  ['整体通关时间第90百分位（小时）', (row) => row.clearanceTime.p90Hours],
  ['24小时内放行票数', (row) => row.releasedWithin24h.count],
  ['24小时内放行占比', (row) => row.releasedWithin24h.share],
  ['申报前用时中位数（小时）', (row) => row.beforeDeclaring.medianHours],
  ['申报后用时中位数（小时）', (row) => row.afterDeclaring.medianHours],
  ['超48小时未放行票数（进口）', (row) => row.overdue],
];

const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as CSV: UTF-8 with a byte-order mark, so that a spreadsheet opens the Chinese headers intact; CRLF lines (RFC 4180). */
export function reportCsv(report: { from: string; to: string; rows: ReportRow[] }): string {
  const lines = [COLUMNS.map(([header]) => cell(header)).join(',')];
  for (const row of report.rows) lines.push(COLUMNS.map(([, value]) => cell(value(row, report))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
