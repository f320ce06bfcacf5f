import type { AgencyPolicy, RandomSelectionRates, RiskProfile, RiskRuleFile } from '@sw/agency-case';
import { assessRisk, commonReleaseBlockers, matchRules } from '@sw/agency-case';
import type { ExchangeRates, ReferenceData } from '@sw/reference-data';
import { orderedChecks, type CaseDeclaration, type CheckKind } from '@sw/shipment';

export interface InspectionPolicyData {
  reference: ReferenceData;
  rules: RiskRuleFile;
  randomSelection: RandomSelectionRates;
  exchangeRates: ExchangeRates;
}

/**
 * Inspection & quarantine (检验检疫): rules by inspection-catalogue category
 * (seeds/risk/inspection-rules.json), 双随机 by credit rating. Only a green-lane case that was
 * never examined releases itself: after an examination the inspection officer releases (the
 * sampling and lab results are theirs to judge), and a documents-lane case waits for them too.
 */
export function createInspectionPolicy(data: InspectionPolicyData): AgencyPolicy {
  const profile: RiskProfile = {
    agency: 'inspection',
    rules: data.rules.items,
    randomSelection: data.randomSelection,
    reference: data.reference,
    exchangeRates: data.exchangeRates,
    examinationChecks: (declaration) => categoryChecks(declaration) ?? data.rules.examinationChecks,
  };

  /** What the examination rules ask for these goods (meat: physical, sampling, lab…), sampled rules included. */
  function categoryChecks(declaration: CaseDeclaration): CheckKind[] | undefined {
    const outcomes = matchRules(profile, declaration, { draw: 0, randomSelection: true }).filter((outcome) => outcome.lane === 'examination');
    const checks = orderedChecks(outcomes.flatMap((outcome) => outcome.checks ?? []));
    return checks.length ? checks : undefined;
  }

  return {
    agency: 'inspection',
    assess: (declaration, input) => assessRisk(profile, declaration, input),
    releaseBlockers: (state) => commonReleaseBlockers(state),
    releasesAutomatically: (state) => state.lane === 'green' && state.examination === 'none',
    // 先放后检: goods the catalogue marks (ores and concentrates, crude oil) leave before their conformity result.
    conditionalRelease: (declaration) => declaration.items.some((item) => data.reference.inspectionEntry(item.hsCode)?.conditionalRelease === true),
    examinationChecks(state) {
      if (state.requiredChecks.length) return state.requiredChecks;
      return (state.declaration && categoryChecks(state.declaration)) ?? data.rules.examinationChecks;
    },
  };
}
