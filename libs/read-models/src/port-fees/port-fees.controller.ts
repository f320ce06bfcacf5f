import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CLOCK, Public, Roles, type Clock } from '@sw/platform';
import { IsCustomsOffice, IsIntegerBetween, IsOneOf, IsText, Optional, QueryInteger, QueryOptional, Rule, shown } from '@sw/reference-data';
import { chinaDate, isIsoDate } from '@sw/shipment';
import { PortFeesQueries } from './port-fees.queries';

export class CataloguesQuery {
  @ApiPropertyOptional({ description: '4-digit customs code of the port; every port when left out' })
  @QueryOptional() @Optional() @IsCustomsOffice()
  port?: string;

  @ApiPropertyOptional({ description: 'The day (YYYY-MM-DD, China) the catalogue was in force; today by default', format: 'date' })
  @QueryOptional() @Optional() @Rule('isoDate', (value, args) => (isIsoDate(value) ? undefined : `${args.property} must be a date such as 2026-12-01 (${shown(value)} is not)`))
  asOf?: string;
}

const STATUSES = ['recorded', 'refused'] as const;

export class ChargesQuery {
  @ApiPropertyOptional({ description: 'Only the charges on this shipment' })
  @QueryOptional() @Optional() @IsText({ min: 36, max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, allowed: 'a UUID' })
  declarationId?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'recorded, or refused (outside the catalogue or above it: for oversight)' })
  @QueryOptional() @Optional() @IsOneOf(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ description: '4-digit customs code of the port' })
  @QueryOptional() @Optional() @IsCustomsOffice()
  port?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, type: Number })
  @QueryInteger(1) @IsIntegerBetween(1, 10_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, type: Number })
  @QueryInteger(50) @IsIntegerBetween(1, 200)
  pageSize: number = 50;
}

/** 口岸收费目录清单, public as of any day; the charges on shipments, recorded and refused, for oversight. */
@ApiTags('fees')
@Controller('v1/fees')
export class PortFeesController {
  constructor(private readonly queries: PortFeesQueries, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get('catalogues')
  @Public()
  @ApiOperation({ summary: 'The fee catalogue in force on a day (today by default), per port: public, no token' })
  catalogues(@Query() query: CataloguesQuery) {
    return this.queries.catalogues(query.asOf ?? chinaDate(this.clock.now()), query.port);
  }

  @Get('charges')
  @ApiBearerAuth()
  @Roles('officer', 'auditor', 'port-operator')
  @ApiOperation({ summary: 'Port charges, recorded and refused (status=refused: the charges outside the catalogue, for oversight)' })
  charges(@Query() query: ChargesQuery) {
    return this.queries.charges({ ...query, declarationId: query.declarationId?.toLowerCase() });
  }
}
