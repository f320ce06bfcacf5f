import { assessCustomsDuties, createCustomsPolicy, Tariff } from './customs-policy';
import { agencyCaseDecider, defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyCaseState } from '@sw/agency-case';
import { loadExchangeRates, referenceData, type CreditRating } from '@sw/reference-data';
import type { ActiveAlert, CaseDeclaration, Lane } from '@sw/shipment';
import { customsPolicy, loadTariff } from '../customs-policy.seeds';

// Customs as the seeds define it: seeds/risk/customs-rules.json, seeds/risk/random-selection.json,
// seeds/reference/tariff.json and exchange-rates.json. Expected figures are worked out by hand.

const reference = referenceData();
const rules = loadRiskRules('customs');
const rates = loadRandomSelectionRates('customs');
const tariff = loadTariff();
const exchangeRates = loadExchangeRates();
const policy = customsPolicy;

/** Demo enterprises of seeds/reference/enterprises.json, one per credit rating. */
const ENTERPRISE: Record<CreditRating | 'unlisted', string> = {
  'aeo-advanced': '91440300MA5D8T3W1W', // Shenzhen Hualan Electronics
  'aeo-general': '91370200MA3NB58R9R', // Qingdao Haifeng Food
  registered: '91120116MA07Y3CDXC', // Tianjin Binhai Heavy Machinery
  discredited: '91330782MA2E7G6J9Y', // Yiwu Xingchen Toys
  unlisted: '91110108MA01ABCD2X',
};
const COLD_CHAIN_AEO_ADVANCED = '91440115MA9W4L6K3D';

type Item = CaseDeclaration['items'][number];
const item = (hsCode: string, value: number | undefined, originCountry: string, quantity = 1, description = 'goods'): Item =>
  ({ hsCode, description, quantity, unit: '007', ...(value === undefined ? {} : { value }), originCountry });

function declaration(items: Item[], overrides: Partial<CaseDeclaration> = {}): CaseDeclaration {
  return {
    declarationId: 'd-customs',
    mode: 'standard',
    direction: 'import',
    declarant: { uscc: ENTERPRISE.registered, name: 'Tianjin Binhai Heavy Machinery Co., Ltd.' },
    customsOffice: '0202',
    portOfEntry: '0202',
    transport: { mode: '2', conveyance: 'MSC AURORA', voyage: 'FA547R', billOfLading: 'MEDU1234567' },
    tradeMode: '0110',
    incoterm: 'CIF',
    currency: 'USD',
    items,
    documents: [{ code: '601', number: 'INV-1' }],
    ...overrides,
  };
}
const by = (rating: keyof typeof ENTERPRISE) => ({ declarant: { uscc: ENTERPRISE[rating], name: rating } });

const noRandom = { draw: 0.5, randomSelection: false, alerts: [] as ActiveAlert[] };

describe('customs policy: the seeds', () => {
  it('names only codes that exist in the reference lists', () => {
    expect(rules.items.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules.items) {
      for (const prefix of rule.when.hsPrefixes ?? []) expect([rule.id, reference.hsEntry(prefix)?.code]).toEqual([rule.id, prefix]);
      for (const origin of rule.when.origins ?? []) expect([rule.id, reference.country(origin)?.alpha3]).toEqual([rule.id, origin]);
      for (const mode of rule.when.tradeModes ?? []) expect([rule.id, reference.tradeMode(mode)?.code]).toEqual([rule.id, mode]);
      for (const mode of rule.when.transportModes ?? []) expect([rule.id, reference.transportMode(mode)?.code]).toEqual([rule.id, mode]);
    }
  });

  it('has tariff prefixes, bonded trade modes and currencies that exist', () => {
    for (const line of tariff.file.items) expect([line.prefix, reference.hsEntry(line.prefix)?.code]).toEqual([line.prefix, line.prefix]);
    for (const mode of tariff.file.bondedTradeModes) expect(reference.tradeMode(mode)).toBeDefined();
    for (const currency of exchangeRates.currencies()) expect(reference.currency(currency)).toBeDefined();
    expect(exchangeRates.month).toMatch(/^\d{4}-\d{2}$/);
  });

  it('finds the risk seeds by walking up to the project root', () => {
    expect(defaultRiskDirectory({})).toMatch(/seeds[/\\]risk$/);
  });
});

