import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettlementRequest, type InstructionKind } from '@sw/money';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { InstructSettlement, type InstructSettlementResult } from './instruct-settlement.command';

/** The declarant pays or guarantees: instructions, which only a bank's confirmation turns into settled duties. */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class SettlementsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/guarantee')
  @HttpCode(202)
  @Roles('enterprise', 'broker')
  @ApiOperation({ summary: 'Instruct a guarantee (担保, 保函 or 关税保证保险): pending-confirmation until its bank or insurer confirms it' })
  guarantee(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SettlementRequest, @CurrentPrincipal() principal: Principal) {
    return this.instruct(id, 'guarantee', body, principal);
  }

  @Post(':id/payments')
  @HttpCode(202)
  @Roles('enterprise', 'broker')
  @ApiOperation({ summary: 'Instruct the payment of duties: pending-confirmation until the bank confirms it; only confirmed money settles duties' })
  pay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SettlementRequest, @CurrentPrincipal() principal: Principal) {
    return this.instruct(id, 'payment', body, principal);
  }

  private instruct(id: string, kind: InstructionKind, body: SettlementRequest, principal: Principal): Promise<InstructSettlementResult> {
    setCorrelationId(id);
    return this.commands.execute(new InstructSettlement(id, { kind, amount: body.amount, currency: body.currency, reference: body.reference }, principal));
  }
}
