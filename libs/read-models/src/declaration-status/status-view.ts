import type { AgencyCaseEvent } from '@sw/agency-case';
import type { DeclarationEvent } from '@sw/declaration';
import type { RecordedEvent } from '@sw/event-store';
import type { InstructionEvent } from '@sw/money';
import { applyInstructionEvent, round2, settlement, type InstructionView } from './duties-view';
import { applyMoneyCaseEvent } from './final-duties-view';
import { evolveExamination, examinationView, initialExaminationState, type ExaminationEvent } from '@sw/examination';
import type { PortChargeEvent } from '@sw/fees';
import { PORT_CHARGES_STREAM_PREFIX, type Agency, type LicenseProblem } from '@sw/shipment';
import { asEvent, type Recorded } from '../row-projection';
import { applyCorrectionEvent, initialCorrections } from './corrections-view';

export * from './status-view.types';
import type { AgencyView, ChargeView, DeclarationStatus, LicensesView, RequiredCheckView, StatusView } from './status-view.types';

const AGENCY_PREFIXES: Record<string, Agency> = { 'customs-': 'customs', 'inspection-': 'inspection', 'border-': 'border' };

function agencyOf(streamId: string): Agency | null {
  for (const [prefix, agency] of Object.entries(AGENCY_PREFIXES)) if (streamId.startsWith(prefix)) return agency;
  return null;
}

/** The declaration's status, derived from its own lifecycle and its agencies' cases. */
export function deriveStatus(view: StatusView): DeclarationStatus {
  if (view.withdrawn) return 'withdrawn';
  if (view.rejected) return 'rejected';
  if (view.returned) return 'returned';
  if (view.exitedAt) return 'exited';
  if (view.releasedAt) return 'released';
  if (view.licenses?.status === 'failed' || view.licenses?.status === 'write-off-failed') return 'held';
  const agencies = Object.values(view.agencies);
  if (agencies.some((a) => a?.status === 'held')) return 'held';
  if (agencies.some((a) => a?.status === 'examination')) return 'examination';
  if (!view.arrival) return 'awaiting-arrival';
  if (agencies.length > 0) return 'under-review';
  return 'submitted';
}

/** The events the view folds: the declaration's, its agencies' cases' and its examination's. */
export type ShipmentEvent = DeclarationEvent | AgencyCaseEvent | ExaminationEvent | PortChargeEvent | InstructionEvent;

/**
 * Folds one event of the shipment into its status view. The live projection and the auditor's
 * as-of view (replay up to an instant) use this same function.
 */
export function evolveStatusView(view: StatusView | null, recorded: RecordedEvent): StatusView | null {
  if (recorded.type === 'DeclarationSubmitted') {
    const event = asEvent<DeclarationEvent>(recorded) as Recorded<Extract<DeclarationEvent, { type: 'DeclarationSubmitted' }>>;
    const { declaration, declarationId, arrivedAt, submittedAt, number } = event.data;
    const fresh: StatusView = {
      id: declarationId, ...(number ? { number } : {}), mode: declaration.mode, direction: declaration.direction, declarant: declaration.declarant,
      consignee: declaration.consignee ?? declaration.declarant,
      status: 'submitted', agencies: {}, examination: null,
      arrival: arrivedAt ? { arrivedAt } : null,
      duties: {
        assessed: null, currency: 'CNY', settled: 'none', guaranteed: 0, paid: 0, customsValueCny: null, instructions: [], refundable: 0,
        settlement: declaration.settlement ?? 'individual', assessedAt: null, payments: [],
      },
      completeDeclaration: declaration.mode === 'two-step' ? { status: 'due', dueAt: null, overdue: false, filedAt: null, lateFee: null } : null,
      transport: declaration.transport, portOfEntry: declaration.portOfEntry, customsOffice: declaration.customsOffice,
      submittedAt, releasedAt: null, exitedAt: null, withdrawn: null, rejected: null, followUps: [], charges: [],
      licenses: { status: 'not-required', checks: [], problems: [] },
      ...initialCorrections(), declaration,
      revision: event.revision, eventCount: 1, updatedAt: event.metadata.occurredAt,
    };
    fresh.status = deriveStatus(fresh);
    return fresh;
  }
  if (!view) return null; // an event of a shipment whose declaration is not known (never happens in order)
  // Another context's stream that carries the shipment's correlation (a licence's write-off) is not part of the view.
  if (recorded.streamId.startsWith(PORT_CHARGES_STREAM_PREFIX)) return withCharge(view, asEvent<PortChargeEvent>(recorded));
  const instruction = recorded.streamId.startsWith('instruction-');
  if (!recorded.streamId.startsWith('declaration-') && !recorded.streamId.startsWith('examination-') && !instruction && !agencyOf(recorded.streamId)) return view;
  const next: StatusView = { ...view, agencies: { ...view.agencies }, duties: { ...view.duties }, eventCount: view.eventCount + 1, updatedAt: recorded.metadata.occurredAt };
  // The stream says which union an event belongs to (ExaminationCompleted is both a case's and the examination's).
  if (recorded.streamId.startsWith('declaration-')) {
    next.revision = recorded.revision;
    applyDeclarationEvent(next, asEvent<DeclarationEvent>(recorded));
  } else if (instruction) {
    applyInstructionEvent(next, asEvent<InstructionEvent>(recorded));
  } else if (recorded.streamId.startsWith('examination-')) {
    applyExaminationEvent(next, asEvent<ExaminationEvent>(recorded));
  } else {
    const agency = agencyOf(recorded.streamId);
    if (agency) applyAgencyEvent(next, agency, asEvent<AgencyCaseEvent>(recorded));
  }
  next.status = deriveStatus(next);
  return next;
}

