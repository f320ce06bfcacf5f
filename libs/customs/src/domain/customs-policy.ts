import type { AgencyCaseState, AgencyPolicy, DutyAssessment, DutyLine, RandomSelectionRates, RiskProfile, RiskRuleFile } from '@sw/agency-case';
import { assessRisk, commonReleaseBlockers, ratesOfDeclaration } from '@sw/agency-case';
import { chinaDate, type ExchangeRates, type ReferenceData, type TariffLine } from '@sw/reference-data';
import { mostSevereLane, type CaseDeclaration, type CheckKind } from '@sw/shipment';
import { customsValueOf } from './customs-value';
import { lateDeclarationFee, latePaymentSurcharge } from './late-fees';
import type { WorkingDays } from './working-days';

/** seeds/reference/tariff.json */
export interface TariffFile {
  source: string;
  defaults: { dutyRate: number; vatRate: number };
  /** 监管方式 under which nothing is collected at import (processing trade, bonded, temporary). */
  bondedTradeModes: string[];
  items: TariffLine[];
}

/** Import duty (MFN) and VAT rates by HS prefix: the longest listed prefix wins, for each rate on its own. */
export class Tariff {
  private readonly duty = new Map<string, number>();
  private readonly vat = new Map<string, number>();
  private readonly bonded: ReadonlySet<string>;

  constructor(readonly file: TariffFile) {
    for (const item of file.items) {
      if (item.dutyRate !== undefined) this.duty.set(item.prefix, item.dutyRate);
      if (item.vatRate !== undefined) this.vat.set(item.prefix, item.vatRate);
    }
    this.bonded = new Set(file.bondedTradeModes);
  }

  dutyRate(hsCode: string): number {
    return longestPrefix(this.duty, hsCode) ?? this.file.defaults.dutyRate;
  }

  vatRate(hsCode: string): number {
    return longestPrefix(this.vat, hsCode) ?? this.file.defaults.vatRate;
  }

  /** Bonded and processing-trade goods (保税, 加工贸易) pay nothing at import. */
  isBonded(tradeMode: string): boolean {
    return this.bonded.has(tradeMode);
  }
}

