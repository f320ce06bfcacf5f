import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { IsCustomsOffice, IsIntegerBetween, IsOneOf, Optional, QueryInteger, QueryOptional } from '@sw/reference-data';
import { CROSSING_STATUSES, CrossingsQueries, WAITING, type CrossingListStatus } from './crossings.queries';

export class CrossingListQuery {
  @ApiPropertyOptional({ enum: [...CROSSING_STATUSES, 'waiting'], description: 'waiting (the default): declared or held, what border check still decides' })
  @QueryOptional() @Optional() @IsOneOf([...CROSSING_STATUSES, 'waiting'])
  status?: CrossingListStatus | 'waiting';

  @ApiPropertyOptional({ description: '4-digit customs code of the border post' })
  @QueryOptional() @Optional() @IsCustomsOffice()
  port?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, type: Number })
  @QueryInteger(1) @IsIntegerBetween(1, 10_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200, type: Number })
  @QueryInteger(20) @IsIntegerBetween(1, 200)
  pageSize: number = 20;
}

/** 运输工具申报: border check's worklist of crossings (the carrier declares them, border check decides them on their own routes). */
@ApiTags('conveyances')
@ApiBearerAuth()
@Controller('v1/conveyances/crossings')
export class CrossingsWorklistController {
  constructor(private readonly queries: CrossingsQueries) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Border check\'s worklist: crossings waiting for a decision (declared or held, the holds as catalogue codes: crossing-hold.alert, crossing-hold.officer), or of one status' })
  list(@Query() query: CrossingListQuery, @CurrentPrincipal() principal: Principal) {
    if (principal.role === 'officer' && principal.agency !== 'border') throw new ForbiddenException({ message: 'Conveyance crossings are decided by border check (边检)', code: 'agency-not-allowed' });
    const statuses = !query.status || query.status === 'waiting' ? WAITING : [query.status];
    return this.queries.list({ statuses, port: query.port, page: query.page, pageSize: query.pageSize });
  }
}
