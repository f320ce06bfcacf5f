import type { AgencyPolicy } from '@sw/agency-case';
import { defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, policyInForce } from '@sw/agency-case';
import { versionedExchangeRates, referenceData, type ReferenceData } from '@sw/reference-data';
import { createInspectionPolicy } from './domain/inspection-policy';

/** The inspection & quarantine policy from the risk seeds (seeds/risk/inspection-rules.json). */
export function loadInspectionPolicy(reference: ReferenceData = referenceData(), riskDirectory = defaultRiskDirectory()): AgencyPolicy {
  return createInspectionPolicy({
    reference,
    rules: loadRiskRules('inspection', riskDirectory),
    randomSelection: loadRandomSelectionRates('inspection', riskDirectory),
    exchangeRates: versionedExchangeRates(),
  });
}

let loaded: { reference: ReferenceData; policy: AgencyPolicy } | undefined;
/**
 * Built on first use, and again whenever the reference lists in force change (a new version of
 * the inspection list or another list imported, or its effective day reached): the risk engine
 * uses what is in force without a restart.
 */
const seeded = () => {
  const reference = referenceData();
  if (loaded?.reference !== reference) loaded = { reference, policy: loadInspectionPolicy(reference) };
  return loaded.policy;
};

/** The inspection & quarantine policy of the default seeds, read on first use. */
export const inspectionPolicy: AgencyPolicy = policyInForce('inspection', seeded);
