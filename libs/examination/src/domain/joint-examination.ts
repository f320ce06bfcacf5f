import { DomainError, type Decider } from '@sw/event-store';
import { AGENCIES, CHECK_KINDS, isAgency, orderedChecks, type Agency, type CheckKind } from '@sw/shipment';
import { CONVEYANCE_CHECKS } from './joint-examination.events';
import type {
  Appointment, CheckStatus, ExaminationCommand, ExaminationEvent, ExaminationResults, Finding, FindingInput, ResultSource,
} from './joint-examination.events';

/** 联合查验 / 一次查验: the decider (state, evolve, decide); its events and commands are in joint-examination.events.ts, its view in examination.view.ts. */
export interface RequiredCheck {
  check: CheckKind;
  status: CheckStatus;
  /** Whose result it is: the agency itself (passed, failed), the source agency or lab (recognized). */
  by?: ResultSource;
}

export interface AgencyExamination {
  agency: Agency;
  /** Why the agency selected the shipment (one reason per selection). */
  reasons: string[];
  /** Its required checks, in canonical order, each once. */
  checks: RequiredCheck[];
  joinedAt: string;
}

export interface ExaminationState {
  status: 'none' | 'scheduled' | 'completed';
  declarationId?: string;
  /** The participating agencies, in the order they joined. */
  agencies: Partial<Record<Agency, AgencyExamination>>;
  findings: Finding[];
  /** The first pass recorded for each check kind, by its source: what the other agencies recognize. */
  passed: Partial<Record<CheckKind, ResultSource>>;
  appointment?: Appointment;
  scheduledAt?: string;
  completedAt?: string;
  results?: ExaminationResults;
  /** 1, then one more for each further round (复验); the agencies taking part in the current one after the first. */
  round: number;
  roundAgencies?: Agency[];
  /** Checks recognized from the examination of another declaration on the same conveyance (一次查验 of a truck). */
  onConveyance?: Partial<Record<CheckKind, { crossingId: string; from: string }>>;
}

/** Days ahead an appointment may be booked. */
export const MAX_APPOINTMENT_DAYS_AHEAD = 30;
const DAY_MS = 86_400_000;

export const initialExaminationState = (): ExaminationState => ({ status: 'none', agencies: {}, findings: [], passed: {}, round: 1 });

/** The participating agencies, in the order they joined. */
export const participants = (state: ExaminationState): AgencyExamination[] =>
  Object.values(state.agencies).filter((agency): agency is AgencyExamination => agency !== undefined);

const isSatisfied = (status: CheckStatus) => status === 'passed' || status === 'recognized';

function withChecks(participant: AgencyExamination, checks: CheckKind[], recognized: { check: CheckKind; by: ResultSource }[]): AgencyExamination {
  const known = new Map(participant.checks.map((c) => [c.check, c]));
  for (const check of checks) if (!known.has(check)) known.set(check, { check, status: 'pending' });
  for (const { check, by } of recognized) known.set(check, { check, status: 'recognized', by });
  return { ...participant, checks: orderedChecks(known.keys()).map((check) => known.get(check)!) };
}

function setCheck(state: ExaminationState, agency: Agency, required: RequiredCheck): ExaminationState {
  const participant = state.agencies[agency];
  if (!participant) return state;
  const checks = participant.checks.map((c) => (c.check === required.check ? required : c));
  return { ...state, agencies: { ...state.agencies, [agency]: { ...participant, checks } } };
}

/** The recording agency's own status for a finding: a third-party lab's pass is recognized, not the agency's own. */
function ownStatus(finding: Finding): RequiredCheck {
  const thirdParty = finding.source?.kind === 'third-party-lab';
  const by: ResultSource = thirdParty ? 'third-party-lab' : finding.by;
  if (finding.result === 'fail') return { check: finding.check, status: 'failed', by };
  return { check: finding.check, status: thirdParty ? 'recognized' : 'passed', by };
}

export const findingSource = (finding: Finding): ResultSource => (finding.source?.kind === 'third-party-lab' ? 'third-party-lab' : finding.by);

