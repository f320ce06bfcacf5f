import { Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DeciderRepository, type Without } from '@sw/event-store';
import { declarationDecider } from '@sw/declaration';
import { examinationView, jointExaminationDecider, type ExaminationCommand } from '@sw/examination';
import { CLOCK, CurrentPrincipal, FieldValidationException, Roles, requestContext, setCorrelationId, type Clock, type Principal } from '@sw/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CHECK_KINDS, declarationStream, examinationStream } from '@sw/shipment';

class FindingSourceDto {
  @ApiProperty({ enum: ['agency', 'third-party-lab'] }) @IsIn(['agency', 'third-party-lab']) kind: 'agency' | 'third-party-lab';
  @ApiProperty({ description: 'the lab or agency that produced the result (第三方检验结果采信)' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) reference?: string;
}

class FindingDto {
  @ApiProperty({ enum: CHECK_KINDS }) @IsIn(CHECK_KINDS as unknown as string[]) check: (typeof CHECK_KINDS)[number];
  @ApiProperty({ enum: ['pass', 'fail'] }) @IsIn(['pass', 'fail']) result: 'pass' | 'fail';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) note?: string;
  @ApiPropertyOptional({ type: FindingSourceDto }) @IsOptional() @ValidateNested() @Type(() => FindingSourceDto) source?: FindingSourceDto;
}

export class FindingsRequest {
  @ApiProperty({ type: [FindingDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @ValidateNested({ each: true }) @Type(() => FindingDto) checks: FindingDto[];
}

export class AppointmentRequest {
  @ApiProperty({ example: '2026-11-24T09:00:00+08:00' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ example: '2026-11-24T10:00:00+08:00' }) @IsISO8601({ strict: true }) to: string;
  @ApiPropertyOptional({ description: 'inspection site, e.g. a yard or berth' }) @IsOptional() @IsString() @Length(1, 200) location?: string;
}

export class ExaminationListQuery {
  @ApiPropertyOptional({ enum: ['scheduled', 'completed'] }) @IsOptional() @IsIn(['scheduled', 'completed']) status?: 'scheduled' | 'completed';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** 联合查验: one examination per shipment, whatever number of agencies select it. */
@ApiTags('examinations')
@ApiBearerAuth()
@Controller('v1/examinations')
export class ExaminationsController {
  constructor(private readonly repository: DeciderRepository, private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @Roles('officer', 'auditor', 'enterprise')
  @ApiOperation({ summary: 'Examinations: an officer those of shipments routed to its agency, an enterprise its own, an auditor all' })
  async list(@Query() query: ExaminationListQuery, @CurrentPrincipal() principal: Principal) {
    const where = [`view->'examination' <> 'null'::jsonb`];
    const params: unknown[] = [];
    if (principal.role === 'officer') where.push(`agencies @> array[$${params.push(principal.agency)}]::text[]`);
    if (principal.role === 'enterprise') where.push(`declarant_uscc = $${params.push(principal.uscc)}`);
    if (query.status) where.push(`view->'examination'->>'status' = $${params.push(query.status)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const clause = `where ${where.join(' and ')}`;
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from declaration_status ${clause}`, params);
    const rows: { id: string; examination: Record<string, unknown> }[] = await this.dataSource.query(
      `select id, view->'examination' as examination from declaration_status ${clause} order by submitted_at, id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => ({ declarationId: r.id, ...r.examination })), page, pageSize, total };
  }

  @Get(':declarationId')
  @Roles('officer', 'auditor', 'enterprise')
  @ApiOperation({ summary: 'The examination of a shipment: agencies, appointment, each check and who satisfied it' })
  async view(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    await this.requireAccess(declarationId, principal);
    const { state } = await this.repository.load(examinationStream(declarationId), jointExaminationDecider);
    const view = examinationView(state);
    if (!view) throw new NotFoundException(`No examination for declaration ${declarationId}`);
    if (principal.role !== 'enterprise') return { ...view, declarationId };
    // An enterprise sees its appointment and the results addressed to it, not officers' notes.
    return { declarationId, status: view.status, agencies: view.agencies, appointment: view.appointment, checks: view.checks, results: view.results };
  }

  @Post(':declarationId/findings')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: "Record an agency's findings; a check passed by one agency is recognized for the others (监管互认)" })
  async findings(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: FindingsRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    await this.requireAccess(declarationId, principal);
    return this.decide(declarationId, principal, {
      type: 'RecordFindings', agency: principal.agency!, officer: principal.subject,
      findings: body.checks.map((c) => ({ check: c.check, result: c.result, note: c.note, source: c.source ? { ...c.source } : undefined })),
    });
  }

  @Post(':declarationId/appointment')
  @HttpCode(202)
  @Roles('officer', 'enterprise')
  @ApiOperation({ summary: 'Book the examination time slot (预约查验), by the enterprise or an officer' })
  async appointment(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: AppointmentRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    await this.requireAccess(declarationId, principal);
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (!(from < to)) throw new FieldValidationException([{ field: 'to', message: 'to must be after from' }]);
    return this.decide(declarationId, principal, {
      type: 'BookAppointment', slot: { from, to }, location: body.location,
      bookedBy: principal.role === 'enterprise' ? { kind: 'enterprise', id: principal.uscc! } : { kind: 'officer', id: principal.subject },
    });
  }

  private async decide(declarationId: string, principal: Principal, command: Without<ExaminationCommand, 'now'>) {
    const now = this.clock.now();
    const actor = principal.role === 'enterprise' ? { kind: 'enterprise' as const, id: principal.uscc! } : { kind: 'officer' as const, id: principal.subject, agency: principal.agency };
    const result = await this.repository.handle(examinationStream(declarationId), jointExaminationDecider, { ...command, now } as ExaminationCommand, {
      correlationId: declarationId, causationId: requestContext.getStore()?.requestId ?? randomUUID(), actor, now,
    });
    return { declarationId, status: result.state.status, revision: result.revision };
  }

  /** Enterprises: their own shipments only (404 otherwise); officers: shipments routed to their agency. */
  private async requireAccess(declarationId: string, principal: Principal): Promise<void> {
    if (principal.role === 'auditor') return;
    const { state } = await this.repository.load(declarationStream(declarationId), declarationDecider);
    if (state.lifecycle === 'none') throw new NotFoundException(`No declaration ${declarationId}`);
    if (principal.role === 'enterprise' && state.declaration?.declarant.uscc !== principal.uscc) throw new NotFoundException(`No declaration ${declarationId}`);
    if (principal.role === 'officer' && state.routing && !state.routing.agencies.includes(principal.agency!)) {
      throw new ForbiddenException(`Declaration ${declarationId} is not routed to ${principal.agency}`);
    }
  }
}
