import { Controller, Get, Headers, Query, Res, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, FieldValidationException, Roles, type Principal, tokenExpiry } from '@sw/platform';
import { isIsoDate } from '@sw/shipment';
import type { FastifyReply } from 'fastify';
import { from, interval, map, merge, takeUntil, type Observable } from 'rxjs';
import { ClearanceReports, reportCsv, type ReportPeriod } from './clearance-report';
import { OversightAlarmFeed, OversightAlarmWatch } from './oversight-alarms';

const PERIODS: ReportPeriod[] = ['week', 'month'];

/** 整体通关时间 oversight: alarms pushed as shipments pass 24 h and 48 h, and the weekly and monthly reports. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class OversightController {
  constructor(private readonly reports: ClearanceReports, private readonly watch: OversightAlarmWatch, private readonly feed: OversightAlarmFeed) {}

  @Sse('v1/oversight/stream')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Server-sent events `alarm` when an unreleased shipment passes 24 h and 48 h (imports from arrival, exports from declaration); the standing ones first' })
  async stream(@CurrentPrincipal() principal: Principal): Promise<Observable<MessageEvent>> {
    const standing = await this.watch.standing();
    const alarms = merge(
      from(standing.reverse()).pipe(map((alarm) => ({ ...alarm, standing: true }))),
      this.feed.stream.pipe(map((alarm) => ({ ...alarm, standing: false }))),
    ).pipe(map((alarm): MessageEvent => ({ type: 'alarm', id: `${alarm.declarationId}:${alarm.thresholdHours}`, data: alarm })));
    const keepAlive = interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    // The stream lives as long as the token that opened it: the client reconnects with a fresh one.
    return merge(alarms, keepAlive).pipe(takeUntil(tokenExpiry(principal)));
  }

  @Get('v1/reports/clearance')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Weekly or monthly 整体通关时间 report (China days): JSON, or CSV (UTF-8 with BOM, Chinese headers) with Accept: text/csv' })
  @ApiQuery({ name: 'period', enum: PERIODS, required: false }) @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD: the first day of the week, or a day of the month' })
  @ApiProduces('application/json', 'text/csv')
  async report(@Query('period') period: string | undefined, @Query('from') first: string | undefined, @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const errors = [];
    if (period !== undefined && !PERIODS.includes(period as ReportPeriod)) errors.push({ field: 'period', message: `period must be week or month (${JSON.stringify(period)} is not)` });
    if (first !== undefined && first !== '' && !isIsoDate(first)) errors.push({ field: 'from', message: `from must be a date such as 2026-11-02 (${JSON.stringify(first)} is not)` });
    if (errors.length) throw new FieldValidationException(errors);
    const report = await this.reports.report((period ?? 'week') as ReportPeriod, first || undefined);
    if (!/text\/csv/i.test(accept ?? '')) return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="clearance-${report.period}-${report.from}.csv"`);
    return reportCsv(report);
  }
}
