import type { ChargeAmount, DeclarationItem } from '@sw/shipment';
import type { AgencyCaseEvent } from './agency-case.events';
import type { AgencyPolicy } from './agency-policy';
import type { AgencyCaseState, Settlement } from './agency-case.state';
import { GUARANTEE_DRAW, isDeclarationGuarantee, type FinalSettlement, type RefundReason } from './settlement-terms';

export * from './settlement-terms';

/*
 * 两步申报 done right: the complete declaration (完整申报) is assessed, and the result is settled
 * against what the summary's release stood on. Confirmed payments count first; the confirmed
 * guarantee (担保) covers what is still owed (customs draws it: 转为税款) and the rest of it is
 * released (担保退还); what the guarantee does not cover is payable (补缴), due like any duties;
 * what was paid beyond the final duties is refundable (退还).
 */

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** Confirmed payments in CNY, less what was found refundable. */
export const paidCny = (state: AgencyCaseState) => state.settlements.reduce((sum, s) => sum + (s.how === 'paid' ? (s.amountCny ?? 0) - s.refundableCny : 0), 0);

/** Confirmed guarantees still standing (not yet drawn or released by a final assessment), in CNY. */
export const standingGuaranteesCny = (state: AgencyCaseState) =>
  state.settlements.reduce((sum, s) => sum + (isDeclarationGuarantee(s) && !s.discharged ? s.amountCny ?? 0 : 0), 0);

export const refundable = (reference: string, amount: number, reason: RefundReason, at: string): AgencyCaseEvent =>
  ({ type: 'DutiesRefundable', data: { reference, amount: round2(amount), currency: 'CNY', reason, refundableAt: at } });

/** Refunds of `amount` spread over the confirmed payments, the latest first (each at most what is left of it). */
export function refundsOf(settlements: Settlement[], amount: number, reason: RefundReason, at: string): AgencyCaseEvent[] {
  const events: AgencyCaseEvent[] = [];
  let left = round2(amount);
  for (const s of [...settlements].reverse()) {
    if (left < 0.01) break;
    if (s.how !== 'paid' || typeof s.amountCny !== 'number' || s.reference.startsWith(GUARANTEE_DRAW)) continue;
    const take = round2(Math.min(left, s.amountCny - s.refundableCny));
    if (take < 0.01) continue;
    events.push(refundable(s.reference, take, reason, at));
    left = round2(left - take);
  }
  return events;
}

export interface AssessFinal {
  items: DeclarationItem[];
  freight?: ChargeAmount;
  insurance?: ChargeAmount;
}

/** The final assessment and its settlement; [] when it cannot be made (no customs rate for the currency: an officer values the goods). */
export function assessFinal(policy: AgencyPolicy, state: AgencyCaseState & { declaration: NonNullable<AgencyCaseState['declaration']> }, complete: AssessFinal, at: string): AgencyCaseEvent[] {
  const declaration = { ...state.declaration, items: complete.items, ...(complete.freight ? { freight: complete.freight } : {}), ...(complete.insurance ? { insurance: complete.insurance } : {}) };
  const duties = policy.assessDuties?.(declaration, state.declaration.declaredAt ?? at) ?? null;
  if (!duties && policy.toCny?.(1, declaration.currency) === undefined && declaration.currency !== 'CNY') return [];
  const amount = duties?.amount ?? 0; // exports and bonded trade modes owe nothing
  const paid = round2(paidCny(state));
  const guaranteed = round2(standingGuaranteesCny(state));
  // 汇总征税: what a general guarantee took stays drawn (its statement pays it); the rest is owed as ever.
  const onGeneralGuarantee = state.settlements.reduce((sum, s) => sum + (s.how === 'guaranteed' && !isDeclarationGuarantee(s) ? s.amountCny ?? 0 : 0), 0);
  // 汇总征税: the final duties go on the general guarantee as the summary's did: the difference drawn
  // (or given back to its balance), nothing payable by the declarant; its statement pays it.
  const consolidated = state.declaration.settlement === 'consolidated';
  const onGeneral = round2(Math.max(0, amount - paid));
  const generalGuarantee = consolidated
    ? { drawn: round2(onGeneralGuarantee), draw: round2(Math.max(0, onGeneral - onGeneralGuarantee)), release: round2(Math.max(0, onGeneralGuarantee - onGeneral)) } : null;
  const owed = consolidated ? 0 : Math.max(0, round2(amount - paid - onGeneralGuarantee));
  const drawn = round2(Math.min(guaranteed, owed));
  const settlement: FinalSettlement = {
    amount, customsValueCny: duties?.customsValueCny ?? 0, summaryAmount: state.duties?.amount ?? null,
    paidCny: paid, guaranteedCny: guaranteed, drawnOnGuarantee: drawn, guaranteeReleased: round2(guaranteed - drawn), payable: round2(owed - drawn),
    ...(generalGuarantee ? { generalGuarantee } : {}),
  };
  const assessed: AgencyCaseEvent = {
    type: 'FinalDutiesAssessed',
    data: { ...settlement, currency: 'CNY', lines: duties?.lines ?? [], items: complete.items, ...(complete.freight ? { freight: complete.freight } : {}), ...(complete.insurance ? { insurance: complete.insurance } : {}), assessedAt: at },
  };
  const overpaid = round2(paid - amount);
  return overpaid >= 0.01 ? [assessed, ...refundsOf(state.settlements, overpaid, 'final-assessment', at)] : [assessed];
}
