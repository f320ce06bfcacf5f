import { chinaDate, type CreditRating, type ExchangeRates, type ReferenceData } from '@sw/reference-data';
import {
  alertMatches, consigneeOf, mostSevereLane, orderedChecks, type ActiveAlert, type Agency, type CaseDeclaration, type CheckKind, type Lane,
} from '@sw/shipment';
import type { RandomDraw, RiskReason } from './agency-case.events';
import type { RiskAssessment } from './agency-policy';

/**
 * 风险布控: what selects a shipment, as data (seeds/risk/<agency>-rules.json) read by one small
 * engine that the three agencies share. A rule matches when every condition it states holds;
 * a list condition holds when any of its values does. Item conditions (commodity, origin, unit
 * value, inspection category, description) must hold for one and the same goods item, so that
 * "frozen beef from Hong Kong" does not match beef from Brazil next to shoes from Hong Kong.
 */
export interface RuleConditions {
  /** Item: the commodity code starts with one of these (chapter, heading, subheading…). */
  hsPrefixes?: string[];
  /** Item: ISO 3166-1 alpha-3 origin. */
  origins?: string[];
  /** Item: its inspection-catalogue entry (for the declaration's direction) has one of these categories. */
  inspectionCategories?: string[];
  /** Item: its description matches one of these regular expressions (case-insensitive), e.g. used goods (旧机电). */
  descriptionPatterns?: string[];
  /** Item: declared value per unit of quantity, in CNY, below this (suspected undervaluation). */
  unitValueBelowCny?: number;
  /** Declarant USCC. */
  enterprises?: string[];
  /** The declarant's customs credit rating. */
  creditRatings?: CreditRating[];
  /** The whole declaration's value in CNY above this. */
  valueAboveCny?: number;
  /** 监管方式 code. */
  tradeModes?: string[];
  /** 运输方式 code. */
  transportModes?: string[];
  direction?: 'import' | 'export';
}

export interface RiskRule {
  id: string;
  description: string;
  /** The description in Chinese, as officers read it (the English one where a file gives none). */
  descriptionZh?: string;
  when: RuleConditions;
  lane: Lane;
  /** What an examination must cover for this rule (examination lane); the agency's default when absent. */
  checks?: CheckKind[];
  /**
   * A sampling rate: the rule selects only when the assessment's recorded draw is below it (and
   * random selection is on). One draw decides every random element of an assessment, so a
   * shipment under a rule rate r and a credit rate c is selected with probability max(r, c).
   */
  rate?: number;
}

/** seeds/risk/<agency>-rules.json */
export interface RiskRuleFile {
  source: string;
  agency: Agency;
  /** What an examination covers when the rules that select it name no checks (random selection, alerts). */
  examinationChecks: CheckKind[];
  items: RiskRule[];
}

export type RandomSelectionRates = Readonly<Record<CreditRating, number>>;

/** seeds/risk/random-selection.json: 双随机 rates per agency and credit rating. */
export interface RandomSelectionFile {
  source: string;
  rates: Record<Agency, Record<CreditRating, number>>;
}

/** What an agency's risk assessment needs besides its rules. */
export interface RiskProfile {
  agency: Agency;
  rules: readonly RiskRule[];
  randomSelection: RandomSelectionRates;
  reference: ReferenceData;
  exchangeRates: ExchangeRates;
  /** The checks an examination covers when the outcomes that select it name none. */
  examinationChecks(declaration: CaseDeclaration): CheckKind[];
}

