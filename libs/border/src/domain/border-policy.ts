import type { AgencyPolicy, RandomSelectionRates, RiskProfile, RiskRuleFile } from '@sw/agency-case';
import { assessRisk, commonReleaseBlockers } from '@sw/agency-case';
import type { ExchangeRates, ReferenceData } from '@sw/reference-data';
import type { CaseDeclaration, CheckKind } from '@sw/shipment';

/** seeds/risk/border-rules.json adds what a land conveyance's examination covers. */
export interface BorderRuleFile extends RiskRuleFile {
  landConveyanceChecks: CheckKind[];
}

export interface BorderPolicyData {
  reference: ReferenceData;
  rules: BorderRuleFile;
  randomSelection: RandomSelectionRates;
  exchangeRates: ExchangeRates;
}

/**
 * Border check (边检): the conveyance and the people on it. Rules sample road and rail
 * conveyances (seeds/risk/border-rules.json); an examination of a land conveyance checks the
 * vehicle and its crew. Releases itself when green, and after a passed examination when
 * nothing else blocks it.
 */
export function createBorderPolicy(data: BorderPolicyData): AgencyPolicy {
  const defaultChecks = (declaration: CaseDeclaration): CheckKind[] =>
    data.reference.transportMode(declaration.transport.mode)?.crossesLandBorder ? data.rules.landConveyanceChecks : data.rules.examinationChecks;
  const profile: RiskProfile = {
    agency: 'border',
    rules: data.rules.items,
    randomSelection: data.randomSelection,
    reference: data.reference,
    exchangeRates: data.exchangeRates,
    examinationChecks: defaultChecks,
  };
  return {
    agency: 'border',
    assess: (declaration, input) => assessRisk(profile, declaration, input),
    releaseBlockers: (state) => commonReleaseBlockers(state),
    releasesAutomatically: (state) => state.lane === 'green' || (state.lane === 'examination' && state.examination === 'passed'),
    examinationChecks: (state) => (state.requiredChecks.length ? state.requiredChecks : state.declaration ? defaultChecks(state.declaration) : data.rules.examinationChecks),
  };
}
