import { DomainError, NotFoundError, type Decider, type DomainEvent } from '@sw/event-store';
import { normalizeConveyance, normalizeDocument, type ActiveAlert } from '@sw/shipment';

/**
 * 运输工具申报: a road or rail conveyance declared at a border post, with its crew and the
 * declarations on board (none: an empty truck). Border check (边检) decides it like a case: an
 * enforcement alert on the vehicle or on a crew member's document holds it (执法互助), otherwise
 * it is cleared; an officer releases, holds or refuses it. The gate opens on a cleared crossing
 * and records its exit once. Stream `crossing-<id>`.
 */
export interface CrewMember {
  name: string;
  /** Passport or travel document number. */
  document: string;
}

export type CrossingDirection = 'import' | 'export';
export type CrossingStatus = 'declared' | 'held' | 'cleared' | 'refused' | 'exited';

export interface CrossingDeclaredData {
  crossingId: string;
  /** The declaring carrier's (or driver's company's) USCC. */
  carrier: string;
  conveyance: string;
  direction: CrossingDirection;
  portOfEntry: string;
  crew: CrewMember[];
  empty: boolean;
  declarations: string[];
  declaredBy: string;
  declaredAt: string;
}

export interface CrossingAlertHit {
  alertId: string;
  subject: ActiveAlert['subject'];
  action: ActiveAlert['action'];
  reason: string;
}

export type CrossingEvent =
  | DomainEvent<'CrossingDeclared', CrossingDeclaredData>
  | DomainEvent<'CrossingAssessed', { crossingId: string; alerts: CrossingAlertHit[]; assessedAt: string }>
  | DomainEvent<'CrossingHeld', { crossingId: string; reason: string; by: string; alertId?: string; heldAt: string }>
  | DomainEvent<'CrossingCleared', { crossingId: string; reason: string; by: string; clearedAt: string }>
  | DomainEvent<'CrossingRefused', { crossingId: string; reason: string; by: string; refusedAt: string }>
  | DomainEvent<'CrossingExited', { crossingId: string; conveyance: string; portOfEntry: string; declarations: string[]; by: string; exitedAt: string }>;

export type CrossingDecision = 'release' | 'hold' | 'reject';

export type CrossingCommand =
  | { type: 'DeclareCrossing'; crossing: Omit<CrossingDeclaredData, 'declaredAt'>; now: Date }
  /** The border check's assessment against the active alerts (the clearance process gives them). */
  | { type: 'AssessCrossing'; alerts: ActiveAlert[]; now: Date }
  | { type: 'DecideCrossing'; decision: CrossingDecision; reason: string; officer: string; now: Date }
  /** An alert raised after the crossing was declared (执法互助). */
  | { type: 'HoldCrossingForAlert'; alert: ActiveAlert; now: Date }
  | { type: 'RecordCrossingExit'; by: string; now: Date };

export interface CrossingState {
  status: CrossingStatus | 'none';
  crossing?: CrossingDeclaredData;
  assessed: boolean;
  alerts: CrossingAlertHit[];
  reasons: string[];
  exitedAt?: string;
}

export const initialCrossingState = (): CrossingState => ({ status: 'none', assessed: false, alerts: [], reasons: [] });

export function evolveCrossing(state: CrossingState, event: CrossingEvent): CrossingState {
  switch (event.type) {
    case 'CrossingDeclared':
      return { ...initialCrossingState(), status: 'declared', crossing: event.data };
    case 'CrossingAssessed':
      return { ...state, assessed: true, alerts: [...state.alerts, ...event.data.alerts] };
    case 'CrossingHeld':
      return { ...state, status: 'held', reasons: [...state.reasons, event.data.reason] };
    case 'CrossingCleared':
      return { ...state, status: 'cleared' };
    case 'CrossingRefused':
      return { ...state, status: 'refused', reasons: [...state.reasons, event.data.reason] };
    case 'CrossingExited':
      return { ...state, status: 'exited', exitedAt: event.data.exitedAt };
  }
}

