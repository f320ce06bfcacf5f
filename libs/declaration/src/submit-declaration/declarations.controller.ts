import { Body, Controller, ForbiddenException, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, FieldValidationException, Roles, Sheddable, setCorrelationId, type Principal } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { ActOnDeclaration } from '../act-on-declaration/act-on-declaration.command';
import { CompleteDeclarationRequest, WithdrawRequest } from '../act-on-declaration/act-on-declaration.dto';
import { SubmitDeclaration, type SubmitResult } from './submit-declaration.command';
import { SubmitDeclarationRequest } from './submit-declaration.dto';
import type { DeclarationBody } from '@sw/shipment';
import { COMPLETE_HEADER_FIELDS } from '../domain/complete-declaration';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** 单一窗口申报: submit once, follow one status. */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class DeclarationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @Roles('enterprise', 'broker')
  @Sheddable() // a new submission: 503 + Retry-After while the pipeline is more than ADMISSION_MAX_BACKLOG_SECONDS behind
  @ApiOperation({ summary: 'Submit a declaration (standard, advance 提前申报, or two-step 两步申报); a broker files for a client (consignee) under its power of attorney; 503 admission-backlog with Retry-After while the pipeline is too far behind' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key and body return the first result; another body under the key is 409' })
  async submit(
    @Body() body: SubmitDeclarationRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Omit<SubmitResult, 'replayed'>> {
    if (body.declarant.uscc !== principal.uscc) {
      throw new ForbiddenException({ message: 'declarant.uscc must be the enterprise of the token', errors: [{ field: 'declarant.uscc', message: "must equal the token's uscc" }] });
    }
    filingParties(body, principal);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new FieldValidationException([{ field: 'Idempotency-Key', message: 'must be 1 to 128 visible ASCII characters' }]);
    }
    const result: SubmitResult = await this.commands.execute(new SubmitDeclaration(toBody(body), principal, idempotencyKey));
    setCorrelationId(result.id);
    reply.header('location', `/v1/declarations/${result.id}`);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return { id: result.id, number: result.number, status: result.status, revision: result.revision };
  }

  @Post(':id/complete')
  @HttpCode(202)
  @Roles('enterprise', 'broker')
  @ApiOperation({ summary: 'Two-step: file the complete declaration (完整申报), due 14 days after arrival' })
  complete(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CompleteDeclarationRequest, @CurrentPrincipal() principal: Principal) {
    const plain = JSON.parse(JSON.stringify(body)) as CompleteDeclarationRequest;
    const header = Object.fromEntries(COMPLETE_HEADER_FIELDS.flatMap((field) => (field in plain ? [[field, (plain as unknown as Record<string, unknown>)[field]]] : [])));
    return this.act(id, {
      type: 'FileComplete', items: plain.items, documents: plain.documents ?? [], header,
      ...(plain.freight ? { freight: plain.freight } : {}), ...(plain.insurance ? { insurance: plain.insurance } : {}),
    }, principal);
  }

  // Payments and guarantees (POST :id/payments, :id/guarantee) are instructions a bank confirms: libs/clearance/src/instruct-settlement.

  @Post(':id/withdraw')
  @HttpCode(202)
  @Roles('enterprise', 'broker')
  @ApiOperation({ summary: 'Withdraw the declaration (before release only)' })
  withdraw(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawRequest, @CurrentPrincipal() principal: Principal) {
    return this.act(id, { type: 'Withdraw', reason: body.reason }, principal);
  }

  private act(id: string, command: ActOnDeclaration['command'], principal: Principal) {
    setCorrelationId(id);
    return this.commands.execute(new ActOnDeclaration(id, command, principal));
  }
}

/** The DTO (validated, whitelisted) as the plain body the events carry. */
export function toBody(dto: SubmitDeclarationRequest): DeclarationBody {
  return JSON.parse(JSON.stringify({
    mode: dto.mode, direction: dto.direction, declarant: dto.declarant, customsOffice: dto.customsOffice, portOfEntry: dto.portOfEntry,
    ...(dto.consignee && dto.consignee.uscc !== dto.declarant.uscc ? { consignee: dto.consignee } : {}), transport: dto.transport, tradeMode: dto.tradeMode, incoterm: dto.incoterm, currency: dto.currency, items: dto.items,
    documents: dto.documents ?? [], summary: dto.summary, settlement: dto.settlement, freight: dto.freight, insurance: dto.insurance, message: dto.message,
  }));
}

/**
 * 代理报关: an enterprise files for itself (a consignee, if given, is itself); a broker files for a
 * client, named as the consignee (whether a power of attorney covers it is the handler's check).
 */
export function filingParties(body: Pick<SubmitDeclarationRequest, 'consignee'>, principal: Principal): void {
  const consignee = body.consignee?.uscc;
  if (principal.role === 'enterprise' && consignee !== undefined && consignee !== principal.uscc) {
    throw new ForbiddenException({
      message: 'An enterprise declares its own goods: to file for another enterprise, file as its customs broker (role broker) under its power of attorney',
      code: 'consignee-not-declarant', errors: [{ field: 'consignee.uscc', message: "must be the declarant's own uscc, or left out" }],
    });
  }
  if (principal.role === 'broker' && (consignee === undefined || consignee === principal.uscc)) {
    throw new FieldValidationException([{ field: 'consignee', message: consignee === undefined
      ? 'consignee is missing: a broker (报关企业) files for a client, named as consignee { uscc, name }'
      : "consignee.uscc must be the client's, not the broker's own" }]);
  }
}
