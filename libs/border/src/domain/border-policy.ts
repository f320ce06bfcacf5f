import * as path from 'node:path';
import type { AgencyPolicy, CaseDeclaration, CheckKind, ExchangeRates, RandomSelectionRates, RiskProfile, RiskRuleFile } from '@sw/clearance';
import { referenceData, type ReferenceData } from '@sw/reference-data';
// The shared risk engine by path, not through @sw/clearance: that index also carries the
// clearance process, which imports this policy (a require cycle).
import { CHECK_KINDS, commonReleaseBlockers } from '../../../clearance/src/domain/agency-case';
import { assessRisk, defaultRiskDirectory, exchangeRates, loadRandomSelectionRates, loadRiskRules, riskRulesFile } from '../../../clearance/src/domain/risk-profile';

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

export function loadBorderPolicy(reference: ReferenceData = referenceData(), riskDirectory = defaultRiskDirectory()): AgencyPolicy {
  const rules = loadRiskRules('border', riskDirectory) as BorderRuleFile;
  const checks: unknown = rules.landConveyanceChecks;
  if (!Array.isArray(checks) || !checks.length || !checks.every((check) => CHECK_KINDS.includes(check))) {
    throw new Error(`risk seed ${path.join(riskDirectory, riskRulesFile('border'))}: landConveyanceChecks must list check kinds`);
  }
  return createBorderPolicy({ reference, rules, randomSelection: loadRandomSelectionRates('border', riskDirectory), exchangeRates: exchangeRates() });
}

let loaded: AgencyPolicy | undefined;
const seeded = () => (loaded ??= loadBorderPolicy());

/** The border-check policy of the default seeds, read on first use. */
export const borderPolicy: AgencyPolicy = {
  agency: 'border',
  assess: (declaration, input) => seeded().assess(declaration, input),
  releaseBlockers: (state) => seeded().releaseBlockers(state),
  releasesAutomatically: (state) => seeded().releasesAutomatically!(state),
  examinationChecks: (state) => seeded().examinationChecks!(state),
};