/** The alerts that concern a crossing: on its vehicle (plate normalized) or on a crew member's document. */
export function crossingAlerts(crossing: Pick<CrossingDeclaredData, 'conveyance' | 'crew'>, alerts: readonly ActiveAlert[]): CrossingAlertHit[] {
  const plate = normalizeConveyance(crossing.conveyance);
  const documents = new Set(crossing.crew.map((member) => normalizeDocument(member.document)));
  return alerts
    .filter(({ subject }) => (subject.kind === 'conveyance' && normalizeConveyance(subject.value) === plate) || (subject.kind === 'crew' && documents.has(normalizeDocument(subject.value))))
    .map(({ id, subject, action, reason }) => ({ alertId: id, subject, action, reason }));
}

const isOver = (state: CrossingState) => state.status === 'refused' || state.status === 'exited';

export function decideCrossing(command: CrossingCommand, state: CrossingState): CrossingEvent[] {
  const at = command.now.toISOString();
  if (command.type === 'DeclareCrossing') {
    if (state.status !== 'none') throw new DomainError('crossing-already-declared', 'This crossing is already declared');
    const { crossing } = command;
    if (crossing.empty && crossing.declarations.length) throw new DomainError('empty-crossing-with-declarations', 'An empty conveyance carries no declarations');
    return [{ type: 'CrossingDeclared', data: { ...crossing, declaredAt: at } }];
  }
  if (state.status === 'none') throw new NotFoundError('No such crossing', 'unknown-crossing');
  const crossingId = state.crossing!.crossingId;
  switch (command.type) {
    case 'AssessCrossing': {
      if (state.assessed || isOver(state)) return [];
      const hits = crossingAlerts(state.crossing!, command.alerts);
      const assessed: CrossingEvent = { type: 'CrossingAssessed', data: { crossingId, alerts: hits, assessedAt: at } };
      if (!hits.length) return [assessed, { type: 'CrossingCleared', data: { crossingId, reason: 'no alert on the vehicle or its crew', by: 'system', clearedAt: at } }];
      // Any alert on the vehicle or a person on it holds the crossing for an officer (an "examine" alert too: the officer checks them).
      const [first] = hits;
      return [assessed, { type: 'CrossingHeld', data: { crossingId, reason: `alert ${first!.alertId} (${first!.subject.kind} ${first!.subject.value}): ${first!.reason}`, by: 'system', alertId: first!.alertId, heldAt: at } }];
    }
    case 'HoldCrossingForAlert': {
      if (isOver(state) || state.alerts.some((a) => a.alertId === command.alert.id)) return [];
      const hits = crossingAlerts(state.crossing!, [command.alert]);
      if (!hits.length) return [];
      const { alert } = command;
      return [
        { type: 'CrossingAssessed', data: { crossingId, alerts: hits, assessedAt: at } },
        { type: 'CrossingHeld', data: { crossingId, reason: `alert ${alert.id} (${alert.subject.kind} ${alert.subject.value}): ${alert.reason}`, by: 'system', alertId: alert.id, heldAt: at } },
      ];
    }
    case 'DecideCrossing': {
      if (isOver(state)) throw new DomainError('crossing-closed', `The crossing is ${state.status}: no decision changes it`);
      const { decision, reason, officer } = command;
      if (decision === 'release') return state.status === 'cleared' ? [] : [{ type: 'CrossingCleared', data: { crossingId, reason, by: officer, clearedAt: at } }];
      if (decision === 'hold') return [{ type: 'CrossingHeld', data: { crossingId, reason, by: officer, heldAt: at } }];
      return [{ type: 'CrossingRefused', data: { crossingId, reason, by: officer, refusedAt: at } }];
    }
    case 'RecordCrossingExit': {
      if (state.status === 'exited') return []; // recorded exactly once
      if (state.status !== 'cleared') throw new DomainError('crossing-not-cleared', `The crossing is ${state.status}: the gate opens on a cleared crossing`);
      const { conveyance, portOfEntry, declarations } = state.crossing!;
      return [{ type: 'CrossingExited', data: { crossingId, conveyance, portOfEntry, declarations, by: command.by, exitedAt: at } }];
    }
  }
}

export const crossingDecider: Decider<CrossingState, CrossingCommand, CrossingEvent> = {
  initialState: initialCrossingState,
  evolve: evolveCrossing,
  decide: decideCrossing,
};
