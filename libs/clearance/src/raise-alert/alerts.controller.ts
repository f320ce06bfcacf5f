import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ClearanceTables } from '../process/clearance.tables';
import { LiftAlert } from '../lift-alert/lift-alert.command';
import { LiftAlertRequest } from '../lift-alert/lift-alert.dto';
import { RaiseAlert } from './raise-alert.command';
import { RaiseAlertRequest } from './raise-alert.dto';

export class AlertListQuery {
  @ApiPropertyOptional({ enum: ['active', 'lifted'] }) @IsOptional() @IsIn(['active', 'lifted']) status?: 'active' | 'lifted';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** 执法互助: an alert raised by one agency holds or examines matching cases in every agency. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly commands: CommandBus, private readonly tables: ClearanceTables) {}

  @Post()
  @HttpCode(201)
  @Roles('officer')
  @ApiOperation({ summary: 'Raise an alert on an enterprise, a conveyance, a commodity (HS prefix) or an origin' })
  raise(@Body() body: RaiseAlertRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new RaiseAlert({ ...body.subject }, body.reason, body.action, principal));
  }

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Alerts every agency sees (active first)' })
  async list(@Query() query: AlertListQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    return { ...(await this.tables.alerts(query.status, page, pageSize)), page, pageSize };
  }

  @Post(':id/lift')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Lift an alert: new cases are no longer affected; held cases stay for an officer to release' })
  lift(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: LiftAlertRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new LiftAlert(id, body.reason, principal));
  }
}
