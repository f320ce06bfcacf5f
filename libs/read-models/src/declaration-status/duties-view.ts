import { lateDeclarationFee as lateDeclarationFeeOf, latePaymentSurcharge as latePaymentSurchargeOf, workingDaysInForce } from '@sw/customs';
import type { InstructionEvent } from '@sw/money';
import type { Recorded } from '../row-projection';
import type { StatusView } from './status-view';

/**
 * The money side of the status view: the declarant's instructions and the banks' answers, what
 * is settled, and the fees that accrue with the engine's clock.
 */
/** A payment or guarantee instruction as the view shows it: only `confirmed` ones settle duties. */
export interface InstructionView {
  reference: string;
  kind: 'payment' | 'guarantee';
  amount: number;
  currency: string;
  /**
   * legacy-unconfirmed: recorded by the declarant before v1.1, when its own word counted; no bank
   * ever confirmed it, so it settles nothing, and the goods wait as for any unconfirmed money until
   * its bank confirms it under the same reference (POST /v1/bank/confirmations) or other money is confirmed.
   */
  status: 'pending-confirmation' | 'confirmed' | 'refused' | 'legacy-unconfirmed';
  instructedAt: string;
  /** The bank that confirmed or refused it, when, and why it refused. */
  bank?: string;
  answeredAt?: string;
  reason?: string | null;
  refunded?: { amount: number; currency: string; reason: string; at: string }[];
}

export /** The declarant's instructions and the banks' answers (the money they confirm settles the customs case, above). */
function applyInstructionEvent(view: StatusView, event: Recorded<InstructionEvent>): void {
  const instructions = view.duties.instructions ?? [];
  const update = (reference: string, change: (i: InstructionView) => InstructionView) => {
    view.duties.instructions = instructions.map((i) => (i.reference === reference ? change(i) : i));
  };
  switch (event.type) {
    case 'SettlementInstructed': {
      const { reference, kind, amount, currency, instructedAt } = event.data;
      const instruction: InstructionView = { reference, kind, amount, currency, status: 'pending-confirmation', instructedAt };
      // A legacy payment its bank now answers becomes that instruction (adopted: confirm-settlement).
      const legacy = instructions.some((i) => i.reference === reference && i.status === 'legacy-unconfirmed');
      view.duties.instructions = legacy ? instructions.map((i) => (i.reference === reference && i.status === 'legacy-unconfirmed' ? instruction : i)) : [...instructions, instruction];
      break;
    }
    case 'SettlementConfirmed':
      update(event.data.reference, (i) => ({ ...i, status: 'confirmed', bank: event.data.bank, answeredAt: event.data.confirmedAt }));
      break;
    case 'SettlementRefused':
      update(event.data.reference, (i) => ({ ...i, status: 'refused', bank: event.data.bank, answeredAt: event.data.refusedAt, reason: event.data.reason }));
      break;
    case 'RefundOrdered': {
      const { amount, currency, reason, orderedAt } = event.data;
      update(event.data.reference, (i) => ({ ...i, refunded: [...(i.refunded ?? []), { amount, currency, reason, at: orderedAt }] }));
      break;
    }
  }
}

const DAY_MS = 86_400_000;
/** 滞报金: 0.5‰ of the customs value a day overdue; amounts under RMB 50 are waived. */
export const LATE_FEE_RATE_PER_DAY = 0.0005;
export const LATE_FEE_WAIVER_CNY = 50;

/**
 * The fees that accrue with the engine's clock, computed when the view is read: 滞报金 and 滞纳金
 * (the customs policy's rules: libs/customs/src/domain/late-fees.ts), and a two-step
 * declaration's late complete declaration.
 */
export function withLateFee(view: StatusView, now: Date): StatusView {
  return withCompleteDeclarationFee(withCustomsLateFees(view, now), now);
}

function withCustomsLateFees(view: StatusView, now: Date): StatusView {
  const duties = view.duties;
  // The 起征日 past weekends and holidays (法定节假日, 调休), as customs charges it.
  const lateDeclarationFee = lateDeclarationFeeOf({ direction: view.direction, arrivedAt: view.arrival?.arrivedAt ?? null, declaredAt: view.submittedAt, customsValueCny: duties.customsValueCny, workingDays: workingDaysInForce() });
  // 汇总征税: the duties are paid on the guarantee's monthly statement, not declaration by declaration.
  const latePaymentSurcharge = duties.settlement === 'consolidated' ? null
    : latePaymentSurchargeOf({ dutiesCny: duties.assessed, assessedAt: duties.assessedAt ?? null, payments: duties.payments ?? [], now });
  return { ...view, duties: { ...duties, lateDeclarationFee, latePaymentSurcharge } };
}

function withCompleteDeclarationFee(view: StatusView, now: Date): StatusView {
  const complete = view.completeDeclaration;
  if (!complete || !complete.dueAt) return view;
  const end = complete.filedAt ? Date.parse(complete.filedAt) : now.getTime();
  const days = Math.max(0, Math.floor((end - Date.parse(complete.dueAt)) / DAY_MS));
  const overdue = complete.overdue || (!complete.filedAt && now.getTime() >= Date.parse(complete.dueAt));
  if (!overdue || days === 0) return { ...view, completeDeclaration: { ...complete, lateFee: null } };
  const value = view.duties.customsValueCny;
  if (value === null) return { ...view, completeDeclaration: { ...complete, lateFee: null } };
  const amount = Math.round(value * LATE_FEE_RATE_PER_DAY * days * 100) / 100;
  const waived = amount < LATE_FEE_WAIVER_CNY;
  return { ...view, completeDeclaration: { ...complete, lateFee: { amount: waived ? 0 : amount, currency: 'CNY', days, waived } } };
}

/**
 * Paid when confirmed payments cover the assessed duties, guaranteed when confirmed payments and
 * guarantees do (in CNY at the customs rate). Before an assessment (a two-step summary), any
 * confirmed payment or guarantee counts.
 */
export function settlement(duties: StatusView['duties']): StatusView['duties']['settled'] {
  const owed = duties.assessed;
  if (owed === null || owed <= 0) return duties.paid > 0 ? 'paid' : duties.guaranteed > 0 ? 'guaranteed' : 'none';
  if (duties.paid + 0.005 >= owed) return 'paid';
  if (duties.paid + duties.guaranteed + 0.005 >= owed) return 'guaranteed';
  return 'none';
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
