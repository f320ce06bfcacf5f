import { DeclarationIdPipe } from '@sw/declaration';
import { Controller, ForbiddenException, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AgencyCases } from '@sw/agency-case';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { isAgency, type Agency } from '@sw/shipment';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DeclarationStatusQueries } from '../declaration-status/declaration-status.queries';
import { AgencyWorklistQueries, OPEN_CASE_STATUSES, otherAgencies } from './agency-worklist.queries';

const CASE_STATUSES = ['pending', 'examination', 'held', 'released', 'rejected', 'closed', 'conformity-pending'];

export class WorklistQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** An agency's reads: its worklist and one case with what the other agencies found (the decisions are clearance's, same path). */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies/:agency')
export class AgencyWorklistController {
  constructor(private readonly worklists: AgencyWorklistQueries, private readonly statuses: DeclarationStatusQueries, private readonly cases: AgencyCases) {}

  @Get('worklist')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "An agency's open cases, most urgent first, with the other agencies' findings" })
  worklist(@Param('agency') agency: string, @Query() query: WorklistQuery, @CurrentPrincipal() principal: Principal) {
    const own = readerOf(agency, principal);
    return this.worklists.page(own, { statuses: query.status ? [query.status] : OPEN_CASE_STATUSES, page: query.page ?? 1, pageSize: query.pageSize ?? 20 });
  }

  @Get('cases/:declarationId')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: "One case, with the declaration and the other agencies' facts" })
  async case(@Param('agency') agency: string, @Param('declarationId', DeclarationIdPipe) declarationId: string, @CurrentPrincipal() principal: Principal) {
    const own = readerOf(agency, principal);
    setCorrelationId(declarationId);
    const { state, revision } = await this.cases.load(own, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${own} case for declaration ${declarationId}`);
    const view = await this.statuses.stored(declarationId);
    return {
      declarationId, number: view?.number ?? null, agency: own, status: state.status, lane: state.lane ?? null,
      reasons: state.reasons, requiredChecks: view?.agencies[own]?.requiredChecks ?? state.requiredChecks.map((check) => ({ check, status: 'pending' })),
      priority: state.priority, arrived: state.arrived, duties: state.duties ?? null, settled: state.settled, examination: state.examination,
      // What banks confirmed (settlements, in the case) and what the declarant only instructed (the view).
      settlements: state.settlements, instructions: view?.duties.instructions ?? [],
      releaseBlockers: this.cases.policies[own].releaseBlockers(state),
      declaration: state.declaration, otherAgencies: otherAgencies(view, own), revision,
    };
  }
}

/** Officers read their own agency's worklist and cases only; auditors read every agency's. */
function readerOf(agency: string, principal: Principal): Agency {
  if (!isAgency(agency)) throw new NotFoundException(`No agency ${agency}`);
  if (principal.role === 'officer' && principal.agency !== agency) throw new ForbiddenException(`An officer of ${principal.agency} acts for ${principal.agency} only`);
  return agency;
}
