import { Body, Controller, ForbiddenException, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, FieldValidationException, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { IDEMPOTENCY_KEY, toBody } from '../submit-declaration/declarations.controller';
import { SubmitDeclarationRequest } from '../submit-declaration/submit-declaration.dto';
import { RequestAmendment, ResubmitDeclaration, RespondToRequest } from './corrections.commands';
import { AmendmentRequest, InformationResponse } from './corrections.dto';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'The same key and body return the first result (nothing appended again); another body under the key is 409' };

function checkedKey(key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new FieldValidationException([{ field: 'Idempotency-Key', message: 'must be 1 to 128 visible ASCII characters' }]);
  return key;
}

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
  @ApiHeader(IDEMPOTENCY_HEADER)
  amend(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AmendmentRequest, @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    setCorrelationId(id);
    return this.run(new RequestAmendment(id, body.reason, body.changes, principal, checkedKey(key)), reply);
  }

  @Post(':id/resubmit')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: '退单: resubmit a returned declaration whole, corrected (same id, version + 1, routed and assessed again)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  resubmit(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SubmitDeclarationRequest, @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (body.declarant.uscc !== principal.uscc) {
      throw new ForbiddenException({ message: 'declarant.uscc must be the enterprise of the token', errors: [{ field: 'declarant.uscc', message: "must equal the token's uscc" }] });
    }
    setCorrelationId(id);
    return this.run(new ResubmitDeclaration(id, toBody(body), principal, checkedKey(key)), reply);
  }

  @Post(':id/responses')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: '补充申报: answer an officer\'s request for information with a note and documents' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  respond(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: InformationResponse, @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    setCorrelationId(id);
    const documents = (body.documents ?? []).map((d) => ({ code: d.code, number: d.number }));
    return this.run(new RespondToRequest(id, body.requestId, body.note, documents, principal, checkedKey(key)), reply);
  }

  /** The first answer again for a retry under the same key, marked as POST /v1/declarations marks it. */
  private async run(command: RequestAmendment | ResubmitDeclaration | RespondToRequest, reply: FastifyReply) {
    const { replayed, ...answer } = (await this.commands.execute(command)) as { replayed?: boolean };
    if (replayed) reply.header('idempotent-replayed', 'true');
    return answer;
  }
}
