import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository, NotFoundError } from '@sw/event-store';
import { CLOCK, CurrentPrincipal, Roles, setCorrelationId, type Clock, type Principal } from '@sw/platform';
import { guaranteeStream } from '@sw/shipment';
import { chinaDate, generalGuaranteeDecider, guaranteeStatusOn, statementOf, type GeneralGuaranteeState } from '../domain/general-guarantee';
import { isUuid } from '../http/money.dtos';
import { PayStatement } from '../pay-statement/pay-statement.command';
import { StatementPaymentRequest } from '../pay-statement/statement-payment.dto';
import { LodgeGuaranteeRequest, StatementQuery } from './guarantee.dtos';
import { LodgeGuarantee } from './lodge-guarantee.command';

/** A general guarantee as GET /v1/guarantees/{id} shows it: its terms, balance and uses. */
export function guaranteeView(state: GeneralGuaranteeState, revision: number, today: string) {
  const terms = state.terms!;
  return {
    id: terms.guaranteeId, holder: terms.holder, bank: terms.bank, reference: terms.reference, amount: terms.amount, currency: terms.currency,
    validUntil: terms.validUntil, status: guaranteeStatusOn(state, today), balance: state.balance,
    uses: state.uses, restorations: state.restorations, lodgedAt: state.lodgedAt, revision,
  };
}

/**
 * 汇总征税: general guarantees. A bank lodges one for an eligible holder; the clearance process
 * draws each consolidated declaration's duties on it; the holder's monthly statement, once its
 * bank confirms the payment, restores the balance.
 */
@ApiTags('guarantees')
@ApiBearerAuth()
@Controller('v1/guarantees')
export class GuaranteesController {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock, private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('bank')
  @ApiOperation({ summary: 'Lodge a general guarantee (总担保) for consolidated tax (bank); 409 for a 失信 holder or a validity already over' })
  lodge(@Body() body: LodgeGuaranteeRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new LodgeGuarantee({ holder: body.holder, amount: body.amount, currency: 'CNY', validUntil: body.validUntil, reference: body.reference }, principal));
  }

  @Get(':id')
  @Roles('bank', 'enterprise', 'officer', 'auditor')
  @ApiOperation({ summary: 'A general guarantee: balance and uses (its bank, its holder, customs officers, auditors)' })
  async view(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const { state, revision } = await this.load(id, principal);
    return guaranteeView(state, revision, chinaDate(this.clock.now()));
  }

  @Get(':id/statement')
  @Roles('bank', 'enterprise', 'officer', 'auditor')
  @ApiOperation({ summary: "A month's statement: what was drawn, paid and is owed" })
  async statement(@Param('id') id: string, @Query() query: StatementQuery, @CurrentPrincipal() principal: Principal) {
    const { state } = await this.load(id, principal);
    return { guaranteeId: id, holder: state.terms!.holder, currency: 'CNY', ...statementOf(state, query.month) };
  }

  @Post(':id/statement-payments')
  @HttpCode(202)
  @Roles('bank')
  @ApiOperation({ summary: "Confirm the holder's payment of a month's statement (bank): restores the balance by what it paid; 409 when it does not match" })
  payStatement(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: StatementPaymentRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(guaranteeStream(id));
    return this.commands.execute(new PayStatement(id, { month: body.month, amount: body.amount, currency: body.currency, reference: body.reference }, principal));
  }

  /** The guarantee, or 404 when it does not exist or is not the caller's to see (another bank, another holder). */
  private async load(id: string, principal: Principal) {
    const found = isUuid(id) ? await this.repository.load(guaranteeStream(id), generalGuaranteeDecider) : null;
    const terms = found?.state.terms;
    const visible = !!terms && (principal.role === 'auditor' || (principal.role === 'officer' && principal.agency === 'customs')
      || (principal.role === 'bank' && principal.bank === terms.bank) || (principal.role === 'enterprise' && principal.uscc === terms.holder));
    if (!found || !visible) throw new NotFoundError(`No guarantee ${id}`);
    return found;
  }
}
