import type { Principal } from '@sw/platform';
import type { GuaranteeTerms } from '../domain/general-guarantee';

/** A bank lodges a general guarantee (the bank is the token's; the id is made here). */
export class LodgeGuarantee {
  constructor(readonly terms: Omit<GuaranteeTerms, 'guaranteeId' | 'bank'>, readonly principal: Principal) {}
}
