import { agencyCaseDecider, defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, type AgencyCaseEvent } from '@sw/agency-case';
import { ReferenceCatalog, shippedReferenceData, versionedExchangeRates, type ListVersion } from '@sw/reference-data';
import type { CaseDeclaration } from '@sw/shipment';
import { loadTariff } from '../customs-policy.seeds';
import { createCustomsPolicy } from './customs-policy';

// 海关月度汇率 as versions: customs converts at the table of the month the declaration is filed in
// (China time). January's table (USD 7.0) is in force from 2027-01-01, February's (USD 7.2)
// from 2027-02-01; the figures are test figures, not the published rates.

const shipped = shippedReferenceData();
const version = (n: number, effectiveFrom: string, usd: number): ListVersion => ({
  list: 'exchangeRates', version: n, effectiveFrom, importedAt: '2027-01-01T00:00:00.000Z', kind: n === 1 ? 'shipped' : 'imported', source: `rates v${n}`,
  entries: n === 1 ? shipped.lists.exchangeRates : [{ currency: 'USD', cnyPerUnit: usd }, { currency: 'EUR', cnyPerUnit: usd + 0.6 }],
});
const catalog = new ReferenceCatalog(shipped);
catalog.replace('exchangeRates', [version(1, '2000-01-01', 0), version(2, '2027-01-01', 7.0), version(3, '2027-02-01', 7.2)]);
const rates = versionedExchangeRates(catalog);
const tariff = loadTariff();
const policy = createCustomsPolicy({
  reference: shipped, rules: loadRiskRules('customs', defaultRiskDirectory()), randomSelection: loadRandomSelectionRates('customs'), tariff: () => tariff, exchangeRates: rates,
});

const RULE = 'cu-undervaluation-laptops';
const wine = (declaredAt: string, currency = 'USD'): CaseDeclaration => ({
  declarationId: 'd-rates', mode: 'standard', direction: 'import', declaredAt,
  declarant: { uscc: '91120116MA07Y3CDXC', name: 'Tianjin Binhai Heavy Machinery Co., Ltd.' },
  customsOffice: '0202', portOfEntry: '0202', transport: { mode: '2', conveyance: 'MSC AURORA', voyage: 'FA547R', billOfLading: 'MEDU1234567' },
  tradeMode: '0110', incoterm: 'CIF', currency,
  items: [{ hsCode: '2204210000', description: 'wine', quantity: 1000, unit: '095', value: 10000, originCountry: 'FRA' }],
  documents: [{ code: '601', number: 'INV-1' }],
});

describe('exchange rates in force on the declaration date', () => {
  it('takes the month of the day: the shipped table before January, then each month its own', () => {
    expect(rates.on('2026-12-31').cnyPerUnit('USD')).toBe(shipped.lists.exchangeRates.find((r) => r.currency === 'USD')!.cnyPerUnit);
    expect(rates.on('2026-12-31').month).toBe('2025-10');
    expect([rates.on('2027-01-31').cnyPerUnit('USD'), rates.on('2027-01-31').month]).toEqual([7.0, '2027-01']);
    expect([rates.on('2027-02-01').cnyPerUnit('USD'), rates.on('2027-02-01').month]).toEqual([7.2, '2027-02']);
    expect(rates.on('2027-02-01').cnyPerUnit('CNY')).toBe(1);
    expect(rates.on('2027-02-01').cnyPerUnit('JPY')).toBeUndefined();
  });

  // 10,000 USD of wine, CIF: duty 14 %, VAT 13 % of (value + duty).
  it.each([
    ['31 January, 23:59 in China', '2027-01-31T15:59:00.000Z', 70000, 9800, 10374],
    ['1 February, 00:00 in China (31 January in UTC)', '2027-01-31T16:00:00.000Z', 72000, 10080, 10670.4],
    ['1 February, midday', '2027-02-01T04:00:00.000Z', 72000, 10080, 10670.4],
  ])('a declaration filed %s is valued at its month\'s rate', (_when, declaredAt, value, duty, vat) => {
    expect(policy.assessDuties!(wine(declaredAt))).toEqual({
      amount: Math.round((duty + vat) * 100) / 100, customsValueCny: value, lines: [{ hsCode: '2204210000', dutyRate: 0.14, vatRate: 0.13, duty, vat }],
    });
  });

  it.each([
    ['31 January: 140 USD is 980 CNY, under the 1,000 CNY a laptop of the undervaluation rule', '2027-01-31T10:00:00.000Z', true],
    ['1 February: 140 USD is 1,008 CNY', '2027-02-01T01:00:00.000Z', false],
  ])('values goods for the risk rules at the month\'s rate of the filing day: %s', (_when, declaredAt, selected) => {
    const laptop = { ...wine(declaredAt), items: [{ hsCode: '8471300000', description: 'laptop', quantity: 1, unit: '001', value: 140, originCountry: 'USA' }] };
    const rules = policy.assess(laptop, { draw: 0.5, randomSelection: false, alerts: [] }).reasons.map((r) => r.rule);
    expect(rules.includes(RULE)).toBe(selected);
  });

  it('sends a declaration to document review when its month\'s table has no rate for the currency', () => {
    const noRandom = { draw: 0.5, randomSelection: false, alerts: [] };
    expect(policy.assess(wine('2026-12-20T02:00:00.000Z', 'JPY'), noRandom).reasons.map((r) => r.rule)).not.toContain('cu-no-exchange-rate');
    const january = policy.assess(wine('2027-01-20T02:00:00.000Z', 'JPY'), noRandom);
    expect(january.lane).toBe('documents');
    expect(january.reasons).toContainEqual(expect.objectContaining({ rule: 'cu-no-exchange-rate', description: expect.stringContaining('JPY in 2027-01') }));
  });

  // The decider: given the case opened for the declaration, when risk is assessed the next day, then
  // the duties are those of the rates of the filing day, not of the day of the assessment.
  const decider = agencyCaseDecider(policy);
  const dutiesWhenAssessed = (declaredAt: string, assessedOn: string) => {
    const opened: AgencyCaseEvent = { type: 'CaseOpened', data: { agency: 'customs', declaration: wine(declaredAt), routingReasons: [], arrived: true, openedAt: declaredAt } } as AgencyCaseEvent;
    const state = decider.evolve(decider.initialState(), opened);
    const events = decider.decide({ type: 'AssessRisk', draw: 0.5, randomSelection: false, alerts: [], now: new Date(assessedOn) }, state);
    return events.find((e) => e.type === 'DutiesAssessed')?.data as { customsValueCny: number } | undefined;
  };
  it.each([
    ['filed 31 January (China), assessed 1 February: January\'s rate', '2027-01-31T10:00:00.000Z', '2027-02-01T02:00:00.000Z', 70000],
    ['filed 1 February (China), assessed the same day: February\'s rate', '2027-02-01T01:00:00.000Z', '2027-02-01T02:00:00.000Z', 72000],
  ])('given a case opened, when risk is assessed, then duties: %s', (_name, declaredAt, assessedOn, value) => {
    expect(dutiesWhenAssessed(declaredAt, assessedOn)).toMatchObject({ customsValueCny: value });
  });
});
