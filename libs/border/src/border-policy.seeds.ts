import * as path from 'node:path';
import type { AgencyPolicy } from '@sw/agency-case';
import { defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, riskRulesFile, policyInForce } from '@sw/agency-case';
import { versionedExchangeRates, referenceData, type ReferenceData } from '@sw/reference-data';
import { CHECK_KINDS } from '@sw/shipment';
import { createBorderPolicy, type BorderRuleFile } from './domain/border-policy';

/** The border-check policy from the risk seeds (seeds/risk/border-rules.json). */
export function loadBorderPolicy(reference: ReferenceData = referenceData(), riskDirectory = defaultRiskDirectory()): AgencyPolicy {
  const rules = loadRiskRules('border', riskDirectory) as BorderRuleFile;
  const checks: unknown = rules.landConveyanceChecks;
  if (!Array.isArray(checks) || !checks.length || !checks.every((check) => CHECK_KINDS.includes(check))) {
    throw new Error(`risk seed ${path.join(riskDirectory, riskRulesFile('border'))}: landConveyanceChecks must list check kinds`);
  }
  return createBorderPolicy({ reference, rules, randomSelection: loadRandomSelectionRates('border', riskDirectory), exchangeRates: versionedExchangeRates() });
}

let loaded: { reference: ReferenceData; policy: AgencyPolicy } | undefined;
/**
 * Built on first use, and again whenever the reference lists in force change (a new version of
 * the inspection list or another list imported, or its effective day reached): the risk engine
 * uses what is in force without a restart.
 */
const seeded = () => {
  const reference = referenceData();
  if (loaded?.reference !== reference) loaded = { reference, policy: loadBorderPolicy(reference) };
  return loaded.policy;
};

/** The border-check policy of the default seeds, read on first use. */
export const borderPolicy: AgencyPolicy = policyInForce('border', seeded);
