import type { AgencyPolicy } from '@sw/agency-case';
import { defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules } from '@sw/agency-case';
import { exchangeRates, referenceData, type ReferenceData } from '@sw/reference-data';
import { createInspectionPolicy } from './domain/inspection-policy';

/** The inspection & quarantine policy from the risk seeds (seeds/risk/inspection-rules.json). */
export function loadInspectionPolicy(reference: ReferenceData = referenceData(), riskDirectory = defaultRiskDirectory()): AgencyPolicy {
  return createInspectionPolicy({
    reference,
    rules: loadRiskRules('inspection', riskDirectory),
    randomSelection: loadRandomSelectionRates('inspection', riskDirectory),
    exchangeRates: exchangeRates(),
  });
}

let loaded: AgencyPolicy | undefined;
const seeded = () => (loaded ??= loadInspectionPolicy());

/** The inspection & quarantine policy of the default seeds, read on first use. */
export const inspectionPolicy: AgencyPolicy = {
  agency: 'inspection',
  assess: (declaration, input) => seeded().assess(declaration, input),
  releaseBlockers: (state) => seeded().releaseBlockers(state),
  releasesAutomatically: (state) => seeded().releasesAutomatically!(state),
  examinationChecks: (state) => seeded().examinationChecks!(state),
  conditionalRelease: (declaration) => seeded().conditionalRelease!(declaration),
};