function longestPrefix(rates: Map<string, number>, hsCode: string): number | undefined {
  for (let length = Math.min(hsCode.length, 10); length >= 2; length--) {
    const rate = rates.get(hsCode.slice(0, length));
    if (rate !== undefined) return rate;
  }
  return undefined;
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/**
 * 关税 and 进口环节增值税, per goods item: its share of the CIF customs value in CNY (customsValueOf:
 * freight and insurance added to FOB/FCA/FAS/EXW prices, at the customs rate); duty = value ×
 * duty rate; VAT = (value + duty) × VAT rate; each rounded to the fen. Consumption tax is not
 * modelled. Null when nothing is collected (exports, bonded trade modes) or when it cannot be
 * computed yet (a two-step summary without values, a currency without a customs rate).
 */
export function assessCustomsDuties(declaration: CaseDeclaration, tariff: Tariff, rates: ExchangeRates): DutyAssessment | null {
  if (declaration.direction !== 'import' || tariff.isBonded(declaration.tradeMode)) return null;
  const value = customsValueOf(declaration, rates);
  if (!value) return null;
  let customsValueCny = 0;
  let amount = 0;
  const lines: DutyLine[] = declaration.items.map((item, index) => {
    const valueCny = value.lines[index]!;
    const dutyRate = tariff.dutyRate(item.hsCode);
    const vatRate = tariff.vatRate(item.hsCode);
    const duty = round2(valueCny * dutyRate);
    const vat = round2((valueCny + duty) * vatRate);
    customsValueCny += valueCny;
    amount += duty + vat;
    return { hsCode: item.hsCode, dutyRate, vatRate, duty, vat };
  });
  return { amount: round2(amount), customsValueCny: round2(customsValueCny), lines };
}

/** The tariff in force on a day (YYYY-MM-DD, China time); today's when no day is given. */
export type TariffLookup = (date?: string) => Tariff;

export interface CustomsPolicyData {
  reference: ReferenceData;
  rules: RiskRuleFile;
  randomSelection: RandomSelectionRates;
  tariff: TariffLookup;
  exchangeRates: ExchangeRates;
  /** The holiday calendar in force (法定节假日, 调休) for the 滞报金 起征日; weekends only when absent. */
  workingDays?: () => WorkingDays;
}

/**
 * Customs (海关): risk rules from seeds/risk/customs-rules.json, 双随机 by credit rating, duties
 * from the tariff. Releases itself when the lane is green, and after a passed examination
 * (查验正常) when nothing else blocks it; a documents-lane case (审单) waits for an officer.
 * Release also needs duties paid or guaranteed (担保放行).
 */
export function createCustomsPolicy(data: CustomsPolicyData): AgencyPolicy {
  const profile: RiskProfile = {
    agency: 'customs',
    rules: data.rules.items,
    randomSelection: data.randomSelection,
    reference: data.reference,
    exchangeRates: data.exchangeRates,
    examinationChecks: () => data.rules.examinationChecks,
  };
  return {
    agency: 'customs',
    assess(declaration, input) {
      const assessment = assessRisk(profile, declaration, input);
      const rates = ratesOfDeclaration(declaration, data.exchangeRates);
      if (rates.cnyPerUnit(declaration.currency) !== undefined) return assessment;
      // Without the month's rate there is no customs value: an officer values the goods (审价).
      const reason = { rule: 'cu-no-exchange-rate', description: `No customs exchange rate for ${declaration.currency} in ${rates.month}: an officer establishes the customs value` };
      return { ...assessment, lane: mostSevereLane([assessment.lane, 'documents']), reasons: [...assessment.reasons, reason] };
    },
    // The tariff and the month's exchange rates of the day the declaration was filed (a declaration of
    // 31 December keeps the old tariff; one of 31 January, January's rates).
    assessDuties: (declaration, on) => {
      const filed = on ?? declaration.declaredAt;
      const day = filed ? chinaDate(filed) : undefined;
      return assessCustomsDuties(declaration, data.tariff(day), data.exchangeRates.on(day));
    },
    toCny(amount, currency) {
      const rate = data.exchangeRates.cnyPerUnit(currency);
      return rate === undefined ? undefined : round2(amount * rate);
    },
    lateFees: {
      declaration: ({ arrivedAt, declaredAt, customsValueCny }) => {
        const fee = lateDeclarationFee({ direction: 'import', arrivedAt, declaredAt, customsValueCny, ...(data.workingDays ? { workingDays: data.workingDays() } : {}) });
        return fee && !fee.waived ? { amount: fee.amount, days: fee.days, legalBasis: fee.legalBasis } : null;
      },
      payment: (input) => {
        const fee = latePaymentSurcharge(input);
        return fee && !fee.waived ? { amount: fee.amount, days: fee.days, legalBasis: fee.legalBasis } : null;
      },
    },
    releaseBlockers(state: AgencyCaseState) {
      const blockers: string[] = commonReleaseBlockers(state);
      // Duties assessed, or a two-step summary that declares goods dutiable (涉税) before their values are known.
      if (state.duties && state.duties.amount > 0) {
        // Confirmed payments, or guarantees, must cover what was assessed (in CNY at the customs rate when settled).
        const cny = (how: 'paid' | 'guaranteed') => state.settlements
          .filter((s) => s.how === how && !s.discharged)
          .reduce((sum, s) => sum + (s.amountCny ?? s.amount * (data.exchangeRates.cnyPerUnit(s.currency) ?? 0)) - (s.refundableCny ?? 0), 0);
        const paid = cny('paid');
        const covered = paid + 0.005 >= state.duties.amount || paid + cny('guaranteed') + 0.005 >= state.duties.amount;
        if (!covered) blockers.push('duties-unsettled');
        // 滞报金 and 滞纳金 charged are paid before release: confirmed payments cover them and what of the duties no guarantee covers.
        const fees = (state.lateFees ?? []).reduce((sum, f) => sum + f.amount, 0);
        if (fees > 0 && paid + Math.min(cny('guaranteed'), state.duties.amount) + 0.005 < state.duties.amount + fees) blockers.push('late-fee-unpaid');
      } else if (!state.duties && state.declaration?.summary?.dutiable === true && state.settlements.length === 0) {
        // A two-step summary declared dutiable (涉税) before its values are known: any guarantee or payment.
        blockers.push('duties-unsettled');
      }
      return blockers;
    },
    releasesAutomatically: (state) => state.lane === 'green' || (state.lane === 'examination' && state.examination === 'passed'),
    examinationChecks: (state): CheckKind[] => (state.requiredChecks.length ? state.requiredChecks : data.rules.examinationChecks),
  };
}
