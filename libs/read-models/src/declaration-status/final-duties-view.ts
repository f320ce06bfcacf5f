import type { AgencyCaseEvent } from '@sw/agency-case';
import type { Recorded } from '../row-projection';
import { round2, settlement } from './duties-view';
import type { StatusView } from './status-view';

/**
 * 两步申报: the complete declaration's assessment as the declarant and officers read it: the
 * summary's duties (if it had values), the final duties, and how they were settled against the
 * guarantee — drawn, released, and what is still payable (补缴).
 */
export interface FinalDutiesView {
  summaryAssessed: number | null;
  assessed: number;
  guaranteed: number;
  drawnOnGuarantee: number;
  guaranteeReleased: number;
  /** Owed by the declarant when the final assessment was made. */
  payable: number;
  /** Still owed now (confirmed payments since counted). */
  outstanding: number;
  assessedAt: string;
  /** 汇总征税: what the general guarantee had taken, the difference drawn on it, or given back to its balance. */
  generalGuarantee?: { drawn: number; draw: number; release: number };
}

/** 汇总征税: drawn on a general guarantee, or waiting for one, with the reason (`code` is stable, `reason` says what to do). */
export interface ConsolidatedView {
  status: 'drawn' | 'waiting';
  guaranteeId?: string;
  code?: string;
  reason?: string;
}

/** A late fee customs charged (滞报金 late-declaration, 滞纳金 late-payment). */
export interface ChargedFeeView {
  kind: 'late-declaration' | 'late-payment';
  amount: number;
  currency: 'CNY';
  days: number;
  legalBasis: string;
  chargedAt: string;
}

type MoneyEvent = Extract<AgencyCaseEvent, { type: 'FinalDutiesAssessed' | 'GuaranteeUnavailable' | 'DutiesSettled' | 'LateFeeCharged' }>;

export function applyMoneyCaseEvent(view: StatusView, event: Recorded<MoneyEvent>): void {
  const duties = view.duties;
  switch (event.type) {
    case 'FinalDutiesAssessed': {
      const d = event.data;
      duties.assessed = d.amount;
      duties.customsValueCny = d.customsValueCny;
      // What the complete declaration owes is due from its assessment (滞纳金 counts from there).
      duties.assessedAt = d.assessedAt;
      if (d.drawnOnGuarantee > 0) {
        duties.paid = round2(duties.paid + d.drawnOnGuarantee);
        duties.payments = [...(duties.payments ?? []), { at: d.assessedAt, amount: d.drawnOnGuarantee }];
      }
      // A declaration's own guarantee is drawn or released; of a general guarantee's draw, what the final gives back.
      duties.guaranteed = round2(Math.max(0, duties.guaranteed - d.guaranteedCny - (d.generalGuarantee?.release ?? 0)));
      duties.final = {
        summaryAssessed: d.summaryAmount, assessed: d.amount, guaranteed: d.guaranteedCny, drawnOnGuarantee: d.drawnOnGuarantee,
        guaranteeReleased: d.guaranteeReleased, payable: d.payable, assessedAt: d.assessedAt,
        // 汇总征税: until the general guarantee takes the difference, it is outstanding.
        outstanding: d.generalGuarantee ? Math.max(0, round2(d.amount - duties.paid - duties.guaranteed)) : d.payable,
        ...(d.generalGuarantee ? { generalGuarantee: d.generalGuarantee } : {}),
      };
      duties.settled = settlement(duties);
      return;
    }
    case 'LateFeeCharged':
      duties.lateFeesCharged = [...(duties.lateFeesCharged ?? []), { ...event.data }];
      return;
    case 'GuaranteeUnavailable':
      duties.consolidated = { status: 'waiting', code: event.data.code, reason: event.data.reason };
      return;
    case 'DutiesSettled':
      if (event.data.how === 'guaranteed' && event.data.reference.startsWith('guarantee:')) {
        duties.consolidated = { status: 'drawn', guaranteeId: event.data.reference.slice('guarantee:'.length).split(':')[0]! };
      }
      if (duties.final) duties.final = { ...duties.final, outstanding: Math.max(0, round2(duties.final.assessed - duties.paid - duties.guaranteed)) };
      return;
  }
}