describe('customs policy: lanes and reasons (random selection off)', () => {
  it.each<[string, Lane, CaseDeclaration, string[]]>([
    ['smartphones at a plausible price', 'green', declaration([item('8517130000', 150 * 1000, 'VNM', 1000)]), []],
    ['smartphones declared at USD 40 a unit (CNY 284)', 'documents', declaration([item('8517130000', 40 * 1000, 'VNM', 1000)]), ['cu-undervaluation-smartphones']],
    ['laptops declared at USD 100 a unit', 'documents', declaration([item('8471300000', 100 * 200, 'CHN', 200)]), ['cu-undervaluation-laptops']],
    ['a car declared at USD 8,000', 'documents', declaration([item('8703239000', 8000, 'DEU')]), ['cu-undervaluation-cars']],
    ['frozen beef from Brazil', 'green', declaration([item('0202300090', 120000, 'BRA', 20000)]), []],
    ['frozen beef "originating" in Hong Kong', 'examination', declaration([item('0202300090', 120000, 'HKG', 20000)]), ['cu-frozen-meat-smuggling-route']],
    ['beef from Brazil next to shoes from Hong Kong (conditions hold per item)', 'green', declaration([item('0202300090', 120000, 'BRA', 20000), item('6403990000', 5000, 'HKG', 100)]), []],
    ['handbags from Hong Kong', 'examination', declaration([item('4202210000', 30000, 'HKG', 50)]), ['cu-ipr-luxury-transshipment']],
    ['plastic waste', 'examination', declaration([item('3915100000', 8000, 'JPN', 20000)]), ['cu-solid-waste']],
    ['worked ivory', 'examination', declaration([item('9601100000', 2000, 'NGA', 3)]), ['cu-cites-ivory-horn']],
    ['crude oil worth USD 1.5 million (CNY 10.65 million)', 'documents', declaration([item('2709000000', 1500000, 'SAU', 2000)]), ['cu-high-value']],
    ['a discredited declarant', 'examination', declaration([item('9503002100', 3000, 'CHN', 500)], by('discredited')), ['cu-discredited-enterprise']],
    ['undervalued smartphones from a discredited declarant: the most severe lane', 'examination', declaration([item('8517130000', 40 * 1000, 'VNM', 1000)], by('discredited')), ['cu-discredited-enterprise', 'cu-undervaluation-smartphones']],
    ['toys exported under market procurement (市场采购)', 'examination', declaration([item('9503002100', 3000, 'CHN', 500)], { direction: 'export', tradeMode: '1039' }), ['cu-ipr-branded-exports']],
    ['toys exported under general trade', 'green', declaration([item('9503002100', 3000, 'CHN', 500)], { direction: 'export' }), []],
    ['ephedrine exported', 'documents', declaration([item('2939410000', 9000, 'CHN', 100)], { direction: 'export' }), ['cu-precursor-export']],
    ['a currency without a customs rate', 'documents', declaration([item('8471300000', 90000, 'ZMB', 10)], { currency: 'ZMW' }), ['cu-no-exchange-rate']],
  ])('%s → %s', (_, lane, d, reasons) => {
    const assessment = policy.assess(d, noRandom);
    expect(assessment.lane).toBe(lane);
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(reasons);
    expect(assessment.draw).toBeNull();
  });

  it.each([
    ['the rule\'s checks', declaration([item('0202300090', 120000, 'HKG', 20000)]), ['scan', 'physical']],
    ['the customs default (scan, documents) when the rules name the same', declaration([item('9503002100', 3000, 'CHN', 500)], by('discredited')), ['scan', 'documents']],
    ['the union of every selecting rule', declaration([item('0202300090', 120000, 'HKG', 20000), item('9601100000', 2000, 'NGA', 3)], by('discredited')), ['scan', 'physical', 'documents']],
  ])('an examination requires %s', (_, d, checks) => {
    expect(policy.assess(d, noRandom).requiredChecks).toEqual(checks);
  });

  it('requires no checks outside the examination lane', () => {
    expect(policy.assess(declaration([item('8517130000', 40 * 1000, 'VNM', 1000)]), noRandom).requiredChecks).toEqual([]);
  });

  it('says which items a rule matched', () => {
    const reasons = policy.assess(declaration([item('0202300090', 120000, 'BRA', 20000), item('0202300090', 50000, 'HKG', 8000)]), noRandom).reasons;
    expect(reasons).toEqual([{
      rule: 'cu-frozen-meat-smuggling-route', description: expect.stringContaining('(item 2)'),
      code: 'risk.rule-items', params: expect.objectContaining({ rule: 'cu-frozen-meat-smuggling-route', items: '2', descriptionZh: expect.stringContaining('冻品走私') }),
    }]);
  });
});

