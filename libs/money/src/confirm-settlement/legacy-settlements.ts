import type { InstructionKind } from '../domain/instruction';

/**
 * Before v1.1 a declarant's POST of a payment or guarantee was recorded on the declaration itself
 * (`DutiesPaid`, `GuaranteeLodged`) and counted as settled. Since v1.1 it counts for nothing (the
 * view shows it as legacy-unconfirmed). Its bank can still confirm it under its reference: the
 * record is then adopted as the instruction it was (AdoptLegacy) and answered like any other.
 * Read from the declaration's stream by event type, without the declaration library (a lower
 * layer may not import a sibling).
 */
export interface LegacySettlement {
  kind: InstructionKind;
  reference: string;
  amount: number;
  currency: string;
  at: string;
  /** Who recorded it (the declarant's USCC, from the event's actor). */
  declarant: string;
}

interface RawEvent { type: string; data: Record<string, unknown>; metadata?: { actor?: { id?: string } } }

export const legacySettlements = {
  initialState: (): LegacySettlement[] => [],
  evolve(records: LegacySettlement[], event: RawEvent): LegacySettlement[] {
    if (event.type !== 'DutiesPaid' && event.type !== 'GuaranteeLodged') return records;
    const { reference, amount, currency } = event.data as { reference: string; amount: number; currency: string };
    const at = String(event.type === 'DutiesPaid' ? event.data.paidAt : event.data.lodgedAt);
    return [...records, { kind: event.type === 'DutiesPaid' ? 'payment' : 'guarantee', reference, amount, currency, at, declarant: event.metadata?.actor?.id ?? '' }];
  },
};
