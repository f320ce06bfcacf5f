import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DeciderRepository, type Without } from '@sw/event-store';
import { CLOCK, CurrentPrincipal, Roles, requestContext, type Clock, type Principal } from '@sw/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { alertDecider, type AlertCommand } from '../domain/alert';
import { alertStream } from '@sw/shipment';

class AlertSubjectDto {
  @ApiProperty({ enum: ['enterprise', 'conveyance', 'commodity', 'origin'] }) @IsIn(['enterprise', 'conveyance', 'commodity', 'origin'])
  kind: 'enterprise' | 'conveyance' | 'commodity' | 'origin';
  @ApiProperty({ description: 'USCC, vehicle plate / vessel / train, HS prefix (2-10 digits) or ISO alpha-3 origin' })
  @IsString() @Length(1, 40) value: string;
}

export class RaiseAlertRequest {
  @ApiProperty({ type: AlertSubjectDto }) @ValidateNested() @Type(() => AlertSubjectDto) subject: AlertSubjectDto;
  @ApiProperty() @IsString() @Length(1, 500) reason: string;
  @ApiProperty({ enum: ['hold', 'examine'] }) @IsIn(['hold', 'examine']) action: 'hold' | 'examine';
}

export class LiftAlertRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

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
  constructor(private readonly repository: DeciderRepository, private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post()
  @HttpCode(201)
  @Roles('officer')
  @ApiOperation({ summary: 'Raise an alert on an enterprise, a conveyance, a commodity (HS prefix) or an origin' })
  async raise(@Body() body: RaiseAlertRequest, @CurrentPrincipal() principal: Principal) {
    const id = randomUUID();
    const result = await this.decide(id, principal, { type: 'RaiseAlert', alertId: id, subject: { ...body.subject }, reason: body.reason, action: body.action, raisedBy: { agency: principal.agency!, officer: principal.subject } });
    return { id, revision: result.revision };
  }

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Alerts every agency sees (active first)' })
  async list(@Query() query: AlertListQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const where = query.status ? `where active = ${query.status === 'active'}` : '';
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from clearance_alerts ${where}`);
    const rows: any[] = await this.dataSource.query(`select * from clearance_alerts ${where} order by active desc, raised_at desc limit $1 offset $2`, [pageSize, (page - 1) * pageSize]);
    return {
      items: rows.map((r) => ({
        id: r.id, subject: r.subject, action: r.action, reason: r.reason, raisedBy: r.raised_by, raisedAt: new Date(r.raised_at).toISOString(),
        status: r.active ? 'active' : 'lifted', liftedAt: r.lifted_at ? new Date(r.lifted_at).toISOString() : null,
      })),
      page, pageSize, total,
    };
  }

  @Post(':id/lift')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Lift an alert: new cases are no longer affected; held cases stay for an officer to release' })
  async lift(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: LiftAlertRequest, @CurrentPrincipal() principal: Principal) {
    const { state } = await this.repository.load(alertStream(id), alertDecider);
    if (state.status === 'none') throw new NotFoundException(`No alert ${id}`);
    const result = await this.decide(id, principal, { type: 'LiftAlert', reason: body.reason, liftedBy: { agency: principal.agency!, officer: principal.subject } });
    return { id, status: 'lifted', revision: result.revision };
  }

  private decide(id: string, principal: Principal, command: Without<AlertCommand, 'now'>) {
    const now = this.clock.now();
    return this.repository.handle(alertStream(id), alertDecider, { ...command, now } as AlertCommand, {
      correlationId: alertStream(id), causationId: requestContext.getStore()?.requestId ?? randomUUID(), actor: { kind: 'officer', id: principal.subject, agency: principal.agency }, now,
    });
  }
}