describe('customs policy: random selection (双随机)', () => {
  it('rates AEO-advanced lowest and discredited highest', () => {
    expect(rates).toEqual({ 'aeo-advanced': 0.005, 'aeo-general': 0.012, registered: 0.03, discredited: 0.8 });
    expect(rates['aeo-advanced']).toBeLessThan(rates['aeo-general']);
    expect(rates['aeo-general']).toBeLessThan(rates.registered);
    expect(rates.registered).toBeLessThan(rates.discredited);
  });

  // A declaration no rule selects, so that only the draw decides.
  const plain = (rating: keyof typeof ENTERPRISE) => declaration([item('8517130000', 150 * 1000, 'VNM', 1000)], by(rating));

  it.each<[keyof typeof ENTERPRISE, number, number, boolean]>([
    ['aeo-advanced', 0.0049, 0.005, true],
    ['aeo-advanced', 0.005, 0.005, false],
    ['aeo-general', 0.0119, 0.012, true],
    ['aeo-general', 0.012, 0.012, false],
    ['registered', 0.0299, 0.03, true],
    ['registered', 0.03, 0.03, false],
    ['unlisted', 0.0299, 0.03, true],
    ['discredited', 0.7999, 0.8, true],
  ])('%s enterprise drawing %d against %d: selected %s', (rating, value, rate, selected) => {
    const assessment = policy.assess(plain(rating), { draw: value, randomSelection: true, alerts: [] });
    expect(assessment.draw).toEqual({ rate, value, selected });
    if (rating === 'discredited') return; // examined by rule anyway
    expect(assessment.lane).toBe(selected ? 'examination' : 'green');
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(selected ? ['random-selection'] : []);
    expect(assessment.requiredChecks).toEqual(selected ? ['scan', 'documents'] : []);
  });

  it('draws nothing when random selection is off, however low the number', () => {
    const assessment = policy.assess(plain('registered'), { draw: 0, randomSelection: false, alerts: [] });
    expect(assessment).toMatchObject({ lane: 'green', draw: null, reasons: [] });
  });
});

describe('customs policy: alerts (执法互助)', () => {
  const beef = declaration([item('0202300090', 120000, 'BRA', 20000)], { transport: { mode: '4', conveyance: '粤Z1234港', billOfLading: 'RD-1' } });
  const alert = (kind: ActiveAlert['subject']['kind'], value: string, action: ActiveAlert['action'] = 'examine'): ActiveAlert =>
    ({ id: `A-${kind}`, subject: { kind, value }, action, reason: `watch this ${kind}` });

  it.each<[string, boolean, ActiveAlert]>([
    ['the declarant (enterprise = USCC)', true, alert('enterprise', ENTERPRISE.registered)],
    ['another enterprise', false, alert('enterprise', ENTERPRISE.discredited)],
    ['the conveyance, written with a dash', true, alert('conveyance', '粤Z-1234港')],
    ['another conveyance', false, alert('conveyance', '粤Z9999港')],
    ['a commodity by HS prefix', true, alert('commodity', '0202')],
    ['another commodity', false, alert('commodity', '0201')],
    ['an origin, in lower case', true, alert('origin', 'bra')],
    ['another origin', false, alert('origin', 'ARG')],
  ])('%s: matches %s', (_, matches, a) => {
    const assessment = policy.assess(beef, { ...noRandom, alerts: [a] });
    expect(assessment.lane).toBe(matches ? 'examination' : 'green');
    expect(assessment.reasons).toEqual(matches ? [{
      rule: `alert:${a.id}`, description: expect.stringContaining(a.reason),
      code: 'risk.alert', params: { alertId: a.id, kind: a.subject.kind, value: a.subject.value, reason: a.reason },
    }] : []);
    expect(assessment.hold).toBeUndefined();
  });

  it('holds the case when the alert says hold', () => {
    const assessment = policy.assess(beef, { ...noRandom, alerts: [alert('origin', 'BRA', 'hold')] });
    expect(assessment).toMatchObject({ lane: 'examination', hold: { reason: 'alert:A-origin: watch this origin' }, requiredChecks: ['scan', 'documents'] });
  });
});