export function evolveExamination(state: ExaminationState, event: ExaminationEvent): ExaminationState {
  switch (event.type) {
    case 'ExaminationScheduled': {
      const { declarationId, agency, checks, reason, recognized, at } = event.data;
      const participant: AgencyExamination = withChecks({ agency, reasons: [reason], checks: [], joinedAt: at }, checks, recognized ?? []);
      // What the conveyance's checks passed before the selection stays known.
      const carried = { passed: state.passed, ...(state.onConveyance ? { onConveyance: state.onConveyance } : {}) };
      return { ...initialExaminationState(), ...carried, status: 'scheduled', declarationId, agencies: { [agency]: participant }, scheduledAt: at };
    }
    case 'AgencyJoinedExamination':
    case 'ExaminationChecksAdded': {
      const { agency, checks, reason, recognized, at } = event.data;
      const existing = state.agencies[agency] ?? { agency, reasons: [], checks: [], joinedAt: at };
      const participant = withChecks({ ...existing, reasons: [...existing.reasons, reason] }, checks, recognized);
      const roundAgencies = state.roundAgencies && !state.roundAgencies.includes(agency) ? [...state.roundAgencies, agency] : state.roundAgencies;
      return { ...state, agencies: { ...state.agencies, [agency]: participant }, ...(roundAgencies ? { roundAgencies } : {}) };
    }
    case 'ExaminationRoundOpened': {
      const { agency, checks, reason, recognized, round, at } = event.data;
      const existing = state.agencies[agency] ?? { agency, reasons: [], checks: [], joinedAt: at };
      const keep = new Set(recognized.map((r) => r.check));
      // Its own results on the checks asked again are examined anew; what it recognized stays.
      const reset = { ...existing, reasons: [...existing.reasons, reason], checks: existing.checks.filter((c) => !checks.includes(c.check) || keep.has(c.check)) };
      const participant = withChecks(reset, checks, recognized);
      return { ...state, status: 'scheduled', round, roundAgencies: [agency], agencies: { ...state.agencies, [agency]: participant }, completedAt: undefined };
    }
    case 'AppointmentBooked': {
      const { slot, location, bookedBy, at } = event.data;
      return { ...state, appointment: { slot, ...(location !== undefined ? { location } : {}), bookedBy, bookedAt: at } };
    }
    case 'FindingsRecorded': {
      let next: ExaminationState = { ...state, findings: [...state.findings, ...event.data.findings], passed: { ...state.passed } };
      for (const finding of event.data.findings) {
        next = setCheck(next, event.data.agency, ownStatus(finding));
        if (finding.result === 'pass' && next.passed[finding.check] === undefined) next.passed[finding.check] = findingSource(finding);
      }
      return next;
    }
    case 'CheckRecognized': {
      const { agency, check, by } = event.data;
      return setCheck(state, agency, { check, status: 'recognized', by });
    }
    case 'ConveyanceCheckRecognized': {
      const { check, by, crossingId, from } = event.data;
      let next: ExaminationState = { ...state, passed: { ...state.passed, [check]: state.passed[check] ?? by }, onConveyance: { ...state.onConveyance, [check]: { crossingId, from } } };
      for (const participant of participants(state)) {
        if (participant.checks.some((c) => c.check === check && c.status === 'pending')) next = setCheck(next, participant.agency, { check, status: 'recognized', by });
      }
      return next;
    }
    case 'ExaminationCompleted':
      return { ...state, status: 'completed', results: event.data.results, completedAt: event.data.at };
  }
}

// ---------------------------------------------------------------------------------------------
// Decide

const refuse = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

