import { Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import type { StatusView } from '@sw/declaration';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Agency } from '@sw/shipment';
import { AgencyCases } from '@sw/agency-case';
import { AssessConformity } from '../assess-conformity/assess-conformity.command';
import { ConformityRequest } from '../assess-conformity/conformity.dto';
import { DecisionRequest } from './decision.dto';
import { RecordDecision } from './record-decision.command';

const AGENCIES: Agency[] = ['customs', 'inspection', 'border'];
const CASE_STATUSES = ['pending', 'examination', 'held', 'released', 'rejected', 'closed', 'conformity-pending'];

export class WorklistQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** What the other agencies decided and found for the same shipment (信息互换). */
function otherAgencies(view: StatusView | undefined, agency: Agency) {
  const others: Record<string, unknown> = {};
  for (const [name, facts] of Object.entries(view?.agencies ?? {})) {
    if (name !== agency && facts) others[name] = { status: facts.status, lane: facts.lane, reasons: facts.reasons, requiredChecks: facts.requiredChecks, decisions: facts.decisions, releasedAt: facts.releasedAt };
  }
  return others;
}

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies/:agency')
export class AgenciesController {
  constructor(private readonly dataSource: DataSource, private readonly cases: AgencyCases, private readonly commands: CommandBus) {}

  @Get('worklist')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "An agency's open cases, most urgent first, with the other agencies' findings" })
  async worklist(@Param('agency') agency: string, @Query() query: WorklistQuery, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, true);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const statuses = query.status ? [query.status] : ['pending', 'examination', 'held', 'conformity-pending'];
    const [{ total }] = await this.dataSource.query('select count(*)::int as total from agency_worklist where agency = $1 and status = any($2)', [own, statuses]);
    const rows: any[] = await this.dataSource.query(
      `select w.*, s.view from agency_worklist w left join declaration_status s on s.id = w.declaration_id
        where w.agency = $1 and w.status = any($2) order by w.priority desc, w.opened_at, w.declaration_id limit $3 offset $4`,
      [own, statuses, pageSize, (page - 1) * pageSize],
    );
    return {
      items: rows.map((r) => ({
        declarationId: r.declaration_id, status: r.status, lane: r.lane, priority: r.priority, mode: r.mode,
        declarant: { uscc: r.declarant_uscc, name: r.declarant_name }, openedAt: new Date(r.opened_at).toISOString(),
        declarationStatus: r.view?.status, otherAgencies: otherAgencies(r.view, own),
      })),
      page, pageSize, total,
    };
  }

  @Get('cases/:declarationId')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "One case, with the declaration and the other agencies' facts" })
  async case(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, true);
    setCorrelationId(declarationId);
    const { state, revision } = await this.cases.load(own, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${own} case for declaration ${declarationId}`);
    const [row] = await this.dataSource.query('select view from declaration_status where id = $1', [declarationId]);
    const view = row?.view as StatusView | undefined;
    return {
      declarationId, agency: own, status: state.status, lane: state.lane ?? null,
      reasons: state.reasons, requiredChecks: view?.agencies[own]?.requiredChecks ?? state.requiredChecks.map((check) => ({ check, status: 'pending' })),
      priority: state.priority, arrived: state.arrived, duties: state.duties ?? null, settled: state.settled, examination: state.examination,
      releaseBlockers: this.cases.policies[own].releaseBlockers(state),
      declaration: state.declaration, otherAgencies: otherAgencies(view, own), revision,
    };
  }

  @Post('cases/:declarationId/decisions')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Release, hold, reject, or send to examination; 409 where the case forbids it' })
  async decide(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: DecisionRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, false);
    setCorrelationId(declarationId);
    return this.commands.execute(new RecordDecision(own, declarationId, body.decision, body.reason, principal));
  }

  @Post('cases/:declarationId/conformity')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: '先放后检 stage 2 (合格评定): the conformity result of goods released before it; non-conforming raises a follow-up' })
  async conformity(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: ConformityRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, false);
    setCorrelationId(declarationId);
    return this.commands.execute(new AssessConformity(own, declarationId, body.result, body.note, body.reference, principal));
  }

  /** Officers act (and read worklists) for their own agency only; auditors read every agency. */
  private authorize(agency: string, principal: Principal, read: boolean): Agency {
    if (!AGENCIES.includes(agency as Agency)) throw new NotFoundException(`No agency ${agency}`);
    if (principal.role === 'officer' && principal.agency !== agency) throw new ForbiddenException(`An officer of ${principal.agency} acts for ${principal.agency} only`);
    if (principal.role === 'auditor' && !read) throw new ForbiddenException('Auditors read; they do not decide');
    return agency as Agency;
  }
}
