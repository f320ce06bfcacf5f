import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { BankConfirmationRequest } from '../http/money.dtos';
import { ConfirmSettlement, type ConfirmSettlementResult } from './confirm-settlement.command';

/** The banks' (and insurers') side: only their confirmation makes an instruction money customs can trust. */
@ApiTags('bank')
@ApiBearerAuth()
@Controller('v1/bank')
export class BankConfirmationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('confirmations')
  @HttpCode(202)
  @Roles('bank')
  @ApiOperation({
    summary: 'Confirm or refuse a declarant\'s payment or guarantee instruction (bank). Only confirmed money settles duties. '
      + 'The reference is looked up on the declaration named (references are scoped to their declaration and bank). Unknown there: 404 unknown-reference; '
      + 'another kind, amount or currency: 409 naming the field; a reference this bank already confirmed for another payment: 409 bank-reference-in-use; the same answer again: 202 duplicate; the opposite answer: 409',
  })
  async confirm(@Body() body: BankConfirmationRequest, @CurrentPrincipal() principal: Principal): Promise<ConfirmSettlementResult> {
    setCorrelationId(body.declarationId);
    return this.commands.execute(new ConfirmSettlement(body.reference, {
      declarationId: body.declarationId, kind: body.kind, amount: body.amount, currency: body.currency, status: body.status, ...(body.reason ? { reason: body.reason } : {}),
    }, principal));
  }
}