const isCheckKind = (value: unknown): value is CheckKind => (CHECK_KINDS as readonly unknown[]).includes(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Check kinds as a request names them: known kinds, at least one, none twice. */
function requestedChecks(checks: unknown): CheckKind[] {
  if (!Array.isArray(checks) || checks.length === 0) refuse('no-checks', 'Name at least one check kind the examination must cover');
  const list = checks as unknown[];
  const unknown = list.filter((check) => !isCheckKind(check));
  if (unknown.length) refuse('unknown-check', `Unknown check kind ${unknown.map((c) => `"${String(c)}"`).join(', ')}: one of ${CHECK_KINDS.join(', ')}`, { checks: unknown });
  const twice = duplicates(list as CheckKind[]);
  if (twice.length) refuse('duplicate-check', `The request names ${twice.join(', ')} more than once: name each check kind once`, { checks: twice });
  return list as CheckKind[];
}

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

/** The agencies of the current round: every participant in the first, those asking again after it. */
const inRound = (state: ExaminationState): AgencyExamination[] =>
  participants(state).filter((a) => !state.roundAgencies || state.roundAgencies.includes(a.agency));

const isComplete = (state: ExaminationState): boolean => {
  const agencies = inRound(state);
  return state.status === 'scheduled' && agencies.length > 0 && agencies.every((a) => a.checks.every((c) => c.status !== 'pending'));
};

const resultsOf = (state: ExaminationState): ExaminationResults =>
  Object.fromEntries(inRound(state).map((a) => [a.agency, a.checks.some((c) => c.status === 'failed') ? 'failed' : 'passed']));

/** The events, followed by ExaminationCompleted when they leave every participating agency's checks decided. */
function completingWhenDone(state: ExaminationState, events: ExaminationEvent[], at: string): ExaminationEvent[] {
  const next = events.reduce(evolveExamination, state);
  return isComplete(next) ? [...events, { type: 'ExaminationCompleted', data: { results: resultsOf(next), at } }] : events;
}

/** The checks among `checks` already passed for the shipment, with whose result each is. */
const alreadyPassed = (state: ExaminationState, checks: CheckKind[]) =>
  checks.flatMap((check) => (state.passed[check] !== undefined ? [{ check, by: state.passed[check]! }] : []));

function select(command: Extract<ExaminationCommand, { type: 'SelectForExamination' }>, state: ExaminationState, at: string): ExaminationEvent[] {
  if (!isAgency(command.agency)) refuse('unknown-agency', `Unknown agency "${String(command.agency)}": one of ${AGENCIES.join(', ')}`);
  if (!nonEmpty(command.declarationId)) refuse('declaration-required', 'Name the declaration the examination is for');
  if (state.declarationId !== undefined && state.declarationId !== command.declarationId) {
    refuse('wrong-declaration', `This is the examination of declaration ${state.declarationId}, not of ${command.declarationId}`);
  }
  const checks = orderedChecks(requestedChecks(command.checks));
  if (!nonEmpty(command.reason)) refuse('reason-required', 'Say why the shipment is selected for examination');
  const reason = command.reason.trim();
  const { agency } = command;
  const participant = state.agencies[agency];
  // A check kind is requested once per agency: what it already requires is not asked again.
  const added = participant ? checks.filter((check) => !participant.checks.some((c) => c.check === check)) : checks;

  // The same selection delivered again (subscriptions are at-least-once) changes nothing.
  if (participant && added.length === 0 && !(state.status === 'completed' && command.again)) return [];
  if (state.status === 'completed' && command.again) {
    // 复验: recognized results of earlier rounds stay recognized (监管互认), by whomever they were passed.
    const ownChecks = new Map((participant?.checks ?? []).map((c) => [c.check, c]));
    const recognized = checks.flatMap((check) => {
      const own = ownChecks.get(check);
      if (own?.status === 'recognized') return [{ check, by: own.by! }];
      const by = state.passed[check];
      return !own && by !== undefined && by !== agency ? [{ check, by }] : [];
    });
    const opened: ExaminationEvent = { type: 'ExaminationRoundOpened', data: { round: (state.round ?? 1) + 1, agency, checks, reason, recognized, at } };
    return completingWhenDone(state, [opened], at);
  }
  if (participant && added.length === 0) return [];
  if (state.status === 'completed') {
    refuse('examination-completed', `The examination of declaration ${state.declarationId} is completed: a completed examination takes no new selection`);
  }
  if (state.status === 'none') {
    // The truck's scan may already have been passed for another declaration on it: recognized at once.
    const recognized = alreadyPassed(state, checks);
    const scheduled: ExaminationEvent = { type: 'ExaminationScheduled', data: { declarationId: command.declarationId, agency, checks, reason, at, ...(recognized.length ? { recognized } : {}) } };
    return completingWhenDone(state, [scheduled], at);
  }
  // 监管互认: what another agency (or an accepted lab) already passed is recognized at once.
  const data = { agency, checks: added, reason, recognized: alreadyPassed(state, added), at };
  const events: ExaminationEvent[] = [participant ? { type: 'ExaminationChecksAdded', data } : { type: 'AgencyJoinedExamination', data }];
  return completingWhenDone(state, events, at);
}

function requireOpen(state: ExaminationState, action: string): void {
  if (state.status === 'none') refuse('no-examination', `Cannot ${action}: no examination is scheduled for this shipment (an agency selects it for examination first)`);
  if (state.status === 'completed') refuse('examination-completed', `Cannot ${action}: the examination is completed`);
}

function book(command: Extract<ExaminationCommand, { type: 'BookAppointment' }>, state: ExaminationState, at: string): ExaminationEvent[] {
  requireOpen(state, 'book an appointment');
  const { from, to } = command.slot ?? ({} as { from?: Date; to?: Date });
  const valid = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
  if (!valid(from) || !valid(to)) refuse('invalid-slot', 'The slot needs a valid start and end time');
  if (!(from!.getTime() < to!.getTime())) refuse('invalid-slot', `The slot must end after it starts (${from!.toISOString()} – ${to!.toISOString()})`);
  if (from!.getTime() < command.now.getTime()) refuse('slot-in-past', `The slot starts at ${from!.toISOString()}, before now (${at}): book a future slot`);
  const latest = command.now.getTime() + MAX_APPOINTMENT_DAYS_AHEAD * DAY_MS;
  if (to!.getTime() > latest) {
    refuse('slot-too-far', `The slot must end within ${MAX_APPOINTMENT_DAYS_AHEAD} days (by ${new Date(latest).toISOString()})`);
  }
  const bookedBy = command.bookedBy;
  if (!bookedBy || (bookedBy.kind !== 'enterprise' && bookedBy.kind !== 'officer') || !nonEmpty(bookedBy.id)) {
    refuse('booked-by-required', 'Say who books the appointment: the enterprise (its USCC) or an officer');
  }
  if (command.location !== undefined && !nonEmpty(command.location)) refuse('invalid-location', 'The location, when given, cannot be blank');
  const slot = { from: from!.toISOString(), to: to!.toISOString() };
  const location = command.location?.trim();
  const current = state.appointment;
  // An officer's booking stands against the enterprise: it asks the officer to move it, it does not overwrite it.
  if (current?.bookedBy.kind === 'officer' && bookedBy.kind === 'enterprise') {
    refuse('appointment-booked-by-officer', `The examination was booked by an officer for ${current.slot.from} – ${current.slot.to}: ask the agency to move it`);
  }
  if (current && current.slot.from === slot.from && current.slot.to === slot.to && current.location === location
    && current.bookedBy.kind === bookedBy.kind && current.bookedBy.id === bookedBy.id) return [];
  return [{ type: 'AppointmentBooked', data: { slot, ...(location !== undefined ? { location } : {}), bookedBy: { kind: bookedBy.kind, id: bookedBy.id }, at } }];
}

function validFindings(command: Extract<ExaminationCommand, { type: 'RecordFindings' }>, participant: AgencyExamination, at: string): Finding[] {
  const { agency } = command;
  if (!Array.isArray(command.findings) || command.findings.length === 0) refuse('no-findings', 'Record at least one finding');
  requestedChecks(command.findings.map((f) => f?.check));
  const badResult = command.findings.filter((f) => f.result !== 'pass' && f.result !== 'fail');
  if (badResult.length) refuse('invalid-result', `A finding's result is "pass" or "fail" (${badResult.map((f) => f.check).join(', ')})`);
  for (const { check, source } of command.findings) {
    if (source === undefined) continue;
    if (source.kind === 'third-party-lab') {
      if (!nonEmpty(source.name)) refuse('invalid-source', `The third-party lab result for ${check} must name the lab`, { check });
    } else if (source.kind === 'agency') {
      if (source.name !== agency) refuse('finding-not-own', `An officer of ${agency} records ${agency}'s findings only, not ${String(source.name)}'s (${check})`, { check });
    } else {
      refuse('invalid-source', `The source of the ${check} finding is an agency or a third-party lab`, { check });
    }
  }

  const status = new Map(participant.checks.map((c) => [c.check, c]));
  const notRequired = command.findings.filter((f) => !status.has(f.check)).map((f) => f.check);
  if (notRequired.length) {
    refuse('check-not-required', `${agency} does not require ${notRequired.join(', ')} for this shipment (it requires ${participant.checks.map((c) => c.check).join(', ')})`, { checks: notRequired });
  }
  const satisfied = command.findings.map((f) => status.get(f.check)!).filter((c) => isSatisfied(c.status));
  if (satisfied.length) {
    const which = satisfied.map((c) => (c.status === 'passed' ? `${c.check} (passed)` : `${c.check} (recognized from ${c.by})`)).join(', ');
    refuse('check-already-satisfied', `${which} ${satisfied.length > 1 ? 'are' : 'is'} already satisfied for ${agency}: a satisfied check is not asked again`, { checks: satisfied.map((c) => c.check) });
  }
  const failed = command.findings.map((f) => status.get(f.check)!).filter((c) => c.status === 'failed');
  if (failed.length) {
    refuse('check-already-failed', `${failed.map((c) => c.check).join(', ')} already failed for ${agency}: the recorded finding stands`, { checks: failed.map((c) => c.check) });
  }

  return command.findings.map(({ check, result, note, source }): Finding => ({
    check, result,
    ...(nonEmpty(note) ? { note: note.trim() } : {}),
    by: agency,
    officer: command.officer,
    ...(source ? { source: { kind: source.kind, name: source.name, ...(source.reference !== undefined ? { reference: source.reference } : {}) } } : {}),
    at,
  }));
}

function record(command: Extract<ExaminationCommand, { type: 'RecordFindings' }>, state: ExaminationState, at: string): ExaminationEvent[] {
  requireOpen(state, 'record findings');
  if (!isAgency(command.agency)) refuse('unknown-agency', `Unknown agency "${String(command.agency)}": one of ${AGENCIES.join(', ')}`);
  const participant = state.agencies[command.agency];
  if (!participant) {
    refuse('agency-not-participating', `${command.agency} does not take part in this examination: it selects the shipment for examination first`);
  }
  if (!nonEmpty(command.officer)) refuse('officer-required', 'Findings are recorded by a named officer');
  const findings = validFindings(command, participant!, at);
  const events: ExaminationEvent[] = [{ type: 'FindingsRecorded', data: { agency: command.agency, officer: command.officer, findings, at } }];

  // 监管互认: a pass satisfies every other agency still waiting for that check kind. A failure
  // is not theirs: they see it among the findings and record their own.
  for (const finding of findings) {
    if (finding.result !== 'pass') continue;
    const by = findingSource(finding);
    for (const other of participants(state)) {
      if (other.agency === command.agency) continue;
      if (other.checks.some((c) => c.check === finding.check && c.status === 'pending')) {
        events.push({ type: 'CheckRecognized', data: { agency: other.agency, check: finding.check, by, at } });
      }
    }
  }
  return completingWhenDone(state, events, at);
}

/**
 * 一次查验 of a truck: a check of the whole conveyance passed for another declaration on it is
 * recognized here (监管互认), whether this declaration's examination is scheduled yet or not. Known
 * already, or the examination completed: nothing to do.
 */
function recognizeOnConveyance(command: Extract<ExaminationCommand, { type: 'RecognizeConveyanceCheck' }>, state: ExaminationState, at: string): ExaminationEvent[] {
  if (!CONVEYANCE_CHECKS.includes(command.check)) {
    refuse('not-a-conveyance-check', `${String(command.check)} is a check of one declaration's goods, not of the conveyance (${CONVEYANCE_CHECKS.join(', ')})`);
  }
  if (!nonEmpty(command.crossingId) || !nonEmpty(command.from)) refuse('conveyance-required', 'Name the crossing and the declaration whose examination passed the check');
  if (command.from === state.declarationId) return [];
  if (state.status === 'completed' || state.passed[command.check] !== undefined) return [];
  const { check, by, crossingId, from } = command;
  return completingWhenDone(state, [{ type: 'ConveyanceCheckRecognized', data: { check, by, crossingId, from, at } }], at);
}

export function decideExamination(command: ExaminationCommand, state: ExaminationState): ExaminationEvent[] {
  const at = command.now.toISOString();
  switch (command.type) {
    case 'SelectForExamination':
      return select(command, state, at);
    case 'BookAppointment':
      return book(command, state, at);
    case 'RecordFindings':
      return record(command, state, at);
    case 'RecognizeConveyanceCheck':
      return recognizeOnConveyance(command, state, at);
  }
}

export const jointExaminationDecider: Decider<ExaminationState, ExaminationCommand, ExaminationEvent> = {
  initialState: initialExaminationState,
  evolve: evolveExamination,
  decide: decideExamination,
};
