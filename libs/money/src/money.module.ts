import { Module } from '@nestjs/common';
import { BankConfirmationsController } from './confirm-settlement/bank-confirmations.controller';
import { ConfirmSettlementHandler } from './confirm-settlement/confirm-settlement.handler';

/**
 * Money customs can trust: declarants' instructions are confirmed by banks (the instructions
 * themselves are given on a declaration: libs/clearance/src/instruct-settlement).
 */
@Module({
  controllers: [BankConfirmationsController],
  providers: [ConfirmSettlementHandler],
})
export class MoneyModule {}
