import { DomainError, type Decider } from '@sw/event-store';
import { COMPLETE_DECLARATION_DAYS, type DeclarationEvent } from './declaration.events';
import { routingOf, type Routing } from './routing';
import { afterReleaseViolations, amendedBody, fieldRefusal, type Amendment, type AmendmentChanges, type InformationRequest } from './corrections';
import type { Agency, ChargeAmount, DeclarationBody, DeclarationItem, LicenseCheck, LicenseProblem } from '@sw/shipment';
import { headerDifferences } from './complete-declaration';

export type DeclarationCommand =
  /**
   * routing: the agencies that must act on it, decided by routeDeclaration on the reference data
   * when it is submitted (the handler computes it, as it reads the arrival: the decider stays pure).
   */
  | { type: 'Submit'; declarationId: string; number?: string; declaration: DeclarationBody; requestHash: string; arrivedAt: string | null; routing: Routing; now: Date }
  | { type: 'RecordArrival'; arrivedAt: string; billOfLading: string; conveyance: string; now: Date }
  | ({ type: 'Route'; now: Date } & Routing)
  /** 完整申报: header, the header fields sent again (each must be the summary's); freight and insurance complete the value. */
  | { type: 'FileComplete'; items: DeclarationItem[]; documents: { code: string; number: string }[]; header?: Record<string, unknown>; freight?: ChargeAmount; insurance?: ChargeAmount; now: Date }
  | { type: 'MarkOverdue'; now: Date }
  | { type: 'Withdraw'; reason: string; now: Date }
  | { type: 'Release'; agencies: Agency[]; now: Date }
  | { type: 'Reject'; agency: Agency; reason: string; now: Date }
  | { type: 'RecordExit'; conveyance: string; portOfEntry: string; now: Date }
  /** The licensing context's verification of the licences the declaration references (监管证件核查). */
  | { type: 'VerifyLicenses'; checks: LicenseCheck[]; problems: LicenseProblem[]; declarationDate: string; now: Date }
  /** The release found a licence that can no longer be written off (核销): the declaration is held. */
  | { type: 'RecordLicenseWriteOffFailure'; reason: string; problems: LicenseProblem[]; now: Date }
  /** 修改申请 (corrections.ts); routing: the amended body's, computed by the handler that decides it. */
  | { type: 'RequestAmendment'; amendmentId: string; reason: string; changes: AmendmentChanges; now: Date }
  | { type: 'DecideAmendment'; amendmentId: string; decision: 'approve' | 'refuse'; reason: string; officer: string; routing: Routing | null; now: Date }
  /** 退单 and the declarant's resubmission of the whole corrected body (routed again). */
  | { type: 'Return'; agency: Agency; reason: string; officer: string; now: Date }
  | { type: 'Resubmit'; declaration: DeclarationBody; requestHash: string; routing: Routing; now: Date }
  /** 补充申报: an officer's request for information and the declarant's answer. */
  | { type: 'RequestInformation'; requestId: string; agency: Agency; reason: string; fields: string[]; officer: string; now: Date }
  | { type: 'Respond'; requestId: string; note: string; documents: { code: string; number: string }[]; now: Date };

/** The declaration's own lifecycle; what the agencies decide lives in their case streams. */
export type DeclarationLifecycle = 'none' | 'submitted' | 'returned' | 'released' | 'exited' | 'rejected' | 'withdrawn';

export interface DeclarationState {
  lifecycle: DeclarationLifecycle;
  declarationId?: string;
  /** 海关编号, given on acceptance. */
  number?: string;
  declaration?: DeclarationBody;
  requestHash?: string;
  arrivedAt: string | null;
  /** The agencies routed to and why (DeclarationRouted), or null before routing. */
  routing: Routing | null;
  complete: { dueAt: string | null; filed: boolean; overdue: boolean } | null;
  /** Legacy (before v1.1's money): what the declarant itself recorded as lodged or paid, never trusted since. */
  guaranteeReferences: string[];
  paymentReferences: string[];
  /** The licences' verification (null: none recorded, because none is needed or it is still to come). */
  licenses: null | { status: 'verified' | 'failed' | 'write-off-failed'; checks: LicenseCheck[]; declarationDate: string };
  /** 1 when submitted; each resubmission and each approved amendment adds one. */
  version: number;
  /** When it was filed (submitted, or resubmitted after 退单): the code lists of that day apply to it. */
  filedAt?: string;
  amendments: Amendment[];
  requests: InformationRequest[];
}