/** A port charge recorded on the shipment joins its view (a refused one is not a charge: oversight lists it). */
function withCharge(view: StatusView, event: Recorded<PortChargeEvent>): StatusView {
  if (event.type !== 'PortChargeRecorded') return view;
  const c = event.data;
  const charge: ChargeView = {
    chargeId: c.chargeId, status: 'recorded', port: c.port, code: c.code, nameZh: c.nameZh, basis: c.basis, quantity: c.quantity, amount: c.amount,
    currency: c.currency, payer: c.payer, catalogueVersion: c.catalogueVersion, at: c.chargedAt,
  };
  return { ...view, charges: [...(view.charges ?? []), charge], eventCount: view.eventCount + 1, updatedAt: event.metadata.occurredAt };
}

function applyDeclarationEvent(view: StatusView, event: Recorded<DeclarationEvent>): void {
  switch (event.type) {
    case 'ArrivalRecorded':
      view.arrival = view.arrival ?? { arrivedAt: event.data.arrivedAt };
      break;
    case 'DeclarationRouted': {
      const data = event.data;
      for (const agency of data.agencies) {
        view.agencies[agency] = view.agencies[agency] ?? emptyAgency();
        const messages = data.reasonMessages?.[agency];
        view.agencies[agency] = { ...view.agencies[agency]!, routingReasons: data.reasons?.[agency] ?? [], ...(messages ? { routingReasonMessages: messages } : {}) };
      }
      break;
    }
    case 'CompleteDeclarationScheduled':
      if (view.completeDeclaration) view.completeDeclaration = { ...view.completeDeclaration, dueAt: event.data.dueAt };
      break;
    case 'CompleteDeclarationFiled':
      if (view.completeDeclaration) view.completeDeclaration = { ...view.completeDeclaration, status: 'filed', filedAt: event.data.filedAt };
      break;
    case 'CompleteDeclarationOverdue':
      if (view.completeDeclaration) view.completeDeclaration = { ...view.completeDeclaration, status: view.completeDeclaration.filedAt ? 'filed' : 'overdue', overdue: true };
      break;
    case 'GuaranteeLodged':
    case 'DutiesPaid': {
      // Legacy: the declarant's own word, from before instructions; shown as such, never settling anything.
      const { amount, currency, reference } = event.data;
      const instructedAt = 'paidAt' in event.data ? event.data.paidAt : event.data.lodgedAt;
      const kind = event.type === 'DutiesPaid' ? 'payment' : 'guarantee';
      view.duties.instructions = [...(view.duties.instructions ?? []), { reference, kind, amount, currency, status: 'legacy-unconfirmed', instructedAt }];
      break;
    }
    case 'DeclarationWithdrawn':
      view.withdrawn = { reason: event.data.reason, at: event.data.withdrawnAt };
      break;
    case 'DeclarationReleased':
      view.releasedAt = event.data.releasedAt;
      // The release writes the quantities off first (核销).
      if (view.licenses?.status === 'verified') view.licenses = { ...view.licenses, status: 'written-off', at: event.data.releasedAt };
      break;
    case 'LicensesVerified': {
      const data = event.data;
      view.licenses = { status: 'verified', checks: data.checks, problems: [], declarationDate: data.declarationDate, at: data.verifiedAt };
      break;
    }
    case 'LicenseVerificationFailed': {
      const data = event.data;
      view.licenses = {
        status: 'failed', checks: data.checks, problems: data.problems, declarationDate: data.declarationDate, at: data.verifiedAt,
        reason: licenceFailure(data.problems), reasonMessage: licenceFailureMessage('licence.verification-failed', data.problems),
      };
      break;
    }
    case 'LicenseWriteOffFailed': {
      const data = event.data;
      view.licenses = {
        ...(view.licenses ?? { checks: [] }), status: 'write-off-failed', problems: data.problems, reason: data.reason,
        reasonMessage: licenceFailureMessage('licence.write-off-failed', data.problems), at: data.failedAt,
      };
      break;
    }
    case 'DeclarationRejected':
      view.rejected = { agency: event.data.agency, reason: event.data.reason, at: event.data.rejectedAt };
      break;
    case 'GoodsExited':
      view.exitedAt = event.data.exitedAt;
      break;
    default:
      applyCorrectionEvent(view, event);
  }
}

