import type { InstructionKind } from '@sw/money';
import type { Principal } from '@sw/platform';

/** The declarant's payment or guarantee for a declaration: an instruction until a bank confirms it. */
export class InstructSettlement {
  constructor(
    readonly declarationId: string,
    readonly instruction: { kind: InstructionKind; amount: number; currency: string; reference: string },
    readonly principal: Principal,
  ) {}
}

export interface InstructSettlementResult {
  id: string;
  reference: string;
  kind: InstructionKind;
  status: 'pending-confirmation' | 'confirmed' | 'refused';
  revision: number;
}
