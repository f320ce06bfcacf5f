import { Module } from '@nestjs/common';
import { BankConfirmationsController } from './confirm-settlement/bank-confirmations.controller';
import { ConfirmSettlementHandler } from './confirm-settlement/confirm-settlement.handler';
import { GuaranteesController } from './lodge-guarantee/guarantees.controller';
import { LodgeGuaranteeHandler } from './lodge-guarantee/lodge-guarantee.handler';
import { PayStatementHandler } from './pay-statement/pay-statement.handler';

/**
 * Money customs can trust: declarants' instructions are confirmed by banks (the instructions
 * themselves are given on a declaration: libs/clearance/src/instruct-settlement); general
 * guarantees for consolidated tax, their statements and the payments that restore them.
 */
@Module({
  controllers: [BankConfirmationsController, GuaranteesController],
  providers: [ConfirmSettlementHandler, LodgeGuaranteeHandler, PayStatementHandler],
})
export class MoneyModule {}
