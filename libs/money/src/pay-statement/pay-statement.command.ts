import type { Principal } from '@sw/platform';

/** A bank confirms the holder's payment of a month's statement of a general guarantee. */
export class PayStatement {
  constructor(readonly guaranteeId: string, readonly payment: { month: string; amount: number; currency: string; reference: string }, readonly principal: Principal) {}
}