const DAY_MS = 24 * 3600 * 1000;

export const initialDeclarationState = (): DeclarationState => ({
  lifecycle: 'none', arrivedAt: null, routing: null, complete: null, guaranteeReferences: [], paymentReferences: [], licenses: null,
  version: 0, amendments: [], requests: [],
});

export function evolveDeclaration(state: DeclarationState, event: DeclarationEvent): DeclarationState {
  switch (event.type) {
    case 'DeclarationSubmitted':
      return {
        ...state,
        lifecycle: 'submitted',
        declarationId: event.data.declarationId,
        ...(event.data.number ? { number: event.data.number } : {}),
        declaration: event.data.declaration,
        requestHash: event.data.requestHash,
        arrivedAt: event.data.arrivedAt,
        version: 1,
        filedAt: event.data.submittedAt,
        complete: event.data.declaration.mode === 'two-step' ? { dueAt: null, filed: false, overdue: false } : null,
      };
    case 'ArrivalRecorded':
      return { ...state, arrivedAt: state.arrivedAt ?? event.data.arrivedAt };
    case 'DeclarationRouted':
      return { ...state, routing: routingOf(event.data) };
    case 'CompleteDeclarationScheduled':
      return state.complete ? { ...state, complete: { ...state.complete, dueAt: event.data.dueAt } } : state;
    case 'CompleteDeclarationFiled':
      return state.complete ? { ...state, complete: { ...state.complete, filed: true } } : state;
    case 'CompleteDeclarationOverdue':
      return state.complete ? { ...state, complete: { ...state.complete, overdue: true } } : state;
    case 'GuaranteeLodged':
      return { ...state, guaranteeReferences: [...state.guaranteeReferences, event.data.reference] };
    case 'DutiesPaid':
      return { ...state, paymentReferences: [...state.paymentReferences, event.data.reference] };
    case 'DeclarationWithdrawn':
      return { ...state, lifecycle: 'withdrawn' };
    case 'DeclarationReleased':
      return { ...state, lifecycle: 'released' };
    case 'DeclarationRejected':
      return { ...state, lifecycle: 'rejected' };
    case 'GoodsExited':
      return { ...state, lifecycle: 'exited' };
    case 'LicensesVerified':
      return { ...state, licenses: { status: 'verified', checks: event.data.checks, declarationDate: event.data.declarationDate } };
    case 'LicenseVerificationFailed':
      return { ...state, licenses: { status: 'failed', checks: event.data.checks, declarationDate: event.data.declarationDate } };
    case 'LicenseWriteOffFailed':
      return state.licenses ? { ...state, licenses: { ...state.licenses, status: 'write-off-failed' } } : state;
    case 'AmendmentRequested': {
      const { amendmentId: id, reason, changes, afterRelease, baseVersion, requestedAt } = event.data;
      return { ...state, amendments: [...state.amendments, { id, status: 'pending', reason, changes, afterRelease, baseVersion, requestedAt }] };
    }
    case 'AmendmentApproved':
    case 'AmendmentRefused': {
      const { amendmentId, by, reason, decidedAt: at } = event.data;
      const status: Amendment['status'] = event.type === 'AmendmentApproved' ? 'approved' : 'refused';
      const amendments = state.amendments.map((a) => (a.id === amendmentId ? { ...a, status, decidedBy: by, decision: { reason, at } } : a));
      if (event.type === 'AmendmentRefused') return { ...state, amendments };
      // Before release the licences are verified again for the amended goods.
      return { ...state, amendments, declaration: event.data.declaration, version: event.data.version, licenses: event.data.afterRelease ? state.licenses : null };
    }
    case 'DeclarationReturned':
      return { ...state, lifecycle: 'returned' };
    case 'DeclarationResubmitted':
      return { ...state, lifecycle: 'submitted', declaration: event.data.declaration, requestHash: event.data.requestHash, version: event.data.version, licenses: null, filedAt: event.data.resubmittedAt };
    case 'InformationRequested': {
      const { requestId: id, agency, reason, fields, by, requestedAt } = event.data;
      return { ...state, requests: [...state.requests, { id, agency, reason, fields, by, requestedAt, status: 'open' }] };
    }
    case 'InformationProvided': {
      const { requestId, note, documents, respondedAt: at } = event.data;
      return { ...state, requests: state.requests.map((r) => (r.id === requestId ? { ...r, status: 'answered', answer: { note, documents, at } } : r)) };
    }
  }
}

