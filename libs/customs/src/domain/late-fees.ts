import type { WorkingDays } from './working-days';

/**
 * 滞报金 and 滞纳金: the two late fees customs charges on an import, as pure functions of dates
 * and amounts (the engine's clock gives "today"). Days are calendar days in China (UTC+8).
 */
export const LATE_FEE_RATE_PER_DAY = 0.0005;
/** Both fees are waived under CNY 50 (起征点 / 起征额). */
export const LATE_FEE_THRESHOLD_CNY = 50;
/** 海关法 第二十四条: an import is declared within 14 days of the conveyance's arrival. */
export const DECLARATION_PERIOD_DAYS = 14;
/** 海关法 第六十条: duties are paid within 15 days of the tax bill (税款缴款书). */
export const PAYMENT_PERIOD_DAYS = 15;

export interface LateFee {
  amount: number;
  currency: 'CNY';
  days: number;
  /** Computed but under CNY 50: not charged. */
  waived: boolean;
  legalBasis: string;
}

const DAY_MS = 86_400_000;
const chinaDay = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / DAY_MS);
/** A day number (days since 1970-01-01) as its date, and back. */
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/**
 * 滞报金 (late-declaration fee). 海关法 第二十四条; 《中华人民共和国海关征收进口货物滞报金办法》
 * (海关总署令第128号): charged from the 15th day after the conveyance's arrival (起征日) to the day
 * customs accepts the declaration (截止日), both counted; 0.5‰ of the customs value a day, in
 * whole yuan (less than one yuan is not charged); not charged under CNY 50. Exports and goods
 * declared in time: null.
 *
 * 第十六条 of the same 办法: "滞报金起征日遇有休息日或者法定节假日的，顺延至休息日或者法定节假日之后的
 * 第一个工作日。国务院临时调整休息日与工作日的，海关应当按照调整后的情况确定滞报金的起征日。" — so the
 * 起征日 moves past weekends and holidays, and a weekend day the State Council makes a working day
 * (调休上班) is a working day (`workingDays`: the holiday calendar, seeds/reference/holidays.json).
 * Without a calendar the 起征日 does not move (the plain day count).
 */
export function lateDeclarationFee(input: { direction: 'import' | 'export'; arrivedAt: string | null; declaredAt: string; customsValueCny: number | null; workingDays?: WorkingDays }): LateFee | null {
  if (input.direction !== 'import' || !input.arrivedAt || input.customsValueCny === null) return null;
  const day15 = chinaDay(input.arrivedAt) + DECLARATION_PERIOD_DAYS; // the arrival day is day 1 of the 14
  const firstDay = input.workingDays ? dayNumber(input.workingDays.onOrAfter(isoDay(day15))) : day15;
  const days = chinaDay(input.declaredAt) - firstDay + 1;
  if (days <= 0) return null;
  const amount = Math.floor(input.customsValueCny * LATE_FEE_RATE_PER_DAY * days);
  const waived = amount < LATE_FEE_THRESHOLD_CNY;
  return { amount: waived ? 0 : amount, currency: 'CNY', days, waived, legalBasis: '海关法第二十四条; 海关征收进口货物滞报金办法 (海关总署令第128号) 第十六条' };
}

/**
 * 滞纳金 (late-payment surcharge). 海关法 第六十条; 《中华人民共和国海关税收征管办法》: duties are due
 * within 15 days of assessment; from the day after that to the day they are paid, 0.5‰ a day of
 * what is still unpaid that day; not charged under CNY 50. Confirmed payments only count (an
 * instruction is not a payment). Null while nothing is late.
 */
export function latePaymentSurcharge(input: { dutiesCny: number | null; assessedAt: string | null; payments: { at: string; amount: number }[]; now: Date }): LateFee | null {
  if (!input.dutiesCny || input.dutiesCny <= 0 || !input.assessedAt) return null;
  const firstDay = chinaDay(input.assessedAt) + PAYMENT_PERIOD_DAYS + 1;
  const today = chinaDay(input.now.toISOString());
  const payments = input.payments.map((p) => ({ day: chinaDay(p.at), amount: p.amount })).sort((a, b) => a.day - b.day);
  let surcharge = 0;
  let days = 0;
  for (let day = firstDay; day <= today; day++) {
    // What was paid on a day still counts that day (至缴清税款之日止: the day of payment is charged).
    const unpaid = input.dutiesCny - payments.filter((p) => p.day < day).reduce((sum, p) => sum + p.amount, 0);
    if (unpaid <= 0.005) break;
    surcharge += unpaid * LATE_FEE_RATE_PER_DAY;
    days++;
  }
  if (days === 0) return null;
  const amount = Math.round(surcharge * 100) / 100;
  const waived = amount < LATE_FEE_THRESHOLD_CNY;
  return { amount: waived ? 0 : amount, currency: 'CNY', days, waived, legalBasis: '海关法第六十条; 海关税收征管办法' };
}
