import { referenceData, type CreditRating } from '@sw/reference-data';
import { agencyCaseDecider, loadRandomSelectionRates, loadRiskRules, type AgencyCaseState } from '@sw/agency-case';
import type { ActiveAlert, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';
import { borderPolicy } from '../border-policy.seeds';

// Border check as the seeds define it: seeds/risk/border-rules.json (conveyances sampled by
// rate, always-checked goods), seeds/risk/random-selection.json.

const reference = referenceData();
const rules = loadRiskRules('border');
const rates = loadRandomSelectionRates('border');
const policy = borderPolicy;

const ENTERPRISE: Record<CreditRating, string> = {
  'aeo-advanced': '91310115MA1HK7Q24A', // Shanghai Puyuan International Trading
  'aeo-general': '91451481MA5L2P7H8U', // Pingxiang Youyi Fruit & Vegetable Trading
  registered: '91150781MA0Q6R1N11', // Manzhouli Beijiang Timber
  discredited: '91330782MA2E7G6J9Y', // Yiwu Xingchen Toys
};

type Item = CaseDeclaration['items'][number];
const item = (hsCode: string, description: string, originCountry = 'RUS'): Item => ({ hsCode, description, quantity: 10, unit: '007', value: 50000, originCountry });
const ROAD = { mode: '4', conveyance: '蒙K·A1234', billOfLading: 'RD-20261123-01' };
const RAIL = { mode: '3', conveyance: 'X8024', voyage: '20261123', billOfLading: 'CIM-778812' };
const SEA = { mode: '2', conveyance: 'HAI FENG 7', billOfLading: 'HF-1' };

function declaration(items: Item[], overrides: Partial<CaseDeclaration> = {}): CaseDeclaration {
  return {
    declarationId: 'd-border',
    mode: 'standard',
    direction: 'import',
    declarant: { uscc: ENTERPRISE.registered, name: 'Manzhouli Beijiang Timber Co., Ltd.' },
    customsOffice: '0600',
    portOfEntry: '0600',
    transport: ROAD,
    tradeMode: '0110',
    incoterm: 'DAP',
    currency: 'USD',
    items,
    documents: [],
    ...overrides,
  };
}
const by = (rating: CreditRating) => ({ declarant: { uscc: ENTERPRISE[rating], name: rating } });
const logsByRoad = declaration([item('4403990090', 'Birch logs')]);

describe('border policy: the seeds', () => {
  it('names transport modes that cross a land border, and codes that exist', () => {
    for (const rule of rules.items) {
      for (const mode of rule.when.transportModes ?? []) expect([rule.id, reference.transportMode(mode)?.crossesLandBorder]).toEqual([rule.id, true]);
      for (const prefix of rule.when.hsPrefixes ?? []) expect([rule.id, reference.hsEntry(prefix)?.code]).toEqual([rule.id, prefix]);
      for (const origin of rule.when.origins ?? []) expect([rule.id, reference.country(origin)?.alpha3]).toEqual([rule.id, origin]);
    }
  });
});

describe('border policy: lanes, reasons and checks', () => {
  it.each<[string, number, boolean, Lane, CheckKind[], string[], CaseDeclaration]>([
    ['a truck sampled (draw under 10%)', 0.05, true, 'examination', ['scan', 'vehicle', 'crew'], ['bc-road-conveyance'], logsByRoad],
    ['a truck not sampled', 0.5, true, 'green', [], [], logsByRoad],
    ['a truck with random selection off: no sampling', 0, false, 'green', [], [], logsByRoad],
    ['a train sampled (draw under 5%)', 0.04, true, 'examination', ['scan', 'vehicle', 'crew'], ['bc-rail-conveyance'], declaration([item('4403990090', 'Birch logs')], { transport: RAIL })],
    ['a train not sampled', 0.06, true, 'green', [], [], declaration([item('4403990090', 'Birch logs')], { transport: RAIL })],
    ['a truck from Myanmar under the anti-narcotics rate (30%)', 0.2, true, 'examination', ['scan', 'vehicle', 'crew'], ['bc-golden-triangle-road'], declaration([item('0810600000', 'Fresh durians', 'MMR')])],
    ['a truck from Myanmar above it', 0.35, true, 'green', [], [], declaration([item('0810600000', 'Fresh durians', 'MMR')])],
    ['sporting guns, whatever the draw', 0.9, false, 'examination', ['scan', 'vehicle', 'crew', 'documents'], ['bc-arms-explosives'], declaration([item('9303200000', 'Sporting shotguns', 'ITA')])],
    ['fireworks on a train', 0.9, true, 'examination', ['scan', 'vehicle', 'crew', 'documents'], ['bc-arms-explosives'], declaration([item('3604100000', 'Fireworks', 'CHN')], { transport: RAIL, direction: 'export' })],
    ['ephedrine leaving by road', 0.9, false, 'examination', ['vehicle', 'documents'], ['bc-precursors-by-land'], declaration([item('2939410000', 'Ephedrine hydrochloride', 'CHN')], { direction: 'export' })],
    ['ephedrine arriving by road', 0.9, false, 'green', [], [], declaration([item('2939410000', 'Ephedrine hydrochloride', 'IND')])],
    ['every selecting rule at once: the union of their checks', 0.01, true, 'examination', ['scan', 'vehicle', 'crew', 'documents'], ['bc-road-conveyance', 'bc-golden-triangle-road', 'bc-arms-explosives', 'random-selection'], declaration([item('9303200000', 'Shotguns', 'MMR')])],
  ])('%s', (_, draw, randomSelection, lane, checks, reasons, d) => {
    const assessment = policy.assess(d, { draw, randomSelection, alerts: [] });
    expect(assessment.lane).toBe(lane);
    expect(assessment.requiredChecks).toEqual(checks);
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(reasons);
  });

  it('says at what rate a conveyance was sampled', () => {
    expect(policy.assess(logsByRoad, { draw: 0.05, randomSelection: true, alerts: [] }).reasons).toEqual([
      {
        rule: 'bc-road-conveyance', description: 'Road vehicle crossing a land border: vehicle and driver check [sampled at 10%]',
        code: 'risk.rule-sampled', params: { rule: 'bc-road-conveyance', description: 'Road vehicle crossing a land border: vehicle and driver check', descriptionZh: '公路车辆经陆路边境出入境：车辆及驾驶员检查', rate: '10%' },
      },
    ]);
  });
});

describe('border policy: random selection (双随机)', () => {
  it('rates AEO-advanced lowest and discredited highest', () => {
    expect(rates).toEqual({ 'aeo-advanced': 0.005, 'aeo-general': 0.01, registered: 0.02, discredited: 0.1 });
  });

  // By sea, so that no conveyance rule samples it and only the credit draw decides.
  it.each<[CreditRating, number, number, boolean, CheckKind[]]>([
    ['aeo-advanced', 0.004, 0.005, true, ['crew', 'documents']],
    ['aeo-advanced', 0.006, 0.005, false, []],
    ['aeo-general', 0.009, 0.01, true, ['crew', 'documents']],
    ['registered', 0.019, 0.02, true, ['crew', 'documents']],
    ['registered', 0.02, 0.02, false, []],
    ['discredited', 0.09, 0.1, true, ['crew', 'documents']],
  ])('%s enterprise drawing %d against %d: selected %s', (rating, value, rate, selected, checks) => {
    const assessment = policy.assess(declaration([item('4403990090', 'Birch logs')], { ...by(rating), transport: SEA }), { draw: value, randomSelection: true, alerts: [] });
    expect(assessment.draw).toEqual({ rate, value, selected });
    expect(assessment.lane).toBe(selected ? 'examination' : 'green');
    expect(assessment.requiredChecks).toEqual(checks);
  });

  it('checks vehicle and crew when the credit draw selects a land conveyance', () => {
    // A train drawing 0.09: above the rail sampling rate (5%), under the discredited rate (10%).
    const assessment = policy.assess(declaration([item('4403990090', 'Birch logs')], { ...by('discredited'), transport: RAIL }), { draw: 0.09, randomSelection: true, alerts: [] });
    expect(assessment).toMatchObject({ lane: 'examination', requiredChecks: ['scan', 'vehicle', 'crew'] });
    expect(assessment.reasons.map((reason) => reason.rule)).toEqual(['random-selection']);
  });
});

describe('border policy: alerts (执法互助)', () => {
  const noRandom = { draw: 0.5, randomSelection: false };
  it.each<[string, boolean, ActiveAlert]>([
    ['a plate written without the dot', true, { id: 'B-1', subject: { kind: 'conveyance', value: '蒙KA1234' }, action: 'hold', reason: 'driver on the watch list' }],
    ['the enterprise', true, { id: 'B-2', subject: { kind: 'enterprise', value: ENTERPRISE.registered }, action: 'examine', reason: 'smuggling of people suspected' }],
    ['a commodity chapter', true, { id: 'B-3', subject: { kind: 'commodity', value: '44' }, action: 'examine', reason: 'hidden compartments in timber loads' }],
    ['the origin', true, { id: 'B-4', subject: { kind: 'origin', value: 'RUS' }, action: 'examine', reason: 'border incident' }],
    ['another plate', false, { id: 'B-5', subject: { kind: 'conveyance', value: '蒙K·B9999' }, action: 'hold', reason: 'other truck' }],
  ])('matches %s: %s', (_, matches, alert) => {
    const assessment = policy.assess(logsByRoad, { ...noRandom, alerts: [alert] });
    expect(assessment.lane).toBe(matches ? 'examination' : 'green');
    expect(assessment.requiredChecks).toEqual(matches ? ['scan', 'vehicle', 'crew'] : []);
    expect(assessment.hold).toEqual(matches && alert.action === 'hold' ? { reason: `alert:${alert.id}: ${alert.reason}`, alertId: alert.id } : undefined);
  });
});

describe('border policy: priority', () => {
  it.each<[string, number, CaseDeclaration]>([
    ['fresh durians from an AEO-advanced enterprise', 3, declaration([item('0810600000', 'Fresh durians', 'THA')], by('aeo-advanced'))],
    ['fresh durians', 2, declaration([item('0810600000', 'Fresh durians', 'THA')])],
    ['logs from an AEO-advanced enterprise', 2, declaration([item('4403990090', 'Birch logs')], by('aeo-advanced'))],
    ['logs', 0, logsByRoad],
  ])('%s → %i', (_, priority, d) => {
    expect(policy.assess(d, { draw: 0.5, randomSelection: false, alerts: [] }).priority).toBe(priority);
  });
});

describe('border policy: release', () => {
  const decider = agencyCaseDecider(policy);
  const now = new Date('2026-11-23T08:00:00.000Z');
  const opened = (d: CaseDeclaration, arrived = true): AgencyCaseState =>
    decider.evolve(decider.initialState(), { type: 'CaseOpened', data: { agency: 'border', declaration: d, routingReasons: [], arrived, openedAt: now.toISOString() } });

  it.each<[string, boolean, Partial<AgencyCaseState>]>([
    ['a green case', true, { lane: 'green', examination: 'none' }],
    ['a passed vehicle and crew check', true, { lane: 'examination', examination: 'passed' }],
    ['a failed check', false, { lane: 'examination', examination: 'failed' }],
  ])('releases itself after %s: %s', (_, expected, partial) => {
    expect(policy.releasesAutomatically!({ ...opened(logsByRoad), assessed: true, ...partial })).toBe(expected);
  });

  it('waits for the conveyance to arrive and collects no duties', () => {
    expect(policy.assessDuties).toBeUndefined();
    expect(policy.releaseBlockers({ ...opened(logsByRoad, false), assessed: true, lane: 'green' })).toEqual(['awaiting-arrival']);
  });

  it.each([
    ['vehicle and crew for a land conveyance', logsByRoad, ['scan', 'vehicle', 'crew']],
    ['crew and documents otherwise', declaration([item('4403990090', 'Birch logs')], { transport: SEA }), ['crew', 'documents']],
  ])('asks for %s when an officer decides to examine', (_, d, checks) => {
    const state = { ...opened(d), assessed: true, lane: 'green' as const };
    expect(decider.decide({ type: 'Decide', decision: 'examine', reason: 'tip-off', officer: 'officer:border:zhao', now }, state)).toEqual([
      { type: 'ExaminationRequested', data: { reason: 'tip-off', by: 'officer:border:zhao', checks, requestedAt: now.toISOString() } },
    ]);
  });
});
