import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldValidationException, Roles, setCorrelationId } from '@sw/platform';
import { ShipmentAudit } from '../application/shipment-audit';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** 审计: replay any shipment, prove its history. Auditors read; they never write. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/shipments/:id')
export class AuditController {
  constructor(private readonly audit: ShipmentAudit) {}

  @Get('events')
  @ApiOperation({ summary: 'Every event of the shipment across all contexts, in global order, from the event store' })
  async events(@Param('id', new ParseUUIDPipe()) id: string) {
    setCorrelationId(id);
    return { events: await this.audit.history(id) };
  }

  @Get('state')
  @ApiOperation({ summary: 'The status view as it stood at an instant (events replayed through the live reducer)' })
  @ApiQuery({ name: 'asOf', required: true, description: 'ISO 8601 instant with offset, e.g. 2026-11-23T10:00:00Z' })
  state(@Param('id', new ParseUUIDPipe()) id: string, @Query('asOf') asOf?: string) {
    setCorrelationId(id);
    if (!asOf || !ISO_INSTANT.test(asOf) || Number.isNaN(Date.parse(asOf))) {
      throw new FieldValidationException([{ field: 'asOf', message: 'asOf must be an ISO 8601 instant with an offset, e.g. 2026-11-23T10:00:00Z' }]);
    }
    return this.audit.stateAsOf(id, new Date(asOf));
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verifies the hash chain of every stream of the shipment; names the first broken event' })
  async verify(@Param('id', new ParseUUIDPipe()) id: string) {
    setCorrelationId(id);
    return this.audit.verify(id);
  }
}

