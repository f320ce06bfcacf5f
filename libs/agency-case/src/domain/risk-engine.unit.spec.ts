import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { alertMatches, mostSevereLane, type CaseDeclaration } from '@sw/shipment';
import { defaultRiskDirectory, RANDOM_SELECTION_FILE, validateRuleFile, type RiskRuleFile } from '@sw/agency-case';

// The shared risk engine's own edges; what the rules select is specified per agency, from the seeds.

describe('risk profile: rule files are checked when loaded', () => {
  const file = (rule: Record<string, unknown>): RiskRuleFile =>
    ({ source: 'test', agency: 'customs', examinationChecks: ['scan'], items: [{ id: 'r-1', description: 'a rule', lane: 'documents', when: { direction: 'import' }, ...rule }] }) as RiskRuleFile;

  it('accepts a well-formed rule', () => {
    expect(() => validateRuleFile(file({}), 'test.json')).not.toThrow();
  });

  it.each([
    ['an unknown condition (a typo would never match)', file({ when: { hsPrefix: ['0202'] } }), /unknown condition "hsPrefix"/],
    ['a rule without conditions', file({ when: {} }), /no conditions/],
    ['an unknown lane', file({ lane: 'red' }), /unknown lane "red"/],
    ['an unknown check kind', file({ checks: ['x-ray'] }), /unknown check kind/],
    ['a rate above 1', file({ rate: 10 }), /rate outside \[0, 1\]/],
    ['an empty list', file({ when: { origins: [] } }), /origins must be a non-empty list/],
    ['an unknown credit rating', file({ when: { creditRatings: ['aaa'] } }), /unknown credit rating/],
    ['a pattern that is not a regular expression', file({ when: { descriptionPatterns: ['(used'] } }), /not a regular expression/],
    ['a negative threshold', file({ when: { valueAboveCny: -1 } }), /non-negative number/],
  ])('rejects %s', (_, bad, message) => {
    expect(() => validateRuleFile(bad, 'test.json')).toThrow(message);
  });

  it('rejects the same id twice', () => {
    const twice = file({});
    twice.items.push({ ...twice.items[0]! });
    expect(() => validateRuleFile(twice, 'test.json')).toThrow(/"r-1" appears twice/);
  });
});

describe('risk profile: where the seeds are', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sw-risk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses $SEEDS_DIR/risk', () => {
    mkdirSync(path.join(dir, 'risk'));
    expect(defaultRiskDirectory({ SEEDS_DIR: dir })).toBe(path.join(dir, 'risk'));
  });

  it('uses $SEEDS_DIR itself when it holds the risk files', () => {
    writeFileSync(path.join(dir, RANDOM_SELECTION_FILE), '{}');
    expect(defaultRiskDirectory({ SEEDS_DIR: dir })).toBe(dir);
  });

  it('says so when $SEEDS_DIR holds no risk seeds', () => {
    expect(() => defaultRiskDirectory({ SEEDS_DIR: dir })).toThrow(/holds the risk seeds/);
  });

  it('says so when there is no project root above', () => {
    expect(() => defaultRiskDirectory({}, dir)).toThrow(/set SEEDS_DIR/);
  });
});

describe('risk profile: small rules', () => {
  it.each([
    [[], 'green'],
    [['documents', 'green'], 'documents'],
    [['green', 'examination', 'documents'], 'examination'],
  ] as const)('the most severe of %j is %s', (lanes, lane) => {
    expect(mostSevereLane(lanes)).toBe(lane);
  });

  it('never matches an alert with a blank subject', () => {
    const declaration = { declarant: { uscc: '', name: '' }, transport: { mode: '4', conveyance: '', billOfLading: '' }, items: [{ hsCode: '0202300090', originCountry: 'BRA' }] } as unknown as CaseDeclaration;
    for (const kind of ['enterprise', 'conveyance', 'commodity', 'origin'] as const) {
      expect(alertMatches({ kind, value: ' ' }, declaration)).toBe(false);
    }
  });
});
