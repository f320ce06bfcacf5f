import { DomainError } from '@sw/event-store';
import type { Agency, CheckKind } from '@sw/shipment';
import { jointExaminationDecider } from './joint-examination';
import type { ExaminationCommand, ExaminationEvent, ResultSource } from './joint-examination.events';
import { examinationView } from './examination.view';

// 一次查验 of a truck (监管互认 across the declarations on one conveyance), as given events / when command / then events.

const now = new Date('2026-12-06T08:00:00.000Z');
const at = now.toISOString();
const declarationId = 'd-B';
const crossingId = 'c-1';
const from = 'd-A';

const scheduled = (agency: Agency, checks: CheckKind[], recognized?: { check: CheckKind; by: ResultSource }[]): ExaminationEvent => ({
  type: 'ExaminationScheduled', data: { declarationId, agency, checks, reason: 'declared value to be checked', at, ...(recognized ? { recognized } : {}) },
});
const onTruck = (check: CheckKind, by: ResultSource = 'customs'): ExaminationEvent => ({ type: 'ConveyanceCheckRecognized', data: { check, by, crossingId, from, at } });
const completed = (results: Partial<Record<Agency, 'passed' | 'failed'>>): ExaminationEvent => ({ type: 'ExaminationCompleted', data: { results, at } });
const recognize = (check: CheckKind, by: ResultSource = 'customs', source = from): ExaminationCommand => ({ type: 'RecognizeConveyanceCheck', check, by, crossingId, from: source, now });
const select = (agency: Agency, checks: CheckKind[]): ExaminationCommand => ({ type: 'SelectForExamination', declarationId, agency, checks, reason: 'declared value to be checked', now });

function given(events: ExaminationEvent[]) {
  const state = events.reduce(jointExaminationDecider.evolve, jointExaminationDecider.initialState());
  return { state, when: (command: ExaminationCommand) => () => jointExaminationDecider.decide(command, state) };
}

describe('一次查验 of a truck: a conveyance check passed for one declaration serves every declaration on board', () => {
  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['the scan passed on the truck completes an examination waiting only for it', [scheduled('customs', ['scan'])], recognize('scan'),
      [onTruck('scan'), completed({ customs: 'passed' })]],
    ['the scan recognized, the goods still to be examined: not completed yet', [scheduled('customs', ['scan', 'physical'])], recognize('scan'), [onTruck('scan')]],
    ['before any agency selects the declaration, the scan waits in its stream', [], recognize('scan'), [onTruck('scan')]],
    ['selected after the truck was scanned: scheduled with the scan recognized, and completed', [onTruck('scan')], select('customs', ['scan']),
      [scheduled('customs', ['scan'], [{ check: 'scan', by: 'customs' }]), completed({ customs: 'passed' })]],
    ['selected after the scan for more than the scan: scheduled, the scan recognized', [onTruck('scan')], select('customs', ['scan', 'documents']),
      [scheduled('customs', ['scan', 'documents'], [{ check: 'scan', by: 'customs' }])]],
    ['the same recognition delivered again changes nothing', [scheduled('customs', ['scan', 'physical']), onTruck('scan')], recognize('scan'), []],
    ['a completed examination takes no recognition', [scheduled('customs', ['scan']), onTruck('scan'), completed({ customs: 'passed' })], recognize('scan'), []],
    ["the declaration's own examination is not recognized from itself", [scheduled('customs', ['scan'])], { ...recognize('scan'), from: declarationId } as ExaminationCommand, []],
  ])('%s', (_, events, command, expected) => {
    const then = given(events).when(command)();
    expect(then).toEqual(expected);
  });

  it("a goods check (sampling, lab, physical) is one declaration's, never the truck's", () => {
    for (const check of ['physical', 'sampling', 'lab', 'documents'] as CheckKind[]) {
      expect(given([scheduled('customs', [check])]).when(recognize(check))).toThrow(expect.objectContaining({ code: 'not-a-conveyance-check' }) as unknown as DomainError);
    }
  });

  it('the view says which declaration and crossing the recognized scan came from', () => {
    const { state } = given([onTruck('scan'), scheduled('customs', ['scan', 'physical'], [{ check: 'scan', by: 'customs' }])]);
    const view = examinationView(state)!;
    expect(view.status).toBe('scheduled');
    expect(view.checks).toEqual([
      { check: 'scan', status: 'passed', by: 'customs', agencies: ['customs'], onConveyance: { crossingId, from } },
      { check: 'physical', status: 'pending', agencies: ['customs'] },
    ]);
    expect(view.requiredChecks.customs).toEqual([{ check: 'scan', status: 'recognized', by: 'customs' }, { check: 'physical', status: 'pending' }]);
  });

  it('a recognized scan is not recorded again by the officer', () => {
    const events = [scheduled('customs', ['scan', 'physical']), onTruck('scan')];
    const command: ExaminationCommand = { type: 'RecordFindings', agency: 'customs', officer: 'officer:customs:zhang.wei', findings: [{ check: 'scan', result: 'pass' }], now };
    expect(given(events).when(command)).toThrow(expect.objectContaining({ code: 'check-already-satisfied' }) as unknown as DomainError);
  });
});
