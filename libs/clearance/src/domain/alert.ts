import { DomainError, NotFoundError, type Decider, type DomainEvent } from '@sw/event-store';
import { validateUscc } from '@sw/reference-data';
import { AGENCIES, ALERT_SUBJECT_KINDS, type ActiveAlert, type Agency, type AlertAction, type AlertSubject } from '@sw/shipment';

/**
 * 执法互助: an alert one agency raises on an enterprise, a conveyance, a commodity (HS prefix) or
 * an origin, in the stream `alert-<id>`. While it is active, it holds or sends to examination the
 * matching unreleased cases in every agency and selects new matching declarations. Lifting it
 * ends its effect on new cases; cases it already held stay held for an officer to release.
 */
export interface AlertOfficer {
  agency: Agency;
  officer: string;
}

export type AlertEvent =
  | DomainEvent<'AlertRaised', { alertId: string; subject: AlertSubject; reason: string; action: AlertAction; raisedBy: AlertOfficer; at: string }>
  | DomainEvent<'AlertLifted', { reason?: string; liftedBy: AlertOfficer; at: string }>;

export type AlertEventType = AlertEvent['type'];

export type AlertCommand =
  | { type: 'RaiseAlert'; alertId: string; subject: AlertSubject; reason: string; action: AlertAction; raisedBy: AlertOfficer; now: Date }
  | { type: 'LiftAlert'; reason?: string; liftedBy: AlertOfficer; now: Date };

export interface AlertState {
  status: 'none' | 'active' | 'lifted';
  alertId?: string;
  subject?: AlertSubject;
  reason?: string;
  action?: AlertAction;
  raisedBy?: AlertOfficer;
  raisedAt?: string;
  lifted?: { reason?: string; liftedBy: AlertOfficer; at: string };
}

export const initialAlertState = (): AlertState => ({ status: 'none' });

export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised': {
      const { alertId, subject, reason, action, raisedBy, at } = event.data;
      return { status: 'active', alertId, subject, reason, action, raisedBy, raisedAt: at };
    }
    case 'AlertLifted':
      return { ...state, status: 'lifted', lifted: { ...(event.data.reason !== undefined ? { reason: event.data.reason } : {}), liftedBy: event.data.liftedBy, at: event.data.at } };
  }
}

const refuse = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export const MAX_CONVEYANCE_LENGTH = 40;

/**
 * The subject as it is recorded: trimmed; USCC and origin in capitals. Refuses a subject that
 * could never match a declaration (declarations carry a checked USCC, 10-digit HS codes and
 * ISO alpha-3 origins).
 */
export function normalizeAlertSubject(subject: AlertSubject): AlertSubject {
  if (!subject || !(ALERT_SUBJECT_KINDS as readonly unknown[]).includes(subject.kind)) {
    refuse('invalid-alert-subject', `An alert's subject is one of ${ALERT_SUBJECT_KINDS.join(', ')}`);
  }
  if (typeof subject.value !== 'string') refuse('invalid-alert-subject', `The ${subject.kind} the alert is on is missing`);
  const raw = subject.value.trim();
  switch (subject.kind) {
    case 'enterprise': {
      const value = raw.toUpperCase();
      const check = validateUscc(value);
      if (!check.valid) refuse('invalid-alert-subject', `"${raw}" is not a unified social credit code (统一社会信用代码): ${check.reason}`);
      return { kind: 'enterprise', value };
    }
    case 'conveyance':
      if (raw.length < 1 || raw.length > MAX_CONVEYANCE_LENGTH || !/[\p{L}\p{N}]/u.test(raw)) {
        refuse('invalid-alert-subject', `A conveyance (plate, vessel or train) has 1 to ${MAX_CONVEYANCE_LENGTH} characters`);
      }
      return { kind: 'conveyance', value: raw };
    case 'commodity':
      if (!/^\d{2,10}$/.test(raw)) refuse('invalid-alert-subject', `"${raw}" is not an HS code prefix: 2 to 10 digits (a chapter, heading, subheading or full code)`);
      return { kind: 'commodity', value: raw };
    case 'origin': {
      const value = raw.toUpperCase();
      if (!/^[A-Z]{3}$/.test(value)) refuse('invalid-alert-subject', `"${raw}" is not an ISO 3166-1 alpha-3 country code`);
      return { kind: 'origin', value };
    }
    case 'crew': {
      // A travel document number (passport, 出入境通行证): letters and digits, spaces and dashes ignored.
      const value = raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
      if (!/^[A-Z0-9]{5,20}$/.test(value)) refuse('invalid-alert-subject', `"${raw}" is not a travel document number: 5 to 20 letters and digits`);
      return { kind: 'crew', value };
    }
  }
}

function requireOfficer(who: AlertOfficer | undefined, role: 'raisedBy' | 'liftedBy'): AlertOfficer {
  if (!who || !(AGENCIES as readonly unknown[]).includes(who.agency) || !nonEmpty(who.officer)) {
    refuse('officer-required', `An alert is ${role === 'raisedBy' ? 'raised' : 'lifted'} by a named officer of customs, inspection or border`);
  }
  return { agency: who!.agency, officer: who!.officer };
}

export function decideAlert(command: AlertCommand, state: AlertState): AlertEvent[] {
  const at = command.now.toISOString();
  switch (command.type) {
    case 'RaiseAlert': {
      if (state.status !== 'none') refuse('alert-already-raised', `Alert ${state.alertId} was already raised: raise a new alert instead`);
      if (!nonEmpty(command.alertId)) refuse('alert-id-required', 'An alert needs an id');
      const subject = normalizeAlertSubject(command.subject);
      if (!nonEmpty(command.reason)) refuse('reason-required', 'Say why the alert is raised: the other agencies read it as the reason for holding or examining their cases');
      if (command.action !== 'hold' && command.action !== 'examine') refuse('invalid-alert-action', 'An alert either holds matching cases ("hold") or sends them to examination ("examine")');
      const raisedBy = requireOfficer(command.raisedBy, 'raisedBy');
      return [{ type: 'AlertRaised', data: { alertId: command.alertId, subject, reason: command.reason.trim(), action: command.action, raisedBy, at } }];
    }
    case 'LiftAlert': {
      if (state.status === 'none') throw new NotFoundError('No such alert');
      if (state.status === 'lifted') refuse('alert-not-active', `Alert ${state.alertId} was already lifted on ${state.lifted?.at}`);
      const liftedBy = requireOfficer(command.liftedBy, 'liftedBy');
      // 执法互助: the agency that raised an alert answers for it; another agency asks it to lift.
      if (state.raisedBy && liftedBy.agency !== state.raisedBy.agency) refuse('alert-of-another-agency', `Alert ${state.alertId} was raised by ${state.raisedBy.agency}: only its officers lift it`);
      const reason = nonEmpty(command.reason) ? command.reason.trim() : undefined;
      return [{ type: 'AlertLifted', data: { ...(reason !== undefined ? { reason } : {}), liftedBy, at } }];
    }
  }
}

export const alertDecider: Decider<AlertState, AlertCommand, AlertEvent> = {
  initialState: initialAlertState,
  evolve: evolveAlert,
  decide: decideAlert,
};

/** The alert as risk assessment takes it (AssessRisk's `alerts`); null unless it is active. */
export function activeAlert(state: AlertState): ActiveAlert | null {
  if (state.status !== 'active' || !state.alertId || !state.subject || !state.action) return null;
  return { id: state.alertId, subject: state.subject, action: state.action, reason: state.reason ?? '' };
}