/** The examination decides each participating agency's required checks (passed, failed, recognized by whom). */
function applyExaminationEvent(view: StatusView, event: Recorded<ExaminationEvent>): void {
  const state = evolveExamination(view.examinationState ?? initialExaminationState(), { type: event.type, data: event.data } as ExaminationEvent);
  view.examinationState = state;
  const summary = examinationView(state);
  if (!summary) return;
  view.examination = { status: summary.status, round: summary.round, agencies: summary.agencies, checks: summary.checks, appointment: summary.appointment, results: summary.results };
  for (const [agency, checks] of Object.entries(summary.requiredChecks)) {
    const current = view.agencies[agency as Agency];
    if (current && checks) view.agencies[agency as Agency] = { ...current, requiredChecks: checks.map((c) => ({ check: c.check, status: c.status, ...(c.by ? { by: c.by } : {}) })) };
  }
}

/** A decision an enforcement alert took: its id, and the catalogue's words for it. */
const byAlert = (alertId: string | undefined) => (alertId ? { alertId, code: 'decision.by-alert', params: { alertId } } : {});

function emptyAgency(): AgencyView {
  return { status: 'pending', reasons: [], requiredChecks: [], routingReasons: [], decisions: [] };
}

function applyAgencyEvent(view: StatusView, agency: Agency, event: Recorded<AgencyCaseEvent>): void {
  const current = { ...(view.agencies[agency] ?? emptyAgency()) };
  switch (event.type) {
    case 'CaseOpened':
      current.status = 'pending';
      current.routingReasons = event.data.routingReasons ?? current.routingReasons;
      if (event.data.manifest) view.manifest = { status: event.data.manifest, blocker: event.data.manifest === 'missing' ? 'manifest-missing' : null };
      break;
    case 'ManifestConfirmed':
      view.manifest = { status: 'on-manifest', manifestId: event.data.manifestId, blocker: null };
      break;
    case 'RiskAssessed': {
      const data = event.data;
      current.lane = data.lane;
      current.reasons = (data.reasons ?? []).map((r) => `${r.rule}: ${r.description}`);
      current.reasonMessages = (data.reasons ?? []).flatMap((r) => (r.code ? [{ rule: r.rule, code: r.code, params: r.params ?? {} }] : []));
      current.requiredChecks = (data.requiredChecks ?? []).map((check: string) => ({ check, status: 'pending' as const }));
      if (data.lane === 'examination') current.status = 'examination';
      break;
    }
    case 'DutiesAssessed': {
      const data = event.data;
      view.duties.assessed = data.amount;
      view.duties.customsValueCny = data.customsValueCny ?? null;
      view.duties.assessedAt = data.assessedAt;
      view.duties.settled = settlement(view.duties);
      break;
    }
    case 'DutiesSettled': {
      // In CNY at the customs rate (a payment in another currency is not counted as if it were renminbi).
      const data = event.data;
      const cny = data.amountCny ?? (data.currency === 'CNY' ? data.amount : 0);
      if (data.how === 'paid') {
        view.duties.paid = round2(view.duties.paid + cny);
        view.duties.payments = [...(view.duties.payments ?? []), { at: data.settledAt, amount: cny }];
      }
      else view.duties.guaranteed = round2(view.duties.guaranteed + cny);
      view.duties.settled = settlement(view.duties);
      applyMoneyCaseEvent(view, event);
      break;
    }
    case 'FinalDutiesAssessed':
    case 'GuaranteeUnavailable':
    case 'LateFeeCharged':
      applyMoneyCaseEvent(view, event);
      break;
    case 'DutiesRefundable':
      view.duties.paid = round2(view.duties.paid - event.data.amount);
      view.duties.refundable = round2((view.duties.refundable ?? 0) + event.data.amount);
      view.duties.settled = settlement(view.duties);
      break;
    case 'ExaminationRequested': {
      const data = event.data;
      current.status = 'examination';
      current.requiredChecks = mergeChecks(current.requiredChecks, data.checks ?? []);
      current.decisions = [...current.decisions, { decision: 'examine', by: data.by, reason: data.reason, at: data.requestedAt, ...byAlert(data.alertId) }];
      break;
    }
    case 'ExaminationCompleted': {
      const passed = event.data.result === 'passed';
      if (!view.examinationState) {
        current.requiredChecks = current.requiredChecks.map((c) => (c.status === 'pending' ? { ...c, status: passed ? 'passed' : 'failed', by: agency } : c));
      }
      if (current.status === 'examination') current.status = 'pending';
      break;
    }
    case 'CaseHeld': {
      const data = event.data;
      current.status = 'held';
      current.decisions = [...current.decisions, { decision: 'hold', by: data.by, reason: data.reason, at: data.heldAt, ...byAlert(data.alertId), ...(data.code ? { code: data.code, params: data.params ?? {} } : {}) }];
      break;
    }
    case 'CaseRejected': {
      const data = event.data;
      current.status = 'rejected';
      current.decisions = [...current.decisions, { decision: 'reject', by: data.by, reason: data.reason, at: data.rejectedAt }];
      break;
    }
    case 'CaseReleased': {
      const data = event.data;
      current.status = 'released';
      current.releasedAt = data.releasedAt;
      if (data.conformityPending) current.conformity = { status: 'pending' };
      current.decisions = [...current.decisions, { decision: 'release', by: data.by, reason: data.reason, at: data.releasedAt, ...(data.code ? { code: data.code } : {}) }];
      break;
    }
    case 'CaseClosed':
      current.status = 'closed';
      break;
    case 'CaseRevised':
      // Revised before release: the case waits for its new assessment.
      if (!event.data.afterRelease && current.status === 'released') {
        current.status = 'pending';
        delete current.releasedAt;
      }
      break;
    case 'ConformityAssessed': {
      const data = event.data;
      current.conformity = { status: data.result, assessedAt: data.assessedAt, ...(data.note ? { note: data.note } : {}) };
      break;
    }
    case 'FollowUpRequired': {
      const data = event.data;
      view.followUps = [...(view.followUps ?? []), { agency, actions: data.actions, reason: data.reason, at: data.requiredAt, ...(data.code ? { code: data.code } : {}) }];
      break;
    }
  }
  view.agencies[agency] = current;
}

/** The reason a failed licence verification holds the declaration, from its problems. */
export function licenceFailure(problems: LicenseProblem[]): string {
  return `Licence verification failed: ${problems.map((p) => p.message).join(' | ')}`;
}

/** The licence failure as the catalogue words it: the licences and items concerned, each problem's code. */
export function licenceFailureMessage(code: 'licence.verification-failed' | 'licence.write-off-failed', problems: LicenseProblem[]): NonNullable<LicensesView['reasonMessage']> {
  const licences = [...new Set(problems.flatMap((p) => (p.license ? [`${p.license.code} ${p.license.number}`] : [])))];
  return { code, params: { items: problems.map((p) => p.item + 1), licences, problems: problems.map((p) => p.reason) } };
}

function mergeChecks(existing: RequiredCheckView[], checks: string[]): RequiredCheckView[] {
  const known = new Set(existing.map((c) => c.check));
  return [...existing, ...checks.filter((c) => !known.has(c)).map((check) => ({ check, status: 'pending' as const }))];
}

export { withLateFee, LATE_FEE_RATE_PER_DAY, LATE_FEE_WAIVER_CNY, type InstructionView } from './duties-view';
