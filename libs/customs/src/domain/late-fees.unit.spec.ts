import { ExchangeRates } from '@sw/reference-data';
import { customsValueOf } from './customs-value';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lateDeclarationFee, latePaymentSurcharge, type LateFee } from './late-fees';
import { WEEKENDS_ONLY, WorkingDays } from './working-days';

/** Times in China (UTC+8): the fees count calendar days there. */
const cn = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`).toISOString();

describe('customs value (完税价格): CIF in CNY', () => {
  // 海关法 第五十五条: the customs value of an import includes the price, the transport to the
  // place of import and the insurance. 海关总署令第213号: insurance not declared = 3‰ of (goods + freight).
  const rates = new ExchangeRates('2026-11', [{ currency: 'USD', cnyPerUnit: 7.1 }, { currency: 'EUR', cnyPerUnit: 7.8 }]);
  const items = [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '001', value: 8000, originCountry: 'USA' }, { hsCode: '8471300000', description: 'docks', quantity: 10, unit: '001', value: 2000, originCountry: 'USA' }];
  it.each<[string, Record<string, unknown>, { goodsCny: number; freightCny: number; insuranceCny: number; insurance: string; totalCny: number; lines: number[] } | null]>([
    ['CIF: the price is the customs value', { incoterm: 'CIF' }, { goodsCny: 71000, freightCny: 0, insuranceCny: 0, insurance: 'included', totalCny: 71000, lines: [56800, 14200] }],
    ['FOB with freight, insurance deemed 3‰ of goods + freight', { incoterm: 'FOB', freight: { amount: 1000, currency: 'USD' } },
      { goodsCny: 71000, freightCny: 7100, insuranceCny: 234.3, insurance: 'deemed', totalCny: 78334.3, lines: [62667.44, 15666.86] }],
    ['EXW with freight in another currency and insurance declared', { incoterm: 'EXW', freight: { amount: 500, currency: 'EUR' }, insurance: { amount: 100, currency: 'CNY' } },
      { goodsCny: 71000, freightCny: 3900, insuranceCny: 100, insurance: 'declared', totalCny: 75000, lines: [60000, 15000] }],
    ['CFR with insurance declared', { incoterm: 'CFR', insurance: { amount: 10, currency: 'USD' } }, { goodsCny: 71000, freightCny: 0, insuranceCny: 71, insurance: 'declared', totalCny: 71071, lines: [56856.8, 14214.2] }],
    ['freight in a currency without a customs rate: an officer values it', { incoterm: 'FOB', freight: { amount: 1, currency: 'XAU' } }, null],
  ])('%s', (_, terms, expected) => {
    expect(customsValueOf({ items, currency: 'USD', incoterm: 'CIF', ...terms } as never, rates)).toEqual(expected);
  });
});

describe('滞报金 (late-declaration fee)', () => {
  // 海关法 第二十四条: an import is declared within 14 days of the conveyance's arrival, else customs
  // charges 滞报金. 海关总署令第128号: from the 15th day (起征日) to the day the declaration is accepted
  // (截止日), both counted; 0.5‰ of the customs value a day; whole yuan; waived under CNY 50.
  const fee = (arrived: string, declared: string, value = 1_000_000, direction: 'import' | 'export' = 'import') =>
    lateDeclarationFee({ direction, arrivedAt: cn(arrived), declaredAt: cn(declared, '16:00'), customsValueCny: value });
  const charged = (days: number, amount: number): Partial<LateFee> => ({ days, amount, waived: false, currency: 'CNY' });
  it.each<[string, ReturnType<typeof fee>, Partial<LateFee> | null]>([
    ['declared on the 14th day (arrived 11-01, declared 11-14): in time', fee('2026-11-01', '2026-11-14'), null],
    ['declared on the 15th day: 1 day, 0.5‰ of CNY 1,000,000', fee('2026-11-01', '2026-11-15'), charged(1, 500)],
    ['declared on the 24th day: 10 days', fee('2026-11-01', '2026-11-24'), charged(10, 5000)],
    ['whole yuan: 3 days of CNY 33,333 = 49.9995 → 49, under CNY 50: waived', fee('2026-11-01', '2026-11-17', 33_333), { days: 3, amount: 0, waived: true }],
    ['exactly CNY 50 is charged (2 days of CNY 50,000)', fee('2026-11-01', '2026-11-16', 50_000), charged(2, 50)],
    ['an export never pays 滞报金', fee('2026-11-01', '2026-12-31', 1_000_000, 'export'), null],
  ])('%s', (_, result, expected) => {
    expect(result).toEqual(expected === null ? null : expect.objectContaining(expected));
  });

  it('counts days in China: arrived 23:30 on 11-01 China time is day 1 even though it is 11-01 15:30 UTC', () => {
    expect(lateDeclarationFee({ direction: 'import', arrivedAt: cn('2026-11-01', '23:30'), declaredAt: cn('2026-11-15', '00:10'), customsValueCny: 1_000_000 })).toMatchObject({ days: 1 });
    expect(lateDeclarationFee({ direction: 'import', arrivedAt: null, declaredAt: cn('2026-11-30'), customsValueCny: 1_000_000 })).toBeNull();
  });
});

describe('滞报金 起征日 on the holiday calendar (法定节假日, 调休上班)', () => {
  // 海关征收进口货物滞报金办法 (海关总署令第128号) 第十六条: a 起征日 (the 15th day) on a rest day or a
  // statutory holiday moves to the first working day after it; as the State Council adjusts rest and
  // working days (调休), customs follows the adjustment. The calendar is the shipped seed
  // (seeds/reference/holidays.json: 2025 and 2026 from the State Council's notices; other years weekends only).
  const calendar = new WorkingDays(JSON.parse(readFileSync(path.join(__dirname, '../../../../seeds/reference/holidays.json'), 'utf8')).items);
  const fee = (arrived: string, declared: string, workingDays: WorkingDays | null = calendar) =>
    lateDeclarationFee({ direction: 'import', arrivedAt: cn(arrived), declaredAt: cn(declared, '16:00'), customsValueCny: 1_000_000, ...(workingDays ? { workingDays } : {}) });
  it.each<[string, ReturnType<typeof fee>, Partial<LateFee> | null]>([
    ['the 14 days end on a Friday, 起征日 Saturday 11-28: moved to Monday 11-30; declared Sunday: in time', fee('2026-11-14', '2026-11-29'), null],
    ['… declared Monday 11-30: 1 day (not 3)', fee('2026-11-14', '2026-11-30'), { days: 1, amount: 500 }],
    ['the same dates without a calendar: 3 days from Saturday', fee('2026-11-14', '2026-11-30', null), { days: 3, amount: 1500 }],
    ['起征日 on 国庆 (2026-10-01, holiday to 10-07): moved to 10-08; declared 10-09: 2 days', fee('2026-09-17', '2026-10-09'), { days: 2, amount: 1000 }],
    ['起征日 on 2025 国庆 and 中秋 (10-01 to 10-08): moved to 10-09; declared 10-08: in time', fee('2025-09-17', '2025-10-08'), null],
    ['起征日 on Sunday 2026-09-20, an adjusted working day (调休上班): not moved; declared 09-21: 2 days', fee('2026-09-06', '2026-09-21'), { days: 2, amount: 1000 }],
    ['… with weekends only it would have moved to Monday: 1 day', fee('2026-09-06', '2026-09-21', WEEKENDS_ONLY), { days: 1, amount: 500 }],
    ['2027 is not in the calendar (not yet published): weekends only; 起征日 Friday 2027-01-01 stays', fee('2026-12-18', '2027-01-01'), { days: 1, amount: 500 }],
  ])('%s', (_, result, expected) => {
    expect(result).toEqual(expected === null ? null : expect.objectContaining(expected));
  });

  it('a weekday of the calendar is a working day unless listed; a listed workday is one even on a Sunday', () => {
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(calendar.onOrAfter('2026-02-14')).toBe('2026-02-14'); // Saturday worked before 春节
    expect(calendar.onOrAfter('2026-02-15')).toBe('2026-02-24'); // 春节 15th to 23rd
  });
});

describe('滞纳金 (late-payment surcharge)', () => {
  // 海关法 第六十条: duties are paid within 15 days of the tax bill; paid late, customs charges
  // 滞纳金. 海关税收征管办法: 0.5‰ a day of the unpaid duties, to the day they are paid; waived
  // under CNY 50. Only money a bank confirmed is a payment.
  const surcharge = (now: string, payments: { at: string; amount: number }[] = [], duties = 200_000) =>
    latePaymentSurcharge({ dutiesCny: duties, assessedAt: cn('2026-11-01'), payments, now: new Date(cn(now, '12:00')) });
  it.each<[string, ReturnType<typeof surcharge>, Partial<LateFee> | null]>([
    ['nothing within the 15 days (assessed 11-01, today 11-16)', surcharge('2026-11-16'), null],
    ['the 16th day: 1 day of 0.5‰ of CNY 200,000', surcharge('2026-11-17'), { days: 1, amount: 100, waived: false }],
    ['still unpaid on the 25th day: 9 days', surcharge('2026-11-25'), { days: 9, amount: 900 }],
    ['paid in time: nothing, however late today is', surcharge('2026-12-31', [{ at: cn('2026-11-10'), amount: 200_000 }]), null],
    ['paid on 11-19: charged to the day of payment (3 days) and no more', surcharge('2026-12-31', [{ at: cn('2026-11-19'), amount: 200_000 }]), { days: 3, amount: 300 }],
    ['a part-payment in time: the rest is charged (CNY 100,000 × 0.5‰ × 4 days)', surcharge('2026-11-20', [{ at: cn('2026-11-05'), amount: 100_000 }]), { days: 4, amount: 200 }],
    ['under CNY 50: waived (CNY 10,000 × 0.5‰ × 9 days = 45)', surcharge('2026-11-25', [], 10_000), { days: 9, amount: 0, waived: true }],
  ])('%s', (_, result, expected) => {
    expect(result).toEqual(expected === null ? null : expect.objectContaining(expected));
  });
});
