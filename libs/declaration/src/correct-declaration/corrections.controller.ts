import { Body, Controller, ForbiddenException, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { toBody } from '../submit-declaration/declarations.controller';
import { SubmitDeclarationRequest } from '../submit-declaration/submit-declaration.dto';
import { RequestAmendment, ResubmitDeclaration, RespondToRequest } from './corrections.commands';
import { AmendmentRequest, InformationResponse } from './corrections.dto';

/** The declarant's corrections (API.md "Corrections"); customs decides amendments (libs/clearance). */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class CorrectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/amendments')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: '修改申请: ask customs to change fields of the declaration; after release only values and quantities (补税 / 退税)' })
  amend(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AmendmentRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(id);
    return this.commands.execute(new RequestAmendment(id, body.reason, body.changes, principal));
  }

  @Post(':id/resubmit')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: '退单: resubmit a returned declaration whole, corrected (same id, version + 1, routed and assessed again)' })
  resubmit(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SubmitDeclarationRequest, @CurrentPrincipal() principal: Principal) {
    if (body.declarant.uscc !== principal.uscc) {
      throw new ForbiddenException({ message: 'declarant.uscc must be the enterprise of the token', errors: [{ field: 'declarant.uscc', message: "must equal the token's uscc" }] });
    }
    setCorrelationId(id);
    return this.commands.execute(new ResubmitDeclaration(id, toBody(body), principal));
  }

  @Post(':id/responses')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: '补充申报: answer an officer\'s request for information with a note and documents' })
  respond(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: InformationResponse, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(id);
    return this.commands.execute(new RespondToRequest(id, body.requestId, body.note, (body.documents ?? []).map((d) => ({ code: d.code, number: d.number })), principal));
  }
}