/** One reason to put a shipment in a lane; the assessment keeps the most severe lane of all. */
export interface RiskOutcome {
  lane: Lane;
  reason: RiskReason;
  checks?: CheckKind[];
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** The customs exchange rates of the day a declaration was filed (China time): the month's table in force then. */
export function ratesOfDeclaration(declaration: Pick<CaseDeclaration, 'declaredAt'>, rates: ExchangeRates): ExchangeRates {
  return rates.on(declaration.declaredAt ? chinaDate(declaration.declaredAt) : undefined);
}

/** The declaration's value in CNY, at the rates of its day; undefined when an item has no value or the currency has no rate. */
export function declarationValueCny(declaration: CaseDeclaration, rates: ExchangeRates): number | undefined {
  return valueAtRates(declaration, ratesOfDeclaration(declaration, rates));
}

/** The declaration's value in CNY at a month's table already chosen. */
function valueAtRates(declaration: CaseDeclaration, rates: ExchangeRates): number | undefined {
  const rate = rates.cnyPerUnit(declaration.currency);
  if (rate === undefined || declaration.items.some((item) => typeof item.value !== 'number')) return undefined;
  return round2(declaration.items.reduce((sum, item) => sum + (item.value ?? 0) * rate, 0));
}

type Item = CaseDeclaration['items'][number];

function itemMatches(when: RuleConditions, item: Item, declaration: CaseDeclaration, profile: RiskProfile): boolean {
  if (when.hsPrefixes && !when.hsPrefixes.some((prefix) => item.hsCode.startsWith(prefix))) return false;
  if (when.origins && !when.origins.includes(item.originCountry.toUpperCase())) return false;
  if (when.inspectionCategories) {
    const entry = inspectionEntryFor(item.hsCode, declaration.direction, profile.reference);
    if (!entry || !when.inspectionCategories.includes(entry.category)) return false;
  }
  if (when.descriptionPatterns && !when.descriptionPatterns.some((pattern) => descriptionPattern(pattern).test(item.description))) return false;
  if (when.unitValueBelowCny !== undefined) {
    const rate = profile.exchangeRates.cnyPerUnit(declaration.currency);
    if (rate === undefined || typeof item.value !== 'number' || !(item.quantity > 0)) return false;
    if (!((item.value * rate) / item.quantity < when.unitValueBelowCny)) return false;
  }
  return true;
}

const ITEM_CONDITIONS: (keyof RuleConditions)[] = ['hsPrefixes', 'origins', 'inspectionCategories', 'descriptionPatterns', 'unitValueBelowCny'];

const patterns = new Map<string, RegExp>();
export const descriptionPattern = (source: string): RegExp => {
  let pattern = patterns.get(source);
  if (!pattern) patterns.set(source, (pattern = new RegExp(source, 'iu')));
  return pattern;
};

/** The items (1-based) a rule matches, or null when the rule does not match the declaration. */
function ruleMatches(rule: RiskRule, declaration: CaseDeclaration, profile: RiskProfile): number[] | null {
  const { when } = rule;
  if (when.direction && when.direction !== declaration.direction) return null;
  if (when.tradeModes && !when.tradeModes.includes(declaration.tradeMode)) return null;
  if (when.transportModes && !when.transportModes.includes(String(declaration.transport.mode).toUpperCase())) return null;
  if (when.enterprises && !when.enterprises.includes(consigneeOf(declaration).uscc)) return null;
  if (when.creditRatings && !when.creditRatings.includes(profile.reference.creditRating(consigneeOf(declaration).uscc))) return null;
  if (when.valueAboveCny !== undefined) {
    const value = valueAtRates(declaration, profile.exchangeRates);
    if (value === undefined || !(value > when.valueAboveCny)) return null;
  }
  if (!ITEM_CONDITIONS.some((key) => when[key] !== undefined)) return [];
  const items = declaration.items.flatMap((item, index) => (itemMatches(when, item, declaration, profile) ? [index + 1] : []));
  return items.length ? items : null;
}

/**
 * The inspection-catalogue entry of a commodity when it applies in this direction: supervision
 * condition A is inbound inspection, B outbound (a vehicle on the list is inspected on import only).
 */
export function inspectionEntryFor(hsCode: string, direction: 'import' | 'export', reference: ReferenceData) {
  const entry = reference.inspectionEntry(hsCode);
  if (!entry) return undefined;
  return entry.supervisionConditions.includes(direction === 'import' ? 'A' : 'B') ? entry : undefined;
}

/** The rules that select a declaration, as outcomes; rated rules only when random selection is on. */
export function matchRules(profile: RiskProfile, declaration: CaseDeclaration, input: { draw: number; randomSelection: boolean }): RiskOutcome[] {
  const outcomes: RiskOutcome[] = [];
  // The month's exchange rates of the day the declaration was filed, chosen once for every rule.
  const atRates: RiskProfile = { ...profile, exchangeRates: ratesOfDeclaration(declaration, profile.exchangeRates) };
  for (const rule of profile.rules) {
    if (rule.rate !== undefined && !(input.randomSelection && input.draw < rule.rate)) continue;
    const items = ruleMatches(rule, declaration, atRates);
    if (!items) continue;
    const where = items.length ? ` (item${items.length > 1 ? 's' : ''} ${items.join(', ')})` : '';
    const sampled = rule.rate !== undefined ? ` [sampled at ${formatRate(rule.rate)}]` : '';
    const code = `risk.rule${items.length ? '-items' : ''}${rule.rate !== undefined ? '-sampled' : ''}`;
    const params = {
      rule: rule.id, description: rule.description, descriptionZh: rule.descriptionZh ?? rule.description,
      ...(items.length ? { items: items.join(', ') } : {}), ...(rule.rate !== undefined ? { rate: formatRate(rule.rate) } : {}),
    };
    outcomes.push({ lane: rule.lane, reason: { rule: rule.id, description: `${rule.description}${where}${sampled}`, code, params }, checks: rule.checks });
  }
  return outcomes;
}

const formatRate = (rate: number) => `${+(rate * 100).toFixed(2)}%`;

/** 双随机: the draw against the declarant's credit rating; null when random selection is off. */
export function randomSelection(profile: RiskProfile, declaration: CaseDeclaration, input: { draw: number; randomSelection: boolean }): { draw: RandomDraw | null; outcome?: RiskOutcome } {
  if (!input.randomSelection) return { draw: null };
  const rating = profile.reference.creditRating(consigneeOf(declaration).uscc);
  const rate = profile.randomSelection[rating];
  const draw: RandomDraw = { rate, value: input.draw, selected: input.draw < rate };
  if (!draw.selected) return { draw };
  const reason = {
    rule: 'random-selection', description: `Random selection (双随机) at ${formatRate(rate)} for a ${rating} enterprise: drew ${input.draw}`,
    code: 'risk.random-selection', params: { rate: formatRate(rate), rating, draw: input.draw },
  };
  return { draw, outcome: { lane: 'examination', reason } };
}

/** Matching alerts steer to examination; an alert with action "hold" also holds the case. */
export function alertOutcomes(declaration: CaseDeclaration, alerts: readonly ActiveAlert[]): { outcomes: RiskOutcome[]; hold?: { reason: string; alertId: string } } {
  const matching = alerts.filter((alert) => alertMatches(alert.subject, declaration));
  const outcomes = matching.map((alert): RiskOutcome => ({
    lane: 'examination',
    reason: {
      rule: `alert:${alert.id}`, description: `Enforcement alert (执法互助) on ${alert.subject.kind} ${alert.subject.value}: ${alert.reason}`,
      code: 'risk.alert', params: { alertId: alert.id, kind: alert.subject.kind, value: alert.subject.value, reason: alert.reason },
    },
  }));
  const holding = matching.find((alert) => alert.action === 'hold');
  return holding ? { outcomes, hold: { reason: `alert:${holding.id}: ${holding.reason}`, alertId: holding.id } } : { outcomes };
}

/**
 * Work order: perishable goods (鲜活易腐, from the inspection catalogue) and AEO-advanced
 * enterprises (高级认证: 优先办理, 海关总署令第251号 高级认证企业管理措施 (三)) first. 3 both, 2 either, 0 otherwise.
 */
export function casePriority(declaration: CaseDeclaration, reference: ReferenceData): number {
  const perishable = declaration.items.some((item) => reference.inspectionEntry(item.hsCode)?.perishable === true);
  const aeoAdvanced = reference.creditRating(consigneeOf(declaration).uscc) === 'aeo-advanced';
  return perishable && aeoAdvanced ? 3 : perishable || aeoAdvanced ? 2 : 0;
}

/**
 * The risk assessment every agency makes: its rules, 双随机 and the active alerts, combined into
 * the most severe lane. Required checks (examination lane only) are the union of what the
 * selecting outcomes ask for, the agency's default where one names none.
 */
export function assessRisk(
  profile: RiskProfile,
  declaration: CaseDeclaration,
  input: { draw: number; randomSelection: boolean; alerts: readonly ActiveAlert[] },
): RiskAssessment {
  const random = randomSelection(profile, declaration, input);
  const alerts = alertOutcomes(declaration, input.alerts);
  const outcomes = [...matchRules(profile, declaration, input), ...(random.outcome ? [random.outcome] : []), ...alerts.outcomes];
  const lane = mostSevereLane(outcomes.map((outcome) => outcome.lane));
  const requiredChecks: CheckKind[] = [];
  if (lane === 'examination') {
    for (const outcome of outcomes) {
      if (outcome.checks?.length) requiredChecks.push(...outcome.checks);
      else if (outcome.lane === 'examination') requiredChecks.push(...profile.examinationChecks(declaration));
    }
  }
  return {
    lane,
    reasons: outcomes.map((outcome) => outcome.reason),
    draw: random.draw,
    requiredChecks: orderedChecks(requiredChecks),
    priority: casePriority(declaration, profile.reference),
    ...(alerts.hold ? { hold: alerts.hold } : {}),
  };
}
