import type { AgencyCaseEvent } from './agency-case.events';
import type { AgencyPolicy } from './agency-policy';
import { evolveAgencyCase, type AgencyCaseState } from './agency-case.state';
import { GUARANTEE_DRAW } from './settlement-terms';

/**
 * 滞报金 and 滞纳金 charged, not only shown: once what a fee depends on is known, the case records
 * it (LateFeeCharged), once per kind, and customs' release waits until confirmed payments cover
 * it (blocker late-fee-unpaid: in practice both are collected before the goods are released).
 *  - 滞报金: when the customs value and the arrival are both known (at the assessment, or at an
 *    arrival reported after it); the policy's rule (海关法 第二十四条, 海关总署令第128号).
 *  - 滞纳金: when confirmed payments first cover the duties, from the 16th day after the
 *    assessment to the day of payment (海关法 第六十条). Not for 汇总征税, paid on its statement.
 */
export const lateFeesCny = (state: AgencyCaseState) => (state.lateFees ?? []).reduce((sum, f) => sum + f.amount, 0);

const after = (state: AgencyCaseState, events: AgencyCaseEvent[]) => events.reduce(evolveAgencyCase, state);

/**
 * What 滞纳金 runs on: the duties from their assessment; after a two-step declaration's final
 * assessment, its difference payable (补缴) from that assessment (海关法 第六十条: 15 days from the
 * tax bill, and the final assessment issues a new one), counting the payments confirmed since. 汇总征税
 * duties are paid on the guarantee's statement; its final difference is drawn on the guarantee.
 */
function paymentDue(state: AgencyCaseState): { kind: string; dutiesCny: number; assessedAt: string; since: string | null } | null {
  if (state.final) return state.final.payable > 0 ? { kind: 'late-payment:final', dutiesCny: state.final.payable, assessedAt: state.final.assessedAt, since: state.final.assessedAt } : null;
  if (!state.duties || !state.dutiesAssessedAt || state.declaration?.settlement === 'consolidated') return null;
  return { kind: 'late-payment', dutiesCny: state.duties.amount, assessedAt: state.dutiesAssessedAt, since: null };
}

export function chargeLateFees(policy: AgencyPolicy, before: AgencyCaseState, events: AgencyCaseEvent[], now: Date): AgencyCaseEvent[] {
  const rules = policy.lateFees;
  if (!rules) return [];
  const state = after(before, events);
  const charged = new Set<string>((state.lateFees ?? []).map((f) => (f.on === 'final' ? 'late-payment:final' : f.kind)));
  const at = now.toISOString();
  const fees: AgencyCaseEvent[] = [];
  const declaration = state.declaration;
  if (!declaration || declaration.direction !== 'import') return [];
  if (!charged.has('late-declaration') && state.arrivedAt && typeof state.customsValueCny === 'number' && declaration.declaredAt) {
    const fee = rules.declaration({ arrivedAt: state.arrivedAt, declaredAt: declaration.declaredAt, customsValueCny: state.customsValueCny });
    if (fee && fee.amount > 0) fees.push({ type: 'LateFeeCharged', data: { kind: 'late-declaration', amount: fee.amount, currency: 'CNY', days: fee.days, legalBasis: fee.legalBasis, chargedAt: at } });
  }
  const surcharge = paymentDue(state);
  if (surcharge && !charged.has(surcharge.kind)) {
    const payments = state.settlements
      .filter((s) => s.how === 'paid' && typeof s.amountCny === 'number' && !s.reference.startsWith(GUARANTEE_DRAW) && (!surcharge.since || (s.at ?? at) > surcharge.since))
      .map((s) => ({ at: s.at ?? at, amount: s.amountCny! - s.refundableCny }));
    const paid = payments.reduce((sum, p) => sum + p.amount, 0);
    if (paid + 0.005 >= surcharge.dutiesCny) {
      const fee = rules.payment({ dutiesCny: surcharge.dutiesCny, assessedAt: surcharge.assessedAt, payments, now });
      if (fee && fee.amount > 0) {
        fees.push({ type: 'LateFeeCharged', data: { kind: 'late-payment', amount: fee.amount, currency: 'CNY', days: fee.days, legalBasis: fee.legalBasis, chargedAt: at, ...(surcharge.since ? { on: 'final' as const } : {}) } });
      }
    }
  }
  return fees;
}
