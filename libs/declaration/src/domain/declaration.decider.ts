import { DomainError, type Decider } from '@sw/event-store';
import { COMPLETE_DECLARATION_DAYS, type DeclarationEvent } from './declaration.events';
import type { Routing } from './routing';
import type { Agency, ChargeAmount, DeclarationBody, DeclarationItem, LicenseCheck, LicenseProblem } from '@sw/shipment';
import { headerDifferences } from './complete-declaration';

export type DeclarationCommand =
  /**
   * routing: the agencies that must act on it, decided by routeDeclaration on the reference data
   * when it is submitted (the handler computes it, as it reads the arrival: the decider stays pure).
   */
  | { type: 'Submit'; declarationId: string; declaration: DeclarationBody; requestHash: string; arrivedAt: string | null; routing: Routing; now: Date }
  | { type: 'RecordArrival'; arrivedAt: string; billOfLading: string; conveyance: string; now: Date }
  | { type: 'Route'; agencies: Agency[]; reasons: Partial<Record<Agency, string[]>>; now: Date }
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
  | { type: 'RecordLicenseWriteOffFailure'; reason: string; problems: LicenseProblem[]; now: Date };

/** The declaration's own lifecycle; what the agencies decide lives in their case streams. */
export type DeclarationLifecycle = 'none' | 'submitted' | 'released' | 'exited' | 'rejected' | 'withdrawn';

export interface DeclarationState {
  lifecycle: DeclarationLifecycle;
  declarationId?: string;
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
}

const DAY_MS = 24 * 3600 * 1000;

export const initialDeclarationState = (): DeclarationState => ({
  lifecycle: 'none', arrivedAt: null, routing: null, complete: null, guaranteeReferences: [], paymentReferences: [], licenses: null,
});

export function evolveDeclaration(state: DeclarationState, event: DeclarationEvent): DeclarationState {
  switch (event.type) {
    case 'DeclarationSubmitted':
      return {
        ...state,
        lifecycle: 'submitted',
        declarationId: event.data.declarationId,
        declaration: event.data.declaration,
        requestHash: event.data.requestHash,
        arrivedAt: event.data.arrivedAt,
        complete: event.data.declaration.mode === 'two-step' ? { dueAt: null, filed: false, overdue: false } : null,
      };
    case 'ArrivalRecorded':
      return { ...state, arrivedAt: state.arrivedAt ?? event.data.arrivedAt };
    case 'DeclarationRouted':
      return { ...state, routing: { agencies: event.data.agencies, reasons: event.data.reasons } };
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
      // 提前申报 waits for the arrival report; a standard declaration's goods are at the port.
      const arrivedAt = command.arrivedAt ?? (command.declaration.mode === 'standard' ? now : null);
      const submitted: DeclarationEvent = {
        type: 'DeclarationSubmitted',
        data: { declarationId: command.declarationId, declaration: command.declaration, submittedAt: now, requestHash: command.requestHash, arrivedAt },
      };
      // Routed in the same write (一次申报): the declarant sees at once which agencies act on it.
      const routed: DeclarationEvent = { type: 'DeclarationRouted', data: { agencies: command.routing.agencies, reasons: command.routing.reasons, routedAt: now } };
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
      return [{ type: 'DeclarationRouted', data: { agencies: command.agencies, reasons: command.reasons, routedAt: now } }];
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
  }
}

export const declarationDecider: Decider<DeclarationState, DeclarationCommand, DeclarationEvent> = {
  initialState: initialDeclarationState,
  evolve: evolveDeclaration,
  decide: decideDeclaration,
};
