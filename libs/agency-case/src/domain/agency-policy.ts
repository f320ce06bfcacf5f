import type { ActiveAlert, Agency, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';
import type { DutyLine, RandomDraw, RiskReason } from './agency-case.events';
import type { AgencyCaseState } from './agency-case.state';

/** What a policy's risk assessment decides (the RiskAssessed event, plus an optional hold). */
export interface RiskAssessment {
  lane: Lane;
  reasons: RiskReason[];
  draw: RandomDraw | null;
  requiredChecks: CheckKind[];
  priority: number;
  /** An enforcement alert with action "hold" matched: the case is held in the same decision. */
  hold?: { reason: string; alertId?: string };
}

export interface DutyAssessment {
  amount: number;
  customsValueCny: number;
  lines: DutyLine[];
}

/** A late fee the policy found due: in whole CNY (滞报金) or to the fen (滞纳金), over `days`, under its legal basis. */
export interface LateFeeCharge {
  amount: number;
  days: number;
  legalBasis: string;
}

export interface AgencyPolicy {
  agency: Agency;
  /** Risk assessment: lane, reasons, required checks, priority (higher first: perishable goods, AEO-advanced enterprises). */
  assess(declaration: CaseDeclaration, input: { draw: number; randomSelection: boolean; alerts: ActiveAlert[] }): RiskAssessment;
  /**
   * Duties, for agencies that collect them (customs); null otherwise or when they cannot be
   * assessed yet. `on`: the declaration's filing time (ISO 8601), whose day's tariff applies.
   */
  assessDuties?(declaration: CaseDeclaration, on?: string): DutyAssessment | null;
  /** An amount in CNY at the customs rate of the month (undefined: no rate), for agencies that collect money. */
  toCny?(amount: number, currency: string): number | undefined;
  /** 滞报金 and 滞纳金 (customs): what is due, null when nothing (late-fee-charges.ts charges them). */
  lateFees?: {
    declaration(input: { arrivedAt: string; declaredAt: string; customsValueCny: number }): LateFeeCharge | null;
    payment(input: { dutiesCny: number; assessedAt: string; payments: { at: string; amount: number }[]; now: Date }): LateFeeCharge | null;
  };
  /** Why the case cannot be released now (empty = may release): see RELEASE_BLOCKERS. */
  releaseBlockers(state: AgencyCaseState): string[];
  /**
   * 先放后检 / 两段准入: goods that may leave before the conformity result (stage 1, 允许提离);
   * their release leaves the conformity assessment (stage 2, 合格评定) pending.
   */
  conditionalRelease?(declaration: CaseDeclaration): boolean;
  /**
   * Whether the case may release itself (ReleaseIfReady) once nothing blocks it. Default: only
   * green-lane cases; documents-lane cases always wait for an officer.
   */
  releasesAutomatically?(state: AgencyCaseState): boolean;
  /** The checks an officer's "examine" decision asks for. Default: the case's required checks, else documents. */
  examinationChecks?(state: AgencyCaseState): CheckKind[];
}

/** The blockers every agency shares, and the sentence an officer reads for each. */
export const RELEASE_BLOCKERS = {
  'not-assessed': 'the risk assessment has not been made yet: wait for it',
  held: 'the case is held: only an officer’s release decision lifts the hold',
  'examination-pending': 'a required examination is not done yet: record the examination findings first',
  'examination-failed': 'the examination failed: hold or reject the case, or request a new examination',
  'awaiting-arrival': 'the goods have not arrived (advance declaration): release waits for the arrival report (运抵报告)',
  'manifest-missing': 'the bill of lading is on no manifest (舱单) of the declared conveyance and port: release waits for the carrier to file or amend it',
  'duties-unsettled': 'duties are not settled: release waits for a payment or guarantee (担保) its bank has confirmed',
  'late-fee-unpaid': 'a late fee (滞报金 or 滞纳金) is charged and not paid: release waits for its payment, confirmed by the bank',
} as const;
export type ReleaseBlocker = keyof typeof RELEASE_BLOCKERS;

/** Blockers common to all agencies; a policy adds its own (customs: duties). */
export function commonReleaseBlockers(state: AgencyCaseState): ReleaseBlocker[] {
  const blockers: ReleaseBlocker[] = [];
  if (!state.assessed) blockers.push('not-assessed');
  if (state.status === 'held') blockers.push('held');
  if (state.examination === 'requested') blockers.push('examination-pending');
  if (state.examination === 'failed') blockers.push('examination-failed');
  if (!state.arrived) blockers.push('awaiting-arrival');
  if (state.manifest === 'missing') blockers.push('manifest-missing');
  return blockers;
}

export interface BlockerMessage { blocker: string; code: string; params: Record<string, string | string[]> }

/**
 * Each blocker as the catalogue states it (code and params), for officers who read it in their
 * language: the duties' amount and the checks still to do where the case knows them.
 */
export function releaseBlockerMessages(blockers: readonly string[], state: AgencyCaseState): BlockerMessage[] {
  return blockers.map((blocker): BlockerMessage => {
    if (blocker === 'duties-unsettled' && state.duties) {
      return { blocker, code: 'blocker-detail.duties-unsettled', params: { amount: state.duties.amount.toFixed(2), currency: state.duties.currency } };
    }
    if (blocker === 'examination-pending' && state.requiredChecks.length) return { blocker, code: 'blocker-detail.examination-pending', params: { checks: [...state.requiredChecks] } };
    return { blocker, code: `blocker.${blocker}`, params: {} };
  });
}