describe('customs policy: priority', () => {
  it.each([
    ['perishable goods from an AEO-advanced enterprise', 3, declaration([item('0201300000', 90000, 'AUS', 6000)], { declarant: { uscc: COLD_CHAIN_AEO_ADVANCED, name: 'cold chain' } })],
    ['perishable goods (chilled beef)', 2, declaration([item('0201300000', 90000, 'AUS', 6000)])],
    ['an AEO-advanced enterprise', 2, declaration([item('8471300000', 90000, 'CHN', 100)], by('aeo-advanced'))],
    ['frozen beef from a registered enterprise', 0, declaration([item('0202300090', 120000, 'BRA', 20000)])],
  ])('%s → %i', (_, priority, d) => {
    expect(policy.assess(d, noRandom).priority).toBe(priority);
  });
});

describe('customs policy: duties (关税 and import VAT)', () => {
  it('computes frozen beef from Brazil, CIF USD, by hand', () => {
    // 120,000 USD × 7.10 = 852,000.00 CNY; duty 12% = 102,240.00; VAT 9% × (852,000 + 102,240) = 85,881.60.
    expect(assessCustomsDuties(declaration([item('0202300090', 120000, 'BRA', 20000)]), tariff, exchangeRates)).toEqual({
      amount: 188121.6,
      customsValueCny: 852000,
      lines: [{ hsCode: '0202300090', dutyRate: 0.12, vatRate: 0.09, duty: 102240, vat: 85881.6 }],
    });
  });

  it('computes each line on its own: wine and laptops from France, EUR', () => {
    // Wine: 30,000 × 8.36 = 250,800.00; duty 14% = 35,112.00; VAT 13% × 285,912.00 = 37,168.56.
    // Laptops: 50,000 × 8.36 = 418,000.00; duty 0% (ITA); VAT 13% = 54,340.00.
    const d = declaration([item('2204210000', 30000, 'FRA', 12000), item('8471300000', 50000, 'FRA', 100)], { currency: 'EUR' });
    expect(policy.assessDuties!(d)).toEqual({
      amount: 126620.56,
      customsValueCny: 668800,
      lines: [
        { hsCode: '2204210000', dutyRate: 0.14, vatRate: 0.13, duty: 35112, vat: 37168.56 },
        { hsCode: '8471300000', dutyRate: 0, vatRate: 0.13, duty: 0, vat: 54340 },
      ],
    });
  });

  it('rounds to the fen: a car from Japan, JPY', () => {
    // 6,000,000 JPY × 0.0483 = 289,800.00; duty 15% = 43,470.00; VAT 13% × 333,270.00 = 43,325.10.
    expect(policy.assessDuties!(declaration([item('8703239000', 6000000, 'JPN')], { currency: 'JPY' }))).toEqual({
      amount: 86795.1, customsValueCny: 289800, lines: [{ hsCode: '8703239000', dutyRate: 0.15, vatRate: 0.13, duty: 43470, vat: 43325.1 }],
    });
  });

  it('uses the tariff in force on the day the declaration was filed, in China time (31 December keeps the old tariff)', () => {
    const newTariff = new Tariff({ ...tariff.file, items: [...tariff.file.items, { prefix: '84713000', dutyRate: 0.05, description: 'laptops (test rate)' }] });
    const days: (string | undefined)[] = [];
    const versioned = createCustomsPolicy({
      reference, rules, randomSelection: rates, exchangeRates,
      tariff: (day) => { days.push(day); return day !== undefined && day >= '2027-01-01' ? newTariff : tariff; },
    });
    const laptops = (declaredAt: string) => declaration([item('8471300000', 1000, 'USA', 1)], { declaredAt });
    expect(versioned.assessDuties!(laptops('2026-12-31T15:59:00.000Z'))!.lines[0]!.dutyRate).toBe(0);
    expect(versioned.assessDuties!(laptops('2026-12-31T16:01:00.000Z'))!.lines[0]!.dutyRate).toBe(0.05);
    expect(versioned.assessDuties!(laptops('2026-12-31T16:01:00.000Z'), '2026-12-30T00:00:00.000Z')!.lines[0]!.dutyRate).toBe(0);
    expect(days).toEqual(['2026-12-31', '2027-01-01', '2026-12-30']);
  });

  it.each([
    ['frozen pork', '0203290000', 0.12, 0.09],
    ['chilled pork hams (the longer prefix wins)', '0203120000', 0.2, 0.09],
    ['whisky (220830) inside spirits (2208)', '2208300000', 0.05, 0.13],
    ['crude oil', '2709000000', 0, 0.13],
    ['toys (no listed rate: the default)', '9503002100', 0.075, 0.13],
    ['books (reduced VAT)', '4901990000', 0.075, 0.09],
    ['LNG (reduced VAT)', '2711110000', 0, 0.09],
  ])('rates %s', (_, hsCode, duty, vat) => {
    expect([tariff.dutyRate(hsCode), tariff.vatRate(hsCode)]).toEqual([duty, vat]);
  });

  it.each([
    ['an export', declaration([item('0202300090', 120000, 'CHN', 20000)], { direction: 'export' })],
    ['processing trade (进料对口 0615)', declaration([item('8542310000', 500000, 'KOR', 100000)], { tradeMode: '0615' })],
    ['a bonded warehouse entry (1233)', declaration([item('2204210000', 30000, 'FRA', 12000)], { tradeMode: '1233', currency: 'EUR' })],
    ['a two-step summary without values (概要申报)', declaration([item('0202300090', undefined, 'BRA', 20000)], { mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: true, dutiable: true } })],
    ['a currency without a customs rate', declaration([item('8471300000', 90000, 'ZMB', 10)], { currency: 'ZMW' })],
  ])('assesses nothing for %s', (_, d) => {
    expect(policy.assessDuties!(d)).toBeNull();
  });
});