const finished = (state: DeclarationState) => state.lifecycle === 'withdrawn' || state.lifecycle === 'rejected';

function requireSubmitted(state: DeclarationState): DeclarationBody {
  if (state.lifecycle === 'none' || !state.declaration) throw new DomainError('not-submitted', 'There is no such declaration');
  return state.declaration;
}

/** Two-step: the complete declaration is due 14 days after arrival (the clock starts at arrival). */
function scheduleComplete(state: DeclarationState, arrivedAt: string): DeclarationEvent[] {
  if (state.declaration?.mode !== 'two-step' || state.complete?.filed || state.complete?.dueAt) return [];
  return [{ type: 'CompleteDeclarationScheduled', data: { dueAt: new Date(Date.parse(arrivedAt) + COMPLETE_DECLARATION_DAYS * DAY_MS).toISOString() } }];
}

export function decideDeclaration(command: DeclarationCommand, state: DeclarationState): DeclarationEvent[] {
  const now = command.now.toISOString();
  switch (command.type) {
    case 'Submit': {
      if (state.lifecycle !== 'none') throw new DomainError('already-submitted', 'This declaration was already submitted');
      // 提前申报 waits for the arrival report; a standard declaration's goods are at the port. A
      // declaration without 提运单号 (a movement with no carrier's document: 物流中心, 保税区 …) waits for
      // no conveyance: no arrival report names it, and its goods are in the place it declares.
      const arrivedAt = command.arrivedAt ?? (command.declaration.mode === 'standard' || !command.declaration.transport.billOfLading ? now : null);
      const submitted: DeclarationEvent = {
        type: 'DeclarationSubmitted',
        data: { declarationId: command.declarationId, ...(command.number ? { number: command.number } : {}), declaration: command.declaration, submittedAt: now, requestHash: command.requestHash, arrivedAt },
      };
      // Routed in the same write (一次申报): the declarant sees at once which agencies act on it.
      const routed: DeclarationEvent = { type: 'DeclarationRouted', data: { ...routingOf(command.routing), routedAt: now } };
      const next = evolveDeclaration(evolveDeclaration(state, submitted), routed);
      return [submitted, routed, ...(arrivedAt ? scheduleComplete(next, arrivedAt) : [])];
    }
    case 'RecordArrival': {
      requireSubmitted(state);
      if (state.arrivedAt || finished(state)) return [];
      const recorded: DeclarationEvent = { type: 'ArrivalRecorded', data: { arrivedAt: command.arrivedAt, billOfLading: command.billOfLading, conveyance: command.conveyance, recordedAt: now } };
      return [recorded, ...scheduleComplete(state, command.arrivedAt)];
    }
    case 'Route': // declarations submitted before routing was part of the submission
      requireSubmitted(state);
      if (state.routing || finished(state)) return [];
      return [{ type: 'DeclarationRouted', data: { ...routingOf(command), routedAt: now } }];
    case 'FileComplete': {
      const declaration = requireSubmitted(state);
      if (declaration.mode !== 'two-step' || !state.complete) throw new DomainError('not-two-step', 'Only a two-step declaration is completed afterwards; this one was declared in full');
      if (state.complete.filed) throw new DomainError('already-filed', 'The complete declaration was already filed');
      if (finished(state)) throw new DomainError(`declaration-${state.lifecycle}`, `The declaration was ${state.lifecycle}`);
      const errors = headerDifferences(declaration, command.header ?? {});
      if (errors.length) {
        throw new DomainError('complete-header-differs', `The complete declaration's header differs from the summary declaration's: ${errors.map((e) => e.field).join(', ')}`, { errors });
      }
      const late = state.complete.dueAt !== null && command.now.getTime() > Date.parse(state.complete.dueAt);
      const value = { ...(command.freight ? { freight: command.freight } : {}), ...(command.insurance ? { insurance: command.insurance } : {}) };
      return [{ type: 'CompleteDeclarationFiled', data: { items: command.items, documents: command.documents, ...value, filedAt: now, late } }];
    }
    case 'MarkOverdue': {
      const complete = state.complete;
      if (!complete || complete.filed || complete.overdue || !complete.dueAt || finished(state)) return [];
      if (command.now.getTime() < Date.parse(complete.dueAt)) return [];
      return [{ type: 'CompleteDeclarationOverdue', data: { dueAt: complete.dueAt, markedAt: now } }];
    }
    case 'Withdraw':
      requireSubmitted(state);
      if (state.lifecycle === 'released' || state.lifecycle === 'exited') throw new DomainError('already-released', 'A released declaration cannot be withdrawn');
      if (finished(state)) throw new DomainError(`declaration-${state.lifecycle}`, `The declaration was already ${state.lifecycle}`);
      return [{ type: 'DeclarationWithdrawn', data: { reason: command.reason, withdrawnAt: now } }];
    case 'Release':
      requireSubmitted(state);
      if (state.lifecycle !== 'submitted') return []; // 一次放行: released once, never after withdrawal or rejection
      return [{ type: 'DeclarationReleased', data: { agencies: command.agencies, releasedAt: now } }];
    case 'Reject':
      requireSubmitted(state);
      if (state.lifecycle !== 'submitted') return [];
      return [{ type: 'DeclarationRejected', data: { agency: command.agency, reason: command.reason, rejectedAt: now } }];
    case 'RecordExit':
      requireSubmitted(state);
      if (state.lifecycle === 'exited') return [];
      if (state.lifecycle !== 'released') throw new DomainError('not-released', 'The goods are not released');
      return [{ type: 'GoodsExited', data: { conveyance: command.conveyance, portOfEntry: command.portOfEntry, exitedAt: now } }];
    case 'VerifyLicenses': {
      // Recorded once, while the declaration is open; a repeated verification changes nothing.
      requireSubmitted(state);
      if (state.lifecycle !== 'submitted' || state.licenses) return [];
      const { checks, problems, declarationDate } = command;
      return problems.length === 0
        ? [{ type: 'LicensesVerified', data: { checks, declarationDate, verifiedAt: now } }]
        : [{ type: 'LicenseVerificationFailed', data: { problems, checks, declarationDate, verifiedAt: now } }];
    }
    case 'RecordLicenseWriteOffFailure':
      requireSubmitted(state);
      if (state.lifecycle !== 'submitted' || state.licenses?.status === 'write-off-failed') return [];
      return [{ type: 'LicenseWriteOffFailed', data: { reason: command.reason, problems: command.problems, failedAt: now } }];
    default:
      return decideCorrection(command, state, now);
  }
}

