import { Body, Controller, ForbiddenException, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { isAgency, type Agency } from '@sw/shipment';
import { AssessConformity } from '../assess-conformity/assess-conformity.command';
import { ConformityRequest } from '../assess-conformity/conformity.dto';
import { DecideAmendment } from '../decide-amendment/decide-amendment.command';
import { AmendmentDecisionRequest } from '../decide-amendment/decide-amendment.dto';
import { DecisionRequest } from './decision.dto';
import { RecordDecision } from './record-decision.command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An officer's decisions on a case (the worklist and the case view are the read side's: @sw/read-models). */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies/:agency')
export class AgenciesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('cases/:declarationId/decisions')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Release, hold, reject, send to examination (again after a completed one: 复验), return (退单) or request information (补充申报); 409 where the case forbids it' })
  async decide(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: DecisionRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal);
    setCorrelationId(declarationId);
    return this.commands.execute(new RecordDecision(own, declarationId, body.decision, body.reason, principal, body.fields ?? []));
  }

  @Post('cases/:declarationId/conformity')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: '先放后检 stage 2 (合格评定): the conformity result of goods released before it; non-conforming raises a follow-up' })
  async conformity(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: ConformityRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal);
    setCorrelationId(declarationId);
    return this.commands.execute(new AssessConformity(own, declarationId, body.result, body.note, body.reference, principal));
  }

  @Post('cases/:declarationId/amendments/:amendmentId/decisions')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: '修改申请: customs approves or refuses an amendment; a stale one (the declaration moved on) is 409' })
  async decideAmendment(
    @Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Param('amendmentId') amendmentId: string,
    @Body() body: AmendmentDecisionRequest, @CurrentPrincipal() principal: Principal,
  ) {
    const own = this.authorize(agency, principal);
    if (own !== 'customs') throw new NotFoundException('Amendments are decided by customs: POST /v1/agencies/customs/cases/{id}/amendments/{amendmentId}/decisions');
    // Checked after the agency, so that another agency's officer learns only that it may not act here.
    if (!UUID.test(amendmentId)) throw new NotFoundException(`No amendment ${amendmentId}`);
    setCorrelationId(declarationId);
    return this.commands.execute(new DecideAmendment(declarationId, amendmentId, body.decision, body.reason, principal));
  }

  /** Officers act for their own agency only. */
  private authorize(agency: string, principal: Principal): Agency {
    if (!isAgency(agency)) throw new NotFoundException(`No agency ${agency}`);
    if (principal.role === 'officer' && principal.agency !== agency) throw new ForbiddenException(`An officer of ${principal.agency} acts for ${principal.agency} only`);
    return agency;
  }
}
