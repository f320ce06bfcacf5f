import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldValidationException, Roles } from '@sw/platform';
import { ClearanceMetrics } from './clearance-metrics';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(field: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new FieldValidationException([{ field, message: `${field} must be an ISO 8601 date or instant, e.g. 2026-11-01 or 2026-11-01T00:00:00Z` }]);
  }
  return new Date(value);
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: ClearanceMetrics) {}

  @Get('clearance')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: '整体通关时间: counts, median and p90 per stage and agency, share released within 24 h, unreleased past 48 h' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false })
  clearance(@Query('from') from?: string, @Query('to') to?: string) {
    const start = instant('from', from);
    const end = instant('to', to);
    if (start && end && start > end) throw new FieldValidationException([{ field: 'from', message: 'from must not be after to' }]);
    return this.metrics.report(start, end);
  }
}