type CorrectionCommand = Extract<DeclarationCommand, { type: 'RequestAmendment' | 'DecideAmendment' | 'Return' | 'Resubmit' | 'RequestInformation' | 'Respond' }>;

const released = (state: DeclarationState) => state.lifecycle === 'released' || state.lifecycle === 'exited';

/** Amendments, returns and requests for information (corrections.ts has the rules they share). */
function decideCorrection(command: CorrectionCommand, state: DeclarationState, now: string): DeclarationEvent[] {
  const declaration = requireSubmitted(state);
  if (finished(state)) throw new DomainError(`declaration-${state.lifecycle}`, `The declaration was ${state.lifecycle}: it is not corrected any more`);
  switch (command.type) {
    case 'RequestAmendment': {
      if (state.lifecycle === 'returned') throw new DomainError('declaration-returned', 'The declaration was returned (退单): resubmit the whole corrected declaration instead of amending it');
      if (state.amendments.some((a) => a.status === 'pending')) throw new DomainError('amendment-pending', 'An amendment of this declaration is waiting for customs: it is decided before another is asked for');
      if (state.amendments.some((a) => a.id === command.amendmentId)) return [];
      const changed = Object.entries(command.changes).filter(([field, value]) => JSON.stringify((declaration as unknown as Record<string, unknown>)[field]) !== JSON.stringify(value));
      if (changed.length === 0) throw fieldRefusal('amendment-empty', 'The amendment changes nothing', [{ field: 'changes', message: 'must change at least one field of the declaration' }]);
      const afterRelease = released(state);
      const changes = Object.fromEntries(changed) as AmendmentChanges;
      const violations = afterRelease ? afterReleaseViolations(declaration, changes) : [];
      if (violations.length) throw fieldRefusal('amendment-after-release', 'After release only values and quantities may be amended (补税 / 退税)', violations);
      return [{ type: 'AmendmentRequested', data: { amendmentId: command.amendmentId, reason: command.reason, changes, afterRelease, baseVersion: state.version, requestedAt: now } }];
    }
    case 'DecideAmendment': {
      const amendment = state.amendments.find((a) => a.id === command.amendmentId);
      if (!amendment) throw new DomainError('unknown-amendment', `There is no amendment ${command.amendmentId} of this declaration`);
      if (amendment.status !== 'pending') throw new DomainError('amendment-decided', `The amendment was already ${amendment.status}`);
      // The declaration moved on since it was asked for (resubmitted, returned, released): the amendment is stale.
      const moved = amendment.baseVersion !== state.version || state.lifecycle === 'returned' || (!amendment.afterRelease && released(state));
      if (moved) throw new DomainError('amendment-stale', 'The declaration changed since this amendment was asked for (version, return or release): the declarant asks again on the current declaration');
      const decided = { amendmentId: amendment.id, reason: command.reason, by: command.officer, decidedAt: now };
      if (command.decision === 'refuse') return [{ type: 'AmendmentRefused', data: decided }];
      const approved: DeclarationEvent = {
        type: 'AmendmentApproved',
        data: { ...decided, declaration: amendedBody(declaration, amendment.changes), version: state.version + 1, afterRelease: amendment.afterRelease },
      };
      // Before release the amended declaration is routed again (an agency newly routed opens its case).
      const routing = command.routing;
      return amendment.afterRelease || !routing ? [approved] : [approved, { type: 'DeclarationRouted', data: { ...routingOf(routing), routedAt: now } }];
    }
    case 'Return':
      if (state.lifecycle === 'returned') return [];
      if (state.lifecycle !== 'submitted') throw new DomainError('already-released', 'A released declaration is not returned: the declarant amends it (修改申请)');
      return [{ type: 'DeclarationReturned', data: { agency: command.agency, reason: command.reason, by: command.officer, returnedAt: now } }];
    case 'Resubmit': {
      if (state.lifecycle !== 'returned') throw new DomainError('not-returned', 'Only a returned declaration (退单) is resubmitted: amend it instead (修改申请)');
      const changedIdentity = (['mode', 'direction'] as const).filter((f) => command.declaration[f] !== declaration[f]);
      if (command.declaration.declarant.uscc !== declaration.declarant.uscc) changedIdentity.push('declarant.uscc' as never);
      if (changedIdentity.length) {
        throw fieldRefusal('resubmission-declarant', 'The resubmitted declaration keeps its declarant, mode and direction',
          changedIdentity.map((field) => ({ field, message: 'must stay as first declared: file a new declaration to change it' })));
      }
      const { routing } = command;
      return [
        { type: 'DeclarationResubmitted', data: { declaration: command.declaration, version: state.version + 1, requestHash: command.requestHash, resubmittedAt: now } },
        { type: 'DeclarationRouted', data: { ...routingOf(routing), routedAt: now } },
      ];
    }
    case 'RequestInformation':
      if (state.requests.some((r) => r.id === command.requestId)) return [];
      if (state.lifecycle !== 'submitted') throw new DomainError(state.lifecycle === 'returned' ? 'declaration-returned' : 'already-released', `Information is requested on a declaration under review; this one is ${state.lifecycle}`);
      return [{ type: 'InformationRequested', data: { requestId: command.requestId, agency: command.agency, reason: command.reason, fields: command.fields, by: command.officer, requestedAt: now } }];
    case 'Respond': {
      const request = state.requests.find((r) => r.id === command.requestId);
      if (!request) throw fieldRefusal('unknown-request', `There is no request for information ${command.requestId} on this declaration`, [{ field: 'requestId', message: 'must name an open request for information of this declaration' }]);
      if (request.status !== 'open') throw new DomainError('request-answered', 'This request for information was already answered');
      return [{ type: 'InformationProvided', data: { requestId: request.id, agency: request.agency, note: command.note, documents: command.documents, respondedAt: now } }];
    }
  }
}

export const declarationDecider: Decider<DeclarationState, DeclarationCommand, DeclarationEvent> = {
  initialState: initialDeclarationState,
  evolve: evolveDeclaration,
  decide: decideDeclaration,
};
