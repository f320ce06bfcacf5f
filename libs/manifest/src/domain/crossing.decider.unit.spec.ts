import { DomainError } from '@sw/event-store';
import type { ActiveAlert } from '@sw/shipment';
import { crossingDecider, type CrossingCommand, type CrossingDeclaredData, type CrossingEvent } from './crossing';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 8) + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const declaration: CrossingDeclaredData = {
  crossingId: 'c-1', carrier: '91150000MA0N00000X', conveyance: '蒙K-12345', direction: 'import', portOfEntry: '0700',
  crew: [{ name: 'Batbayar', document: 'E1234567' }, { name: '王强', document: 'G 7654321' }], empty: false, declarations: ['d-1', 'd-2'], declaredBy: 'carrier', declaredAt: iso(0),
};
const declared: CrossingEvent = { type: 'CrossingDeclared', data: declaration };
const crewAlert: ActiveAlert = { id: 'a-1', subject: { kind: 'crew', value: 'g7654321' }, action: 'hold', reason: 'wanted for questioning' };
const plateAlert: ActiveAlert = { id: 'a-2', subject: { kind: 'conveyance', value: '蒙Ｋ１２３４５' }, action: 'examine', reason: 'vehicle flagged' };
const otherAlert: ActiveAlert = { id: 'a-3', subject: { kind: 'crew', value: 'X0000000' }, action: 'hold', reason: 'someone else' };
const cleared = (minutes: number, by = 'system', reason = 'no alert on the vehicle or its crew'): CrossingEvent => ({ type: 'CrossingCleared', data: { crossingId: 'c-1', reason, by, clearedAt: iso(minutes) } });
const assessed = (minutes: number, alerts: ActiveAlert[] = []): CrossingEvent => ({
  type: 'CrossingAssessed', data: { crossingId: 'c-1', alerts: alerts.map(({ id, subject, action, reason }) => ({ alertId: id, subject, action, reason })), assessedAt: iso(minutes) },
});
const heldFor = (alert: ActiveAlert, minutes: number): CrossingEvent => ({
  type: 'CrossingHeld', data: { crossingId: 'c-1', reason: `alert ${alert.id} (${alert.subject.kind} ${alert.subject.value}): ${alert.reason}`, by: 'system', alertId: alert.id, heldAt: iso(minutes) },
});
const exited = (minutes: number): CrossingEvent => ({ type: 'CrossingExited', data: { crossingId: 'c-1', conveyance: '蒙K-12345', portOfEntry: '0700', declarations: ['d-1', 'd-2'], by: 'gate', exitedAt: iso(minutes) } });

const cmd = {
  declare: (overrides: Partial<CrossingDeclaredData> = {}): CrossingCommand => {
    const { declaredAt: _, ...crossing } = { ...declaration, ...overrides };
    return { type: 'DeclareCrossing', crossing, now: at(0) };
  },
  assess: (alerts: ActiveAlert[], minutes = 1): CrossingCommand => ({ type: 'AssessCrossing', alerts, now: at(minutes) }),
  decide: (decision: 'release' | 'hold' | 'reject', minutes = 10): CrossingCommand => ({ type: 'DecideCrossing', decision, reason: 'checked at the post', officer: 'border-officer', now: at(minutes) }),
  alert: (alert: ActiveAlert, minutes = 5): CrossingCommand => ({ type: 'HoldCrossingForAlert', alert, now: at(minutes) }),
  exit: (minutes = 20): CrossingCommand => ({ type: 'RecordCrossingExit', by: 'gate', now: at(minutes) }),
};

function given(history: CrossingEvent[]) {
  const state = history.reduce(crossingDecider.evolve, crossingDecider.initialState());
  return { when: (command: CrossingCommand) => () => crossingDecider.decide(command, state) };
}

describe('Conveyance crossing decider (运输工具申报)', () => {
  it.each<[string, CrossingEvent[], CrossingCommand, CrossingEvent[]]>([
    ['declared with its crew and declarations', [], cmd.declare(), [declared]],
    ['no alert on the vehicle or crew: cleared', [declared], cmd.assess([otherAlert]), [assessed(1), cleared(1)]],
    ['a crew member under alert (document normalized): held', [declared], cmd.assess([crewAlert, otherAlert]), [assessed(1, [crewAlert]), heldFor(crewAlert, 1)]],
    ['the vehicle under an "examine" alert (plate normalized): held for an officer', [declared], cmd.assess([plateAlert]), [assessed(1, [plateAlert]), heldFor(plateAlert, 1)]],
    ['assessed once', [declared, assessed(1), cleared(1)], cmd.assess([crewAlert]), []],
    ['an alert raised later holds a cleared crossing (执法互助)', [declared, assessed(1), cleared(1)], cmd.alert(crewAlert), [assessed(5, [crewAlert]), heldFor(crewAlert, 5)]],
    ['an alert on someone else changes nothing', [declared, assessed(1), cleared(1)], cmd.alert(otherAlert), []],
    ['a border officer releases a held crossing', [declared, assessed(1, [crewAlert]), heldFor(crewAlert, 1)], cmd.decide('release'), [cleared(10, 'border-officer', 'checked at the post')]],
    ['releasing a cleared crossing changes nothing', [declared, assessed(1), cleared(1)], cmd.decide('release'), []],
    ['the gate records the exit of a cleared crossing', [declared, assessed(1), cleared(1)], cmd.exit(), [exited(20)]],
    ['the exit is recorded exactly once', [declared, assessed(1), cleared(1), exited(20)], cmd.exit(30), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, CrossingEvent[], CrossingCommand, string]>([
    ['an empty truck carrying declarations', [], cmd.declare({ empty: true }), 'empty-crossing-with-declarations'],
    ['declared twice', [declared], cmd.declare(), 'crossing-already-declared'],
    ['the gate for a held crossing', [declared, assessed(1, [crewAlert]), heldFor(crewAlert, 1)], cmd.exit(), 'crossing-not-cleared'],
    ['the gate before the assessment', [declared], cmd.exit(), 'crossing-not-cleared'],
    ['a decision after exit', [declared, assessed(1), cleared(1), exited(20)], cmd.decide('hold', 30), 'crossing-closed'],
  ])('refused: %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });
});