describe('customs policy: release', () => {
  const decider = agencyCaseDecider(policy);
  const now = new Date('2026-11-23T08:00:00.000Z');
  const run = (d: CaseDeclaration, arrived: boolean, draw = 0.5) => {
    let state: AgencyCaseState = decider.initialState();
    const events: AgencyCaseEvent[] = [];
    const commands: AgencyCaseCommand[] = [
      { type: 'OpenCase', agency: 'customs', declaration: d, routingReasons: [], arrived, now },
      { type: 'AssessRisk', draw, randomSelection: true, alerts: [], now },
    ];
    for (const command of commands) {
      const decided = decider.decide(command, state);
      events.push(...decided);
      state = decided.reduce(decider.evolve, state);
    }
    return { state, events };
  };

  it('assesses risk and duties in one decision, then waits for the duties', () => {
    const { state, events } = run(declaration([item('0202300090', 120000, 'BRA', 20000)]), true);
    expect(events.map((event) => event.type)).toEqual(['CaseOpened', 'RiskAssessed', 'DutiesAssessed']);
    expect(policy.releaseBlockers(state)).toEqual(['duties-unsettled']);
    expect(decider.decide({ type: 'ReleaseIfReady', now }, state)).toEqual([]);
    const guaranteed = decider.evolve(state, { type: 'DutiesSettled', data: { how: 'guaranteed', reference: 'G-1', amount: 188121.6, currency: 'CNY', settledAt: now.toISOString() } });
    expect(decider.decide({ type: 'ReleaseIfReady', now }, guaranteed)).toMatchObject([{ type: 'CaseReleased', data: { by: 'system', automatic: true } }]);
  });

  it('counts payments and guarantees against what was assessed: a part-payment does not release, two add up', () => {
    const { state } = run(declaration([item('0202300090', 120000, 'BRA', 20000)]), true);
    const owed = state.duties!.amount;
    const settle = (s: AgencyCaseState, how: 'paid' | 'guaranteed', reference: string, amount: number, currency = 'CNY') =>
      decider.evolve(s, { type: 'DutiesSettled', data: { how, reference, amount, currency, settledAt: now.toISOString() } });
    const part = settle(state, 'paid', 'PAY-1', 1);
    expect(policy.releaseBlockers(part)).toEqual(['duties-unsettled']);
    expect(decider.decide({ type: 'ReleaseIfReady', now }, part)).toEqual([]);
    const rest = settle(part, 'paid', 'PAY-2', Math.round((owed - 1) * 100) / 100);
    expect(policy.releaseBlockers(rest)).toEqual([]);
    // A guarantee in another currency counts at the month's customs rate (USD 7.1).
    expect(policy.releaseBlockers(settle(state, 'guaranteed', 'G-USD', Math.ceil(owed / 7.1), 'USD'))).toEqual([]);
    expect(policy.releaseBlockers(settle(state, 'guaranteed', 'G-USD', Math.floor(owed / 7.1 / 2), 'USD'))).toEqual(['duties-unsettled']);
  });

  it.each<[string, string[], CaseDeclaration, boolean]>([
    ['an advance declaration before arrival', ['awaiting-arrival', 'duties-unsettled'], declaration([item('8471300000', 90000, 'CHN', 100)], { mode: 'advance' }), false],
    ['a two-step summary that declares duties (涉税) before their values are known', ['duties-unsettled'], declaration([item('0202300090', undefined, 'BRA', 20000)], { mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: true, dutiable: true } }), true],
    ['a two-step summary without duties', [], declaration([item('0202300090', undefined, 'BRA', 20000)], { mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: true, dutiable: false } }), true],
    ['an export', [], declaration([item('8471300000', 90000, 'CHN', 100)], { direction: 'export' }), true],
  ])('blocks %s with %j', (_, blockers, d, arrived) => {
    expect(policy.releaseBlockers(run(d, arrived).state)).toEqual(blockers);
  });

  it.each<[string, boolean, Partial<AgencyCaseState>]>([
    ['a green case', true, { lane: 'green', examination: 'none' }],
    ['a passed examination', true, { lane: 'examination', examination: 'passed' }],
    ['an examination still requested', false, { lane: 'examination', examination: 'requested' }],
    ['a documents-lane case (审单: an officer)', false, { lane: 'documents', examination: 'none' }],
  ])('releases itself after %s: %s', (_, expected, partial) => {
    const state = { ...run(declaration([item('8471300000', 90000, 'CHN', 100)], { direction: 'export' }), true).state, ...partial };
    expect(policy.releasesAutomatically!(state)).toBe(expected);
  });

  it("asks for the customs default checks when an officer decides to examine a green case", () => {
    const { state } = run(declaration([item('8471300000', 90000, 'CHN', 100)], { direction: 'export' }), true);
    expect(decider.decide({ type: 'Decide', decision: 'examine', reason: 'tip-off', officer: 'officer:customs:li', now }, state)).toEqual([
      { type: 'ExaminationRequested', data: { reason: 'tip-off', by: 'officer:customs:li', checks: ['scan', 'documents'], requestedAt: now.toISOString() } },
    ]);
  });

  it('ranks shipments: perishable and AEO-advanced first', () => {
    const shipments = [
      { id: 'plain', d: declaration([item('0202300090', 120000, 'BRA', 20000)]) },
      { id: 'aeo', d: declaration([item('8471300000', 90000, 'CHN', 100)], by('aeo-advanced')) },
      { id: 'both', d: declaration([item('0201300000', 90000, 'AUS', 6000)], { declarant: { uscc: COLD_CHAIN_AEO_ADVANCED, name: 'cold chain' } }) },
    ];
    const ranked = shipments.map((s) => ({ id: s.id, priority: policy.assess(s.d, noRandom).priority })).sort((a, b) => b.priority - a.priority);
    expect(ranked.map((s) => s.id)).toEqual(['both', 'aeo', 'plain']);
  });
});
