import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { CreditRating } from '@sw/reference-data';
import { AGENCIES, CHECK_KINDS, LANES, type Agency, type CheckKind } from '@sw/shipment';
import { descriptionPattern, type RandomSelectionFile, type RandomSelectionRates, type RiskRuleFile, type RuleConditions } from './domain/risk-engine';

/**
 * The risk seeds (seeds/risk): each agency's rules and the 双随机 rates, read and checked at
 * start, so that a typo fails there and not as a silent non-match. The engine itself
 * (domain/risk-engine.ts) is given what is read here.
 */
export const RANDOM_SELECTION_FILE = 'random-selection.json';
export const riskRulesFile = (agency: Agency) => `${agency}-rules.json`;

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/**
 * Where the risk seeds are, found the way ReferenceData finds its own: `$SEEDS_DIR/risk` (or
 * `$SEEDS_DIR` itself when it holds them), else `seeds/risk` under the project root, the first
 * folder above `from` with a package.json and a seeds/ folder.
 */
export function defaultRiskDirectory(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  const configured = env['SEEDS_DIR'];
  if (configured) {
    const seeds = path.resolve(configured);
    const nested = path.join(seeds, 'risk');
    if (isDirectory(nested)) return nested;
    if (existsSync(path.join(seeds, RANDOM_SELECTION_FILE))) return seeds;
    throw new Error(`SEEDS_DIR=${configured}: neither ${nested} nor ${seeds} holds the risk seeds`);
  }
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && isDirectory(path.join(dir, 'seeds'))) return path.join(dir, 'seeds', 'risk');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json and seeds/) above ${from}; set SEEDS_DIR`);
    dir = parent;
  }
}

export function readJsonSeed<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`seed ${file} cannot be read: ${(err as Error).message}`);
  }
}

const CONDITION_KEYS: ReadonlySet<string> = new Set<keyof RuleConditions>([
  'hsPrefixes', 'origins', 'inspectionCategories', 'descriptionPatterns', 'unitValueBelowCny',
  'enterprises', 'creditRatings', 'valueAboveCny', 'tradeModes', 'transportModes', 'direction',
]);
const CREDIT_RATINGS: readonly CreditRating[] = ['aeo-advanced', 'aeo-general', 'registered', 'discredited'];

const isRate = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');
const checksValid = (value: unknown): value is CheckKind[] => Array.isArray(value) && value.every((v) => (CHECK_KINDS as readonly unknown[]).includes(v));

/** Checks a rule file's shape, so that a typo in a seed fails at start, not as a silent non-match. */
export function validateRuleFile(file: RiskRuleFile, where: string): RiskRuleFile {
  const fail = (message: string): never => {
    throw new Error(`risk seed ${where}: ${message}`);
  };
  if (typeof file?.source !== 'string' || !Array.isArray(file.items)) fail('is not { "source", "agency", "examinationChecks", "items": [...] }');
  if (!AGENCIES.includes(file.agency)) fail(`unknown agency "${String(file.agency)}"`);
  if (!checksValid(file.examinationChecks) || !file.examinationChecks.length) fail('examinationChecks must list check kinds');
  const ids = new Set<string>();
  for (const rule of file.items) {
    const at = `rule "${rule?.id}"`;
    if (typeof rule?.id !== 'string' || !rule.id) fail('a rule has no id');
    if (ids.has(rule.id)) fail(`${at} appears twice`);
    ids.add(rule.id);
    if (typeof rule.description !== 'string' || !rule.description) fail(`${at} has no description`);
    if (rule.descriptionZh !== undefined && (typeof rule.descriptionZh !== 'string' || !/[\u4e00-\u9fff]/.test(rule.descriptionZh))) fail(`${at} has a descriptionZh that is not Chinese`);
    if (!LANES.includes(rule.lane)) fail(`${at} has an unknown lane "${String(rule.lane)}"`);
    if (rule.checks !== undefined && !checksValid(rule.checks)) fail(`${at} has an unknown check kind`);
    if (rule.rate !== undefined && !isRate(rule.rate)) fail(`${at} has a rate outside [0, 1]`);
    const when = rule.when as Record<string, unknown> | undefined;
    if (!when || typeof when !== 'object' || !Object.keys(when).length) fail(`${at} has no conditions`);
    for (const [key, value] of Object.entries(when!)) {
      if (!CONDITION_KEYS.has(key)) fail(`${at} has an unknown condition "${key}"`);
      if (key === 'valueAboveCny' || key === 'unitValueBelowCny') {
        if (typeof value !== 'number' || value < 0) fail(`${at}: ${key} must be a non-negative number`);
      } else if (key === 'direction') {
        if (value !== 'import' && value !== 'export') fail(`${at}: direction is import or export`);
      } else if (!isStringList(value)) {
        fail(`${at}: ${key} must be a non-empty list of strings`);
      } else if (key === 'creditRatings' && !value.every((v) => (CREDIT_RATINGS as readonly string[]).includes(v))) {
        fail(`${at}: unknown credit rating`);
      } else if (key === 'descriptionPatterns') {
        for (const source of value) {
          try {
            descriptionPattern(source);
          } catch {
            fail(`${at}: "${source}" is not a regular expression`);
          }
        }
      }
    }
  }
  return file;
}

export function loadRiskRules(agency: Agency, directory: string = defaultRiskDirectory()): RiskRuleFile {
  const where = path.join(directory, riskRulesFile(agency));
  const file = validateRuleFile(readJsonSeed<RiskRuleFile>(where), where);
  if (file.agency !== agency) throw new Error(`risk seed ${where}: holds the ${file.agency} rules, not ${agency}`);
  return file;
}

export function loadRandomSelectionRates(agency: Agency, directory: string = defaultRiskDirectory()): RandomSelectionRates {
  const where = path.join(directory, RANDOM_SELECTION_FILE);
  const file = readJsonSeed<RandomSelectionFile>(where);
  const rates = file?.rates?.[agency];
  if (!rates || !CREDIT_RATINGS.every((rating) => isRate(rates[rating]))) {
    throw new Error(`risk seed ${where}: needs a rate in [0, 1] for ${agency} and every credit rating (${CREDIT_RATINGS.join(', ')})`);
  }
  return Object.freeze({ ...rates });
}
