import type { Principal } from '@sw/platform';
import type { BankConfirmation } from '../domain/instruction';

/** A bank's answer to an instruction (the bank is the token's). */
export class ConfirmSettlement {
  constructor(readonly reference: string, readonly confirmation: Omit<BankConfirmation, 'bank'>, readonly principal: Principal) {}
}

/** What the bank is told: the instruction's status now, and whether this answer was one already given. */
export interface ConfirmSettlementResult {
  reference: string;
  declarationId: string;
  status: 'confirmed' | 'refused';
  duplicate: boolean;
  revision: number;
}
