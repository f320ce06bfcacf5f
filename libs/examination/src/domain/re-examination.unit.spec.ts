import type { DomainError } from '@sw/event-store';
import type { Agency, CheckKind } from '@sw/shipment';
import { jointExaminationDecider } from './joint-examination';
import type { ExaminationCommand, ExaminationEvent, ExaminationResults, ResultSource } from './joint-examination.events';
import { examinationView } from './examination.view';

/** 复验: after a completed examination an agency asks again; a further round, earlier recognized results stay recognized. */
const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const declarationId = 'd-1';

const scheduled = (agency: Agency, checks: CheckKind[]): ExaminationEvent => ({ type: 'ExaminationScheduled', data: { declarationId, agency, checks, reason: 'selected', at } });
const joined = (agency: Agency, checks: CheckKind[], recognized: { check: CheckKind; by: ResultSource }[] = []): ExaminationEvent =>
  ({ type: 'AgencyJoinedExamination', data: { agency, checks, reason: 'selected', recognized, at } });
const recorded = (agency: Agency, rows: [CheckKind, 'pass' | 'fail'][]): ExaminationEvent =>
  ({ type: 'FindingsRecorded', data: { agency, officer: `officer:${agency}`, findings: rows.map(([check, result]) => ({ check, result, by: agency, officer: `officer:${agency}`, at })), at } });
const recognizedEvent = (agency: Agency, check: CheckKind, by: ResultSource): ExaminationEvent => ({ type: 'CheckRecognized', data: { agency, check, by, at } });
const completed = (results: ExaminationResults): ExaminationEvent => ({ type: 'ExaminationCompleted', data: { results, at } });
const round = (n: number, agency: Agency, checks: CheckKind[], recognized: { check: CheckKind; by: ResultSource }[] = []): ExaminationEvent =>
  ({ type: 'ExaminationRoundOpened', data: { round: n, agency, checks, reason: 'again', recognized, at } });

const again = (agency: Agency, checks: CheckKind[]): ExaminationCommand => ({ type: 'SelectForExamination', declarationId, agency, checks, reason: 'again', again: true, now });
const record = (agency: Agency, rows: [CheckKind, 'pass' | 'fail'][]): ExaminationCommand =>
  ({ type: 'RecordFindings', agency, officer: `officer:${agency}`, findings: rows.map(([check, result]) => ({ check, result })), now });

const given = (events: ExaminationEvent[]) => {
  const state = events.reduce(jointExaminationDecider.evolve, jointExaminationDecider.initialState());
  return { state, when: (command: ExaminationCommand) => () => jointExaminationDecider.decide(command, state) };
};

// Customs failed the scan; inspection passed documents, which customs recognized.
const firstRound: ExaminationEvent[] = [
  scheduled('customs', ['scan', 'documents']), joined('inspection', ['documents']),
  recorded('inspection', [['documents', 'pass']]), recognizedEvent('customs', 'documents', 'inspection'),
  recorded('customs', [['scan', 'fail']]), completed({ customs: 'failed', inspection: 'passed' }),
];

describe('re-examination (复验)', () => {
  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['a completed examination asked again opens round 2; documents recognized from inspection stay recognized', firstRound, again('customs', ['scan', 'documents']),
      [round(2, 'customs', ['scan', 'documents'], [{ check: 'documents', by: 'inspection' }])]],
    ['round 2 completes on the asking agency\'s own checks, with its result only', [...firstRound, round(2, 'customs', ['scan', 'documents'], [{ check: 'documents', by: 'inspection' }])],
      record('customs', [['scan', 'pass']]), [recorded('customs', [['scan', 'pass']]), completed({ customs: 'passed' })]],
    ['the same selection delivered again during round 2 changes nothing', [...firstRound, round(2, 'customs', ['scan', 'documents'], [{ check: 'documents', by: 'inspection' }])],
      again('customs', ['scan', 'documents']), []],
    ['a round where everything asked is recognized completes at once; the failure not asked again stands', firstRound, again('customs', ['documents']),
      [round(2, 'customs', ['documents'], [{ check: 'documents', by: 'inspection' }]), completed({ customs: 'failed' })]],
  ])('%s', (_name, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it('without again, a completed examination takes no new selection', () => {
    expect(given(firstRound).when({ type: 'SelectForExamination', declarationId, agency: 'customs', checks: ['physical'], reason: 'again', now })).toThrow(expect.objectContaining({ code: 'examination-completed' }) as DomainError);
  });

  it('the view says the round and keeps the earlier findings', () => {
    const { state } = given([...firstRound, round(2, 'customs', ['scan', 'documents'], [{ check: 'documents', by: 'inspection' }])]);
    const view = examinationView(state)!;
    expect(view).toMatchObject({ round: 2, status: 'scheduled' });
    expect(view.requiredChecks.customs).toEqual([{ check: 'scan', status: 'pending' }, { check: 'documents', status: 'recognized', by: 'inspection' }]);
    expect(view.findings).toHaveLength(2);
  });
});
