import { referenceData, type CreditRating } from '@sw/reference-data';
import { agencyCaseDecider, loadRandomSelectionRates, loadRiskRules, type AgencyCaseState } from '@sw/agency-case';
import type { ActiveAlert, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';
import { inspectionPolicy } from '../inspection-policy.seeds';

// Inspection & quarantine as the seeds define it: seeds/risk/inspection-rules.json (by
// inspection-catalogue category), seeds/risk/random-selection.json.

const reference = referenceData();
const rules = loadRiskRules('inspection');
const rates = loadRandomSelectionRates('inspection');
const policy = inspectionPolicy;

const ENTERPRISE: Record<CreditRating, string> = {
  'aeo-advanced': '91440115MA9W4L6K3D', // Guangzhou Nansha Xianda Cold-Chain Logistics
  'aeo-general': '91370200MA3NB58R9R', // Qingdao Haifeng Food
  registered: '91350206MA8U3K5B13', // Xiamen Ludao Minerals
  discredited: '91441900MA4W2N9P93', // Dongguan Litong Textiles
};

type Item = CaseDeclaration['items'][number];
const item = (hsCode: string, description: string, originCountry = 'AUS', value = 10000, quantity = 100): Item =>
  ({ hsCode, description, quantity, unit: '035', value, originCountry });

function declaration(items: Item[], overrides: Partial<CaseDeclaration> = {}): CaseDeclaration {
  return {
    declarationId: 'd-inspection',
    mode: 'standard',
    direction: 'import',
    declarant: { uscc: ENTERPRISE.registered, name: 'Xiamen Ludao Minerals Co., Ltd.' },
    customsOffice: '3700',
    portOfEntry: '3700',
    transport: { mode: '2', conveyance: 'EVER GIVEN', billOfLading: 'EGLV1234' },
    tradeMode: '0110',
    incoterm: 'CIF',
    currency: 'USD',
    items,
    documents: [],
    ...overrides,
  };
}
const by = (rating: CreditRating) => ({ declarant: { uscc: ENTERPRISE[rating], name: rating } });
const noRandom = { draw: 0.5, randomSelection: false, alerts: [] as ActiveAlert[] };

describe('inspection policy: the seeds', () => {
  it('keys its rules to categories of the inspection catalogue', () => {
    const categories = new Set(reference.lists.inspectionList.map((entry) => entry.category));
    for (const rule of rules.items) {
      for (const category of rule.when.inspectionCategories ?? []) expect([rule.id, categories.has(category)]).toEqual([rule.id, true]);
      for (const prefix of rule.when.hsPrefixes ?? []) expect([rule.id, reference.hsEntry(prefix)?.code]).toEqual([rule.id, prefix]);
    }
  });

  it('has a rule for every category that is not otherwise handled', () => {
    const covered = new Set(rules.items.flatMap((rule) => rule.when.inspectionCategories ?? []));
    const categories = [...new Set(reference.lists.inspectionList.map((entry) => entry.category))];
    // machinery-used is inspected only when the goods are declared used: iq-used-mechanical-electrical.
    expect(categories.filter((category) => !covered.has(category))).toEqual(['machinery-used']);
  });
});

describe('inspection policy: lanes, reasons and checks (random selection off)', () => {
  it.each<[string, Lane, CheckKind[], string[], CaseDeclaration]>([
    ['live cattle', 'examination', ['physical', 'documents'], ['iq-live-animals'], declaration([item('0102291000', 'Live cattle for slaughter')])],
    ['frozen beef', 'examination', ['scan', 'physical', 'sampling', 'lab'], ['iq-meat'], declaration([item('0202300090', 'Frozen boneless beef')])],
    ['chilled salmon', 'examination', ['physical', 'sampling'], ['iq-aquatic'], declaration([item('0302140000', 'Chilled Atlantic salmon', 'NOR')])],
    ['milk powder', 'examination', ['sampling', 'lab'], ['iq-dairy'], declaration([item('0402210000', 'Whole milk powder', 'NZL')])],
    ['cut flowers', 'examination', ['physical', 'sampling'], ['iq-plants'], declaration([item('0603110000', 'Fresh cut roses', 'KEN')])],
    ['durians', 'examination', ['physical', 'sampling'], ['iq-fruit-vegetables'], declaration([item('0810600000', 'Fresh durians', 'THA')])],
    ['soya beans', 'examination', ['sampling', 'lab'], ['iq-grain-oilseeds'], declaration([item('1201900000', 'Soya beans', 'BRA')])],
    ['logs', 'examination', ['physical'], ['iq-timber'], declaration([item('4403990090', 'Birch logs', 'RUS')])],
    ['sodium hydroxide', 'examination', ['physical', 'documents'], ['iq-hazardous-chemicals'], declaration([item('2815110000', 'Caustic soda, solid', 'KOR')])],
    ['passenger cars: examined and CCC-checked', 'examination', ['physical', 'documents'], ['iq-vehicles', 'iq-ccc-products'], declaration([item('8703239000', 'Passenger car, 2.0 l', 'DEU')])],
    ['a used excavator (旧机电)', 'examination', ['physical', 'documents'], ['iq-used-mechanical-electrical'], declaration([item('8429521200', 'Used excavator Komatsu PC200-8', 'JPN')])],
    ['a second-hand lathe (in Chinese)', 'examination', ['physical', 'documents'], ['iq-used-mechanical-electrical'], declaration([item('8458110000', '二手数控车床', 'DEU')])],
    ['a new excavator', 'green', [], [], declaration([item('8429521200', 'New excavator Komatsu PC200-8', 'JPN')])],
    ['a press "used for offset printing" (not used goods)', 'green', [], [], declaration([item('8443130000', 'Offset printing press used for packaging', 'DEU')])],
    ['wine: labels reviewed', 'documents', [], ['iq-food-labels'], declaration([item('2204210000', 'Red wine, 750 ml', 'FRA')])],
    ['iron ore: released first, sampled after (先放后检)', 'documents', [], ['iq-ores-conditional-release'], declaration([item('2601110000', 'Iron ore fines', 'AUS')])],
    ['tyres: CCC certificate', 'documents', [], ['iq-ccc-products'], declaration([item('4011100000', 'Radial tyres for cars', 'THA')])],
    ['laptops: not on the catalogue', 'green', [], [], declaration([item('8471300000', 'Laptop computers', 'CHN')])],
    ['wine and beef together: the most severe lane', 'examination', ['scan', 'physical', 'sampling', 'lab'], ['iq-meat', 'iq-food-labels'], declaration([item('2204210000', 'Red wine', 'FRA'), item('0202300090', 'Frozen beef', 'BRA')])],
    ['live cattle exported (outbound quarantine, B)', 'examination', ['physical', 'documents'], ['iq-live-animals'], declaration([item('0102291000', 'Live cattle')], { direction: 'export' })],
    ['cars exported (catalogue condition A: inbound only)', 'green', [], [], declaration([item('8703239000', 'Passenger car')], { direction: 'export' })],
  ])('%s → %s %j', (_, lane, checks, reasons, d) => {
    const assessment = policy.assess(d, noRandom);
    expect(assessment.lane).toBe(lane);
    expect(assessment.requiredChecks).toEqual(checks);
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(reasons);
  });
});

describe('inspection policy: random selection and sampling (双随机)', () => {
  it('rates AEO-advanced lowest and discredited highest', () => {
    expect(rates).toEqual({ 'aeo-advanced': 0.01, 'aeo-general': 0.02, registered: 0.05, discredited: 0.8 });
  });

  const laptops = (rating: CreditRating) => declaration([item('8471300000', 'Laptop computers', 'CHN')], by(rating));

  it.each<[CreditRating, number, number, boolean]>([
    ['aeo-advanced', 0.0099, 0.01, true],
    ['aeo-advanced', 0.01, 0.01, false],
    ['aeo-general', 0.0199, 0.02, true],
    ['registered', 0.0499, 0.05, true],
    ['registered', 0.05, 0.05, false],
    ['discredited', 0.79, 0.8, true],
    ['discredited', 0.8, 0.8, false],
  ])('%s enterprise drawing %d against %d: selected %s', (rating, value, rate, selected) => {
    const assessment = policy.assess(laptops(rating), { draw: value, randomSelection: true, alerts: [] });
    expect(assessment.draw).toEqual({ rate, value, selected });
    expect(assessment.lane).toBe(selected ? 'examination' : 'green');
    expect(assessment.requiredChecks).toEqual(selected ? ['physical', 'documents'] : []);
  });

  it.each<[string, number, boolean, Lane, string[]]>([
    ['a draw under the food sampling rate (10%) samples the wine', 0.07, true, 'examination', ['iq-food-labels', 'iq-food-sampling']],
    ['a draw above it leaves the labels review', 0.1, true, 'documents', ['iq-food-labels']],
    ['no sampling at all with random selection off', 0, false, 'documents', ['iq-food-labels']],
    ['a draw under the credit rate selects it too', 0.01, true, 'examination', ['iq-food-labels', 'iq-food-sampling', 'random-selection']],
  ])('%s', (_, draw, randomSelection, lane, reasons) => {
    const assessment = policy.assess(declaration([item('2204210000', 'Red wine, 750 ml', 'FRA')]), { draw, randomSelection, alerts: [] });
    expect(assessment.lane).toBe(lane);
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(reasons);
    // A random selection of food asks for what the food rules ask for: sampling and lab.
    expect(assessment.requiredChecks).toEqual(lane === 'examination' ? ['sampling', 'lab'] : []);
  });
});

describe('inspection policy: alerts (执法互助)', () => {
  const durians = declaration([item('0810600000', 'Fresh durians', 'THA')], { transport: { mode: '4', conveyance: '桂F·12345', billOfLading: 'RD-9' } });
  it.each<[string, ActiveAlert]>([
    ['enterprise', { id: 'A-1', subject: { kind: 'enterprise', value: ENTERPRISE.registered }, action: 'examine', reason: 'false certificates' }],
    ['conveyance', { id: 'A-2', subject: { kind: 'conveyance', value: '桂F12345' }, action: 'examine', reason: 'pest found last trip' }],
    ['commodity', { id: 'A-3', subject: { kind: 'commodity', value: '081060' }, action: 'examine', reason: 'quarantine pest' }],
    ['origin', { id: 'A-4', subject: { kind: 'origin', value: 'THA' }, action: 'hold', reason: 'fruit fly outbreak' }],
  ])('adds the alert on the %s to the reasons', (_, alert) => {
    const assessment = policy.assess(durians, { ...noRandom, alerts: [alert] });
    expect(assessment.lane).toBe('examination');
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(['iq-fruit-vegetables', `alert:${alert.id}`]);
    expect(assessment.hold).toEqual(alert.action === 'hold' ? { reason: `alert:${alert.id}: ${alert.reason}`, alertId: alert.id } : undefined);
  });
});

describe('inspection policy: priority', () => {
  it.each<[string, number, CaseDeclaration]>([
    ['chilled salmon from an AEO-advanced enterprise', 3, declaration([item('0302140000', 'Chilled salmon', 'NOR')], by('aeo-advanced'))],
    ['chilled salmon', 2, declaration([item('0302140000', 'Chilled salmon', 'NOR')])],
    ['frozen beef from an AEO-advanced enterprise', 2, declaration([item('0202300090', 'Frozen beef', 'BRA')], by('aeo-advanced'))],
    ['frozen beef', 0, declaration([item('0202300090', 'Frozen beef', 'BRA')])],
  ])('%s → %i', (_, priority, d) => {
    expect(policy.assess(d, noRandom).priority).toBe(priority);
  });
});

describe('inspection policy: release', () => {
  const decider = agencyCaseDecider(policy);
  const now = new Date('2026-11-23T08:00:00.000Z');
  const opened = (d: CaseDeclaration): AgencyCaseState =>
    decider.evolve(decider.initialState(), { type: 'CaseOpened', data: { agency: 'inspection', declaration: d, routingReasons: [], arrived: true, openedAt: now.toISOString() } });

  it.each<[string, boolean, Partial<AgencyCaseState>]>([
    ['a green case never examined', true, { lane: 'green', examination: 'none' }],
    ['a passed examination (the officer releases)', false, { lane: 'examination', examination: 'passed' }],
    ['a green case an officer had examined', false, { lane: 'green', examination: 'passed' }],
    ['a documents-lane case', false, { lane: 'documents', examination: 'none' }],
  ])('releases itself after %s: %s', (_, expected, partial) => {
    expect(policy.releasesAutomatically!({ ...opened(declaration([item('8471300000', 'Laptops')])), assessed: true, ...partial })).toBe(expected);
  });

  it('collects no duties and blocks only on the common conditions', () => {
    expect(policy.assessDuties).toBeUndefined();
    expect(policy.releaseBlockers({ ...opened(declaration([item('0202300090', 'Frozen beef')])), assessed: true, lane: 'green' })).toEqual([]);
    expect(policy.releaseBlockers(opened(declaration([item('0202300090', 'Frozen beef')])))).toEqual(['not-assessed']);
  });

  it.each([
    ['the category checks for meat', declaration([item('0202300090', 'Frozen beef')]), ['scan', 'physical', 'sampling', 'lab']],
    ['the category checks for wine (sampling and lab)', declaration([item('2204210000', 'Red wine')]), ['sampling', 'lab']],
    ['the default for goods off the catalogue', declaration([item('8471300000', 'Laptops')]), ['physical', 'documents']],
  ])("asks for %s when an officer decides to examine", (_, d, checks) => {
    const state = { ...opened(d), assessed: true, lane: 'green' as const };
    expect(decider.decide({ type: 'Decide', decision: 'examine', reason: 'tip-off', officer: 'officer:inspection:wang', now }, state)).toEqual([
      { type: 'ExaminationRequested', data: { reason: 'tip-off', by: 'officer:inspection:wang', checks, requestedAt: now.toISOString() } },
    ]);
  });
});

describe('inspection policy: release first, conformity later (先放后检)', () => {
  it.each<[string, string, boolean]>([
    ['iron ore fines', '2601110000', true],
    ['crude petroleum', '2709000000', true],
    ['frozen beef', '0202300090', false],
    ['laptops', '8471300000', false],
  ])('%s (%s): conditional release %s', (_, hsCode, expected) => {
    const declaration = {
      declarationId: 'd-1', mode: 'standard' as const, direction: 'import' as const, declarant: { uscc: '91350206MA8U3K5B13', name: 'Xiamen Ludao' },
      customsOffice: '3700', portOfEntry: '3700', transport: { mode: '2', conveyance: 'CAPE ORE', billOfLading: 'B1' }, tradeMode: '0110', incoterm: 'CFR', currency: 'USD',
      items: [{ hsCode, description: 'goods', quantity: 1, unit: '035', value: 100, originCountry: 'AUS' }], documents: [],
    };
    expect(inspectionPolicy.conditionalRelease!(declaration)).toBe(expected);
  });
});
