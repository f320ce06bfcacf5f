import { orderedChecks, type Agency, type CheckKind } from '@sw/shipment';
import type { Appointment, CheckStatus, ExaminationResults, Finding, ResultSource } from './joint-examination.events';
import { findingSource, participants, type ExaminationState } from './joint-examination';

/** One agency's required check, as the status view shows it (RequiredCheckView). */
export interface RequiredCheckView {
  check: CheckKind;
  status: CheckStatus;
  by?: ResultSource;
}

/**
 * One check kind for the whole shipment: passed as soon as anyone passed it (by the first
 * source), else failed when an agency failed it, else pending; with the agencies that need it.
 */
export interface ExaminationCheckView {
  check: CheckKind;
  status: 'pending' | 'passed' | 'failed';
  by?: ResultSource;
  agencies: Agency[];
  /** 一次查验 of a truck: passed in the examination of declaration `from`, carried on crossing `crossingId`. */
  onConveyance?: { crossingId: string; from: string };
}

/** API.md `GET /v1/examinations/{declarationId}`. */
export interface ExaminationView {
  declarationId: string;
  status: 'scheduled' | 'completed';
  /** Participating agencies, in the order they joined. */
  agencies: Agency[];
  appointment: Appointment | null;
  checks: ExaminationCheckView[];
  /** Each participating agency's required checks and their status. */
  requiredChecks: Partial<Record<Agency, RequiredCheckView[]>>;
  findings: Finding[];
  results: ExaminationResults | null;
  scheduledAt: string;
  completedAt: string | null;
  /** 复验: 1, then 2, … for each further round. */
  round: number;
}

/** The examination as API.md shows it; null when none is scheduled for the shipment. */
export function examinationView(state: ExaminationState): ExaminationView | null {
  if (state.status === 'none' || !state.declarationId) return null;
  const agencies = participants(state);
  const kinds = orderedChecks(agencies.flatMap((a) => a.checks.map((c) => c.check)));
  const checks = kinds.map((check): ExaminationCheckView => {
    const needing = agencies.filter((a) => a.checks.some((c) => c.check === check)).map((a) => a.agency);
    const passedBy = state.passed[check];
    const shared = state.onConveyance?.[check];
    if (passedBy !== undefined) return { check, status: 'passed', by: passedBy, agencies: needing, ...(shared ? { onConveyance: shared } : {}) };
    const failure = state.findings.find((f) => f.check === check && f.result === 'fail');
    if (failure) return { check, status: 'failed', by: findingSource(failure), agencies: needing };
    return { check, status: 'pending', agencies: needing };
  });
  return {
    declarationId: state.declarationId,
    status: state.status,
    agencies: agencies.map((a) => a.agency),
    appointment: state.appointment ?? null,
    checks,
    requiredChecks: Object.fromEntries(agencies.map((a) => [a.agency, a.checks.map((c) => ({ ...c }))])),
    findings: state.findings,
    results: state.results ?? null,
    scheduledAt: state.scheduledAt!,
    completedAt: state.completedAt ?? null,
    round: state.round ?? 1,
  };
}
