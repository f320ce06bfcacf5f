import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DeclarationStatusQueries } from './declaration-status.queries';

export class ExaminationListQuery {
  @ApiPropertyOptional({ enum: ['scheduled', 'completed'] }) @IsOptional() @IsIn(['scheduled', 'completed']) status?: 'scheduled' | 'completed';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** 联合查验: the list of examinations, from the status view (one examination, and its view, per shipment). */
@ApiTags('examinations')
@ApiBearerAuth()
@Controller('v1/examinations')
export class ExaminationsQueryController {
  constructor(private readonly queries: DeclarationStatusQueries) {}

  @Get()
  @Roles('officer', 'auditor', 'enterprise', 'port-operator')
  @ApiOperation({ summary: 'Examinations: an officer those of shipments routed to its agency, an enterprise its own, a port operator its port\'s (查验通知: bill of lading, conveyance, appointment), an auditor all' })
  list(@Query() query: ExaminationListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.examinations(principal, { status: query.status, page: query.page ?? 1, pageSize: query.pageSize ?? 20 });
  }
}
