import type { LicenseProblem } from './declaration-body';

/**
 * What an enterprise may read of the facts others recorded about its shipment: the one place
 * that decides it. Every view and stream an enterprise reads (the status view, its list and SSE
 * stream, the examination) passes what it shows through these functions.
 *
 *  - 执法互助: an enforcement alert's id, its subject and the raising officer's reason stay with
 *    the agencies; the enterprise learns that a measure applies, not why.
 *  - An officer's identity (who booked an examination, who decided) is not the enterprise's.
 *  - Another holder's licence: whether it exists, its type, dates, coverage or revocation are that
 *    holder's facts; the declarant learns only that the number is not usable by it.
 */
export const ENFORCEMENT_NOTICE = 'an enforcement measure applies to this shipment; the agency will contact you';

/** A decision or hold as recorded: `alertId` marks an enforcement alert's; older events carry the alert in `by` or `reason` only. */
export interface RecordedDecision {
  by: string;
  reason?: string;
  alertId?: string;
}

/** Whether a decision came from an enforcement alert (structured, or in the forms events had before `alertId`). */
export function isEnforcement(decision: RecordedDecision): boolean {
  return !!decision.alertId || decision.by.startsWith('alert:') || /^alert[:\s]/.test(decision.reason ?? '');
}

/** The message catalogue's code of ENFORCEMENT_NOTICE. */
export const ENFORCEMENT_NOTICE_CODE = 'decision.enforcement-notice';

/**
 * A decision as the enterprise reads it: the agency that took it, and its reason unless it is an
 * enforcement measure (then the notice, whose code and params name no alert).
 */
export function decisionForEnterprise<D extends RecordedDecision>(agency: string, decision: D): Omit<D, 'alertId'> {
  const { alertId: _alert, ...rest } = decision;
  if (!isEnforcement(decision)) return { ...rest, by: agency, reason: decision.reason };
  const { params: _params, code, ...others } = rest as Omit<D, 'alertId'> & { params?: unknown; code?: string };
  return { ...others, by: agency, reason: ENFORCEMENT_NOTICE, ...(code ? { code: ENFORCEMENT_NOTICE_CODE } : {}) } as unknown as Omit<D, 'alertId'>;
}

/** Who booked an examination slot: the enterprise sees whether it or an officer did, not which officer. */
export function appointmentForEnterprise<A extends { bookedBy: { kind: string; id: string } }>(appointment: A | null | undefined): A | null {
  if (!appointment) return null;
  if (appointment.bookedBy.kind === 'enterprise') return appointment;
  return { ...appointment, bookedBy: { kind: appointment.bookedBy.kind } as A['bookedBy'] };
}

/** Refusals that are about another holder's licence (or none at all): all the declarant may learn is that it cannot use it. */
const NOT_THE_DECLARANTS = new Set(['license-not-found', 'not-the-holder', 'license-not-usable']);
export const LICENSE_NOT_USABLE = 'license-not-usable';

/** A licence problem as the declarant reads it: another holder's licence and an unknown number read the same. */
export function licenseProblemForEnterprise(problem: LicenseProblem): LicenseProblem {
  if (!NOT_THE_DECLARANTS.has(problem.reason)) return problem;
  const number = problem.license?.number ?? '';
  return {
    item: problem.item, hsCode: problem.hsCode, type: problem.type, ...(problem.license ? { license: problem.license } : {}),
    reason: LICENSE_NOT_USABLE,
    message: `item ${problem.item + 1} (HS ${problem.hsCode}): licence ${problem.type} ${number} is not usable by you (it is not registered to you); declare a licence of your own`,
  };
}
