import { DomainError } from '@sw/event-store';
import fc from 'fast-check';
import { jointExaminationDecider, participants, type ExaminationState } from './joint-examination';
import type { ExaminationCommand, ExaminationEvent, ExaminationResults, Finding, FindingInput, FindingSource, ResultSource } from './joint-examination.events';
import { examinationView } from './examination.view';
import type { Agency, CheckKind } from '@sw/shipment';

// 一次查验 and 监管互认, as given events / when command / then events.

const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const declarationId = 'd-1';
const officers: Record<Agency, string> = { customs: 'officer:customs:zhang.wei', inspection: 'officer:inspection:li.na', border: 'officer:border:wang.fang' };
const lab: FindingSource = { kind: 'third-party-lab', name: 'CCIC Shanghai', reference: 'LAB-2026-118' };
const reasons: Record<Agency, string> = { customs: 'alert:a-1: enterprise under watch', inspection: 'meat: on-site, sampling, lab', border: 'rail conveyance from a land border' };

// Events, as the decider records them.
const scheduled = (agency: Agency, checks: CheckKind[]): ExaminationEvent => ({ type: 'ExaminationScheduled', data: { declarationId, agency, checks, reason: reasons[agency], at } });
const joined = (agency: Agency, checks: CheckKind[], recognized: { check: CheckKind; by: ResultSource }[] = []): ExaminationEvent => ({
  type: 'AgencyJoinedExamination', data: { agency, checks, reason: reasons[agency], recognized, at },
});
const checksAdded = (agency: Agency, checks: CheckKind[], recognized: { check: CheckKind; by: ResultSource }[] = [], reason = 'officer decision: examine'): ExaminationEvent => ({
  type: 'ExaminationChecksAdded', data: { agency, checks, reason, recognized, at },
});
type Row = [CheckKind, 'pass' | 'fail'] | [CheckKind, 'pass' | 'fail', FindingSource];
const finding = (agency: Agency, [check, result, source]: Row): Finding => ({ check, result, by: agency, officer: officers[agency], ...(source ? { source } : {}), at });
const recorded = (agency: Agency, ...rows: Row[]): ExaminationEvent => ({ type: 'FindingsRecorded', data: { agency, officer: officers[agency], findings: rows.map((row) => finding(agency, row)), at } });
const recognized = (agency: Agency, check: CheckKind, by: ResultSource): ExaminationEvent => ({ type: 'CheckRecognized', data: { agency, check, by, at } });
const completed = (results: ExaminationResults): ExaminationEvent => ({ type: 'ExaminationCompleted', data: { results, at } });
type BookedBy = { kind: 'enterprise' | 'officer'; id: string };
const enterprise: BookedBy = { kind: 'enterprise', id: '91310115MA1HK7Q24A' };
const booked = (from: string, to: string, bookedBy: BookedBy = enterprise, location?: string): ExaminationEvent => ({
  type: 'AppointmentBooked', data: { slot: { from, to }, ...(location ? { location } : {}), bookedBy, at },
});

// Commands.
const select = (agency: Agency, checks: CheckKind[], reason = reasons[agency]): ExaminationCommand => ({ type: 'SelectForExamination', declarationId, agency, checks, reason, now });
const record = (agency: Agency, ...rows: Row[]): ExaminationCommand => ({
  type: 'RecordFindings', agency, officer: officers[agency], findings: rows.map(([check, result, source]): FindingInput => ({ check, result, ...(source ? { source } : {}) })), now,
});
const book = (from: string, to: string, bookedBy: BookedBy = enterprise, location?: string): ExaminationCommand => ({
  type: 'BookAppointment', slot: { from: new Date(from), to: new Date(to) }, ...(location ? { location } : {}), bookedBy, now,
});

function given(events: ExaminationEvent[]) {
  const state = events.reduce(jointExaminationDecider.evolve, jointExaminationDecider.initialState());
  return {
    state,
    when: (command: ExaminationCommand) => () => jointExaminationDecider.decide(command, state),
  };
}
const stateAfter = (events: ExaminationEvent[]) => given(events).state;
const checksOf = (state: ExaminationState, agency: Agency) => examinationView(state)!.requiredChecks[agency];
const refusal = (code: string) => expect.objectContaining({ code }) as unknown as DomainError;

// The frozen-beef shipment: customs selects it on an alert, inspection for the meat.
const customsScheduled = scheduled('customs', ['scan', 'documents']);
const inspectionJoined = joined('inspection', ['scan', 'physical', 'sampling', 'lab']);
const both = [customsScheduled, inspectionJoined];

describe('joint examination: scheduling (一次查验)', () => {
  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['the first selection schedules the one examination, checks in canonical order', [], select('customs', ['documents', 'scan']), [customsScheduled]],
    ['a second agency joins the open examination', [customsScheduled], select('inspection', ['lab', 'sampling', 'physical', 'scan']), [inspectionJoined]],
    ['a third agency joins the same examination', both, select('border', ['vehicle', 'crew']), [joined('border', ['vehicle', 'crew'])]],
    ['the same selection delivered again changes nothing', both, select('inspection', ['scan', 'lab']), []],
    ['an agency already in it asks only for the kinds it did not require yet', both, select('customs', ['scan', 'physical'], 'officer decision: examine'), [checksAdded('customs', ['physical'])]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it('shows one examination with every agency and, per check kind, who needs it', () => {
    const view = examinationView(stateAfter([...both, joined('border', ['vehicle', 'crew'])]))!;
    expect(view).toMatchObject({ declarationId, status: 'scheduled', agencies: ['customs', 'inspection', 'border'], appointment: null, results: null });
    expect(view.checks).toEqual([
      { check: 'scan', status: 'pending', agencies: ['customs', 'inspection'] },
      { check: 'physical', status: 'pending', agencies: ['inspection'] },
      { check: 'sampling', status: 'pending', agencies: ['inspection'] },
      { check: 'lab', status: 'pending', agencies: ['inspection'] },
      { check: 'vehicle', status: 'pending', agencies: ['border'] },
      { check: 'crew', status: 'pending', agencies: ['border'] },
      { check: 'documents', status: 'pending', agencies: ['customs'] },
    ]);
    expect(view.requiredChecks.customs).toEqual([{ check: 'scan', status: 'pending' }, { check: 'documents', status: 'pending' }]);
  });

  it('has no view before any agency selects the shipment', () => {
    expect(examinationView(stateAfter([]))).toBeNull();
  });
});

describe('joint examination: recognition of checks passed before an agency joins (监管互认)', () => {
  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['the scan customs passed is recognized for inspection as it joins', [customsScheduled, recorded('customs', ['scan', 'pass'])],
      select('inspection', ['scan', 'physical']), [joined('inspection', ['scan', 'physical'], [{ check: 'scan', by: 'customs' }])]],
    ['a failed scan is not: the joining agency still needs its own verdict', [customsScheduled, recorded('customs', ['scan', 'fail'])],
      select('inspection', ['scan', 'physical']), [joined('inspection', ['scan', 'physical'])]],
    ['a check an agency adds later is recognized the same way', [...both, recorded('inspection', ['physical', 'pass'])],
      select('customs', ['physical'], 'officer decision: examine'), [checksAdded('customs', ['physical'], [{ check: 'physical', by: 'inspection' }])]],
    ['a third-party lab result is recognized by its source', [...both, recorded('inspection', ['lab', 'pass', lab])],
      select('border', ['lab', 'crew']), [joined('border', ['lab', 'crew'], [{ check: 'lab', by: 'third-party-lab' }])]],
    ['a check recognized for one agency is recognized by the original source for the next',
      [customsScheduled, recorded('customs', ['scan', 'pass']), joined('inspection', ['scan'], [{ check: 'scan', by: 'customs' }])],
      select('border', ['scan', 'crew']), [joined('border', ['scan', 'crew'], [{ check: 'scan', by: 'customs' }])]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it('shows the recognized check with the source agency, and never asks for it again', () => {
    const history = [customsScheduled, recorded('customs', ['scan', 'pass']), joined('inspection', ['scan', 'physical'], [{ check: 'scan', by: 'customs' }])];
    expect(checksOf(stateAfter(history), 'inspection')).toEqual([{ check: 'scan', status: 'recognized', by: 'customs' }, { check: 'physical', status: 'pending' }]);
    expect(given(history).when(record('inspection', ['scan', 'pass']))).toThrow(refusal('check-already-satisfied'));
  });
});

describe('joint examination: recognition of checks passed after an agency joined (监管互认)', () => {
  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['the scan customs passes is recognized for inspection in the same decision', both,
      record('customs', ['scan', 'pass']), [recorded('customs', ['scan', 'pass']), recognized('inspection', 'scan', 'customs')]],
    ['either agency may do the shared check first', both,
      record('inspection', ['scan', 'pass'], ['physical', 'pass']), [recorded('inspection', ['scan', 'pass'], ['physical', 'pass']), recognized('customs', 'scan', 'inspection')]],
    ['an agency that does not need the kind gets nothing', [...both, joined('border', ['vehicle', 'crew'])],
      record('customs', ['scan', 'pass']), [recorded('customs', ['scan', 'pass']), recognized('inspection', 'scan', 'customs')]],
    ['every agency waiting for the kind gets it', [...both, joined('border', ['scan', 'crew'])],
      record('customs', ['scan', 'pass']), [recorded('customs', ['scan', 'pass']), recognized('inspection', 'scan', 'customs'), recognized('border', 'scan', 'customs')]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it("shows the check as passed for the recording agency and recognized for the other", () => {
    const state = stateAfter([...both, recorded('customs', ['scan', 'pass']), recognized('inspection', 'scan', 'customs')]);
    expect(checksOf(state, 'customs')![0]).toEqual({ check: 'scan', status: 'passed', by: 'customs' });
    expect(checksOf(state, 'inspection')![0]).toEqual({ check: 'scan', status: 'recognized', by: 'customs' });
    expect(examinationView(state)!.checks[0]).toEqual({ check: 'scan', status: 'passed', by: 'customs', agencies: ['customs', 'inspection'] });
  });
});

describe('joint examination: third-party lab results (第三方检验结果采信)', () => {
  const history = [...both, checksAdded('customs', ['lab'])];

  it('are recorded by the accepting agency with their source and recognized for the others', () => {
    const thenEvents = given(history).when(record('inspection', ['lab', 'pass', lab]))();
    expect(thenEvents).toEqual([recorded('inspection', ['lab', 'pass', lab]), recognized('customs', 'lab', 'third-party-lab')]);
    const state = [...history, ...thenEvents].reduce(jointExaminationDecider.evolve, jointExaminationDecider.initialState());
    expect(checksOf(state, 'inspection')!.find((c) => c.check === 'lab')).toEqual({ check: 'lab', status: 'recognized', by: 'third-party-lab' });
    expect(checksOf(state, 'customs')!.find((c) => c.check === 'lab')).toEqual({ check: 'lab', status: 'recognized', by: 'third-party-lab' });
    expect(state.findings[0]!.source).toEqual(lab);
  });

  it('a failed lab result is the accepting agency’s failure only', () => {
    expect(given(history).when(record('inspection', ['lab', 'fail', lab]))()).toEqual([recorded('inspection', ['lab', 'fail', lab])]);
    const state = stateAfter([...history, recorded('inspection', ['lab', 'fail', lab])]);
    expect(checksOf(state, 'inspection')!.find((c) => c.check === 'lab')).toEqual({ check: 'lab', status: 'failed', by: 'third-party-lab' });
    expect(checksOf(state, 'customs')!.find((c) => c.check === 'lab')).toEqual({ check: 'lab', status: 'pending' });
  });
});

describe('joint examination: a failed check is shared as input, not as a verdict', () => {
  const failedScan = [...both, recorded('customs', ['scan', 'fail'])];

  it('fails the check for the recording agency only', () => {
    expect(given(both).when(record('customs', ['scan', 'fail']))()).toEqual([recorded('customs', ['scan', 'fail'])]);
  });

  it('leaves the other agency pending, with the failure among the findings it sees', () => {
    const state = stateAfter(failedScan);
    expect(checksOf(state, 'customs')![0]).toEqual({ check: 'scan', status: 'failed', by: 'customs' });
    expect(checksOf(state, 'inspection')![0]).toEqual({ check: 'scan', status: 'pending' });
    const view = examinationView(state)!;
    expect(view.checks[0]).toEqual({ check: 'scan', status: 'failed', by: 'customs', agencies: ['customs', 'inspection'] });
    expect(view.findings).toEqual([finding('customs', ['scan', 'fail'])]);
  });

  it.each<[string, ExaminationCommand, ExaminationEvent[]]>([
    ['the other agency records its own verdict: a pass does not overturn the first agency’s failure',
      record('inspection', ['scan', 'pass']), [recorded('inspection', ['scan', 'pass'])]],
    ['or fails it too', record('inspection', ['scan', 'fail']), [recorded('inspection', ['scan', 'fail'])]],
  ])('%s', (_, command, expected) => {
    expect(given(failedScan).when(command)()).toEqual(expected);
  });

  it('does not let the failing agency record the check again', () => {
    expect(given(failedScan).when(record('customs', ['scan', 'pass']))).toThrow(refusal('check-already-failed'));
  });
});

describe('joint examination: completion', () => {
  const customsDone = [...both, recorded('customs', ['scan', 'pass'], ['documents', 'pass']), recognized('inspection', 'scan', 'customs')];

  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['completes with the last finding, in the same decision', customsDone,
      record('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass', lab]),
      [recorded('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass', lab]), completed({ customs: 'passed', inspection: 'passed' })]],
    ['gives each agency its own result: failed if any of its checks failed', customsDone,
      record('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'fail']),
      [recorded('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'fail']), completed({ customs: 'passed', inspection: 'failed' })]],
    ['completes when a recognition settles the last pending check', [...both, recorded('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass']), recorded('customs', ['documents', 'pass'])],
      record('inspection', ['scan', 'pass']), [recorded('inspection', ['scan', 'pass']), recognized('customs', 'scan', 'inspection'), completed({ customs: 'passed', inspection: 'passed' })]],
    ['a failure shared as input does not fail the other agency', [...both, recorded('customs', ['scan', 'fail'], ['documents', 'pass'])],
      record('inspection', ['scan', 'pass'], ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass']),
      [recorded('inspection', ['scan', 'pass'], ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass']), completed({ customs: 'failed', inspection: 'passed' })]],
    ['does not complete while another agency still has a pending check', both,
      record('customs', ['documents', 'pass']), [recorded('customs', ['documents', 'pass'])]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  const done = [...customsDone, recorded('inspection', ['physical', 'pass'], ['sampling', 'pass'], ['lab', 'pass']), completed({ customs: 'passed', inspection: 'passed' })];

  it('shows the completed examination with its results', () => {
    expect(examinationView(stateAfter(done))).toMatchObject({ status: 'completed', results: { customs: 'passed', inspection: 'passed' }, completedAt: at });
  });

  it.each<[string, ExaminationCommand, string]>([
    ['a new agency selecting it', select('border', ['vehicle']), 'examination-completed'],
    ['an agency asking for more checks', select('customs', ['physical']), 'examination-completed'],
    ['more findings', record('customs', ['scan', 'pass']), 'examination-completed'],
    ['an appointment', book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z'), 'examination-completed'],
  ])('refuses %s after completion', (_, command, code) => {
    expect(given(done).when(command)).toThrow(refusal(code));
  });

  it('takes a selection delivered again after completion as the repeat it is', () => {
    expect(given(done).when(select('customs', ['scan']))()).toEqual([]);
  });
});

describe('joint examination: refusals', () => {
  const withBorder = [...both, joined('border', ['vehicle', 'crew'])];
  const scanPassed = [...both, recorded('customs', ['scan', 'pass']), recognized('inspection', 'scan', 'customs')];
  const raw = (agency: Agency, findings: unknown[], officer = officers[agency]) => ({ type: 'RecordFindings', agency, officer, findings, now }) as ExaminationCommand;

  it.each<[string, ExaminationEvent[], ExaminationCommand, string]>([
    ['findings before any examination', [], record('customs', ['scan', 'pass']), 'no-examination'],
    ['findings of an agency not in the examination', both, record('border', ['vehicle', 'pass']), 'agency-not-participating'],
    ['findings for a check the agency does not require', both, record('customs', ['physical', 'pass']), 'check-not-required'],
    ['findings for a check the agency already passed', scanPassed, record('customs', ['scan', 'pass']), 'check-already-satisfied'],
    ['findings for a check recognized from another agency', scanPassed, record('inspection', ['scan', 'fail']), 'check-already-satisfied'],
    ['a whole request when one of its checks is satisfied (nothing is recorded)', scanPassed, record('inspection', ['physical', 'pass'], ['scan', 'pass']), 'check-already-satisfied'],
    ['no findings', withBorder, raw('customs', []), 'no-findings'],
    ['the same check twice in one request', withBorder, record('customs', ['scan', 'pass'], ['scan', 'fail']), 'duplicate-check'],
    ['an unknown check kind', withBorder, raw('customs', [{ check: 'x-ray', result: 'pass' }]), 'unknown-check'],
    ['a result other than pass or fail', withBorder, raw('customs', [{ check: 'scan', result: 'ok' }]), 'invalid-result'],
    ["findings in another agency's name", withBorder, raw('customs', [{ check: 'scan', result: 'pass', source: { kind: 'agency', name: 'inspection' } }]), 'finding-not-own'],
    ['a third-party result without the lab', withBorder, raw('inspection', [{ check: 'lab', result: 'pass', source: { kind: 'third-party-lab', name: ' ' } }]), 'invalid-source'],
    ['findings without an officer', withBorder, raw('customs', [{ check: 'scan', result: 'pass' }], ''), 'officer-required'],
    ['a selection without checks', [], select('customs', []), 'no-checks'],
    ['a selection naming a check twice', [], select('customs', ['scan', 'scan']), 'duplicate-check'],
    ['a selection with an unknown check kind', [], select('customs', ['x-ray' as CheckKind]), 'unknown-check'],
    ['a selection by an unknown agency', [], select('police' as Agency, ['scan']), 'unknown-agency'],
    ['a selection without a reason', [], select('customs', ['scan'], '  '), 'reason-required'],
    ["a selection for another declaration in this shipment's stream", both, { ...select('border', ['crew']), declarationId: 'd-2' } as ExaminationCommand, 'wrong-declaration'],
  ])('refuses %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(refusal(code));
  });

  it('says what a refused check needs', () => {
    expect(given(both).when(record('customs', ['physical', 'pass']))).toThrow(/customs does not require physical .*requires scan, documents/);
    expect(given(scanPassed).when(record('inspection', ['scan', 'pass']))).toThrow(/scan \(recognized from customs\) is already satisfied for inspection/);
  });
});

describe('joint examination: appointments (预约查验)', () => {
  const officer = { kind: 'officer' as const, id: officers.customs };

  it.each<[string, ExaminationEvent[], ExaminationCommand, ExaminationEvent[]]>([
    ['the enterprise books a slot', both, book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z'), [booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z')]],
    ['an officer books a slot at a location', both, book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z', officer, 'Yangshan inspection yard 3'),
      [booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z', officer, 'Yangshan inspection yard 3')]],
    ['a new booking replaces the old one', [...both, booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z')],
      book('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z'), [booked('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z')]],
    ["an officer moves the enterprise's booking", [...both, booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z')],
      book('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z', officer), [booked('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z', officer)]],
    ['the same booking again changes nothing', [...both, booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z')],
      book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z'), []],
    ['a slot ending exactly 30 days ahead', both, book('2026-12-23T06:00:00.000Z', '2026-12-23T08:00:00.000Z'), [booked('2026-12-23T06:00:00.000Z', '2026-12-23T08:00:00.000Z')]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it('shows the latest booking in the view', () => {
    const state = stateAfter([...both, booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z'), booked('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z', officer, 'yard 3')]);
    expect(examinationView(state)!.appointment).toEqual({ slot: { from: '2026-11-25T06:00:00.000Z', to: '2026-11-25T07:00:00.000Z' }, location: 'yard 3', bookedBy: officer, bookedAt: at });
  });

  it.each<[string, ExaminationEvent[], ExaminationCommand, string]>([
    ['before any examination', [], book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z'), 'no-examination'],
    ['a slot that ends before it starts', both, book('2026-11-24T03:00:00.000Z', '2026-11-24T01:00:00.000Z'), 'invalid-slot'],
    ['an empty slot', both, book('2026-11-24T03:00:00.000Z', '2026-11-24T03:00:00.000Z'), 'invalid-slot'],
    ['an invalid date', both, book('not a date', '2026-11-24T03:00:00.000Z'), 'invalid-slot'],
    ['a slot in the past', both, book('2026-11-23T07:00:00.000Z', '2026-11-23T09:00:00.000Z'), 'slot-in-past'],
    ['a slot more than 30 days ahead', both, book('2026-12-23T07:00:00.000Z', '2026-12-23T09:00:00.000Z'), 'slot-too-far'],
    ['a booking by nobody', both, book('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z', { kind: 'enterprise', id: '' }), 'booked-by-required'],
    ["the enterprise's booking over an officer's", [...both, booked('2026-11-24T01:00:00.000Z', '2026-11-24T03:00:00.000Z', officer)],
      book('2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z'), 'appointment-booked-by-officer'],
  ])('refuses %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(refusal(code));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories: selections and findings by any agency, in any order.

const AGENCY_LIST: Agency[] = ['customs', 'inspection', 'border'];
const KINDS: CheckKind[] = ['scan', 'physical', 'sampling', 'lab', 'vehicle', 'crew', 'documents'];

type Step =
  | { op: 'select'; agency: Agency; checks: CheckKind[] }
  /** Findings for checks the agency still has pending (when it has any), else for the raw checks (most are refused). */
  | { op: 'record'; agency: Agency; checks: CheckKind[]; results: boolean[]; thirdParty: boolean[]; pendingOnly: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('select' as const), agency: fc.constantFrom(...AGENCY_LIST), checks: fc.shuffledSubarray(KINDS, { minLength: 1, maxLength: 4 }) }),
  fc.record({
    op: fc.constant('record' as const),
    agency: fc.constantFrom(...AGENCY_LIST),
    checks: fc.shuffledSubarray(KINDS, { minLength: 1, maxLength: 3 }),
    results: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    thirdParty: fc.array(fc.nat(4).map((n) => n === 0), { minLength: 7, maxLength: 7 }),
    pendingOnly: fc.boolean(),
  }),
);

function toCommand(step: Step, state: ExaminationState): ExaminationCommand {
  if (step.op === 'select') return { type: 'SelectForExamination', declarationId, agency: step.agency, checks: step.checks, reason: 'random', now };
  const pending = state.agencies[step.agency]?.checks.filter((c) => c.status === 'pending').map((c) => c.check) ?? [];
  const checks = step.pendingOnly && pending.length ? pending.slice(0, 3) : step.checks;
  return {
    type: 'RecordFindings', agency: step.agency, officer: officers[step.agency], now,
    findings: checks.map((check, i) => ({ check, result: step.results[i] ? 'pass' : 'fail', ...(step.thirdParty[i] ? { source: lab } : {}) })),
  };
}

/** Runs the steps, refusals included, then records every pending check until the examination completes. */
function run(steps: Step[], drainResults: boolean[]) {
  let state = jointExaminationDecider.initialState();
  const decisions: { before: ExaminationState; command: ExaminationCommand; events: ExaminationEvent[] }[] = [];
  const apply = (command: ExaminationCommand) => {
    let events: ExaminationEvent[];
    try {
      events = jointExaminationDecider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return; // a refusal writes nothing
      throw error;
    }
    decisions.push({ before: state, command, events });
    state = events.reduce(jointExaminationDecider.evolve, state);
  };
  for (const step of steps) apply(toCommand(step, state));
  let i = 0;
  while (state.status === 'scheduled') {
    const next = participants(state).find((a) => a.checks.some((c) => c.status === 'pending'))!;
    const pending = next.checks.filter((c) => c.status === 'pending').map((c) => c.check);
    apply({ type: 'RecordFindings', agency: next.agency, officer: officers[next.agency], now, findings: pending.map((check) => ({ check, result: drainResults[i++ % drainResults.length] ? 'pass' : 'fail' })) });
  }
  return { state, decisions, events: decisions.flatMap((d) => d.events) };
}

describe('joint examination: properties over random histories', () => {
  const history = fc.tuple(fc.array(stepArb, { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }));

  it('never requests a check kind twice for an agency, and never leaves a passed check pending for anyone', () => {
    fc.assert(fc.property(history, ([steps, drain]) => {
      const { decisions } = run(steps, drain);
      const requested = new Map<Agency, CheckKind[]>();
      const joinedOnce = new Map<Agency, number>();
      for (const { before, events } of decisions) {
        let state = before;
        for (const event of events) {
          if (event.type === 'ExaminationScheduled' || event.type === 'AgencyJoinedExamination' || event.type === 'ExaminationChecksAdded') {
            const { agency, checks } = event.data;
            requested.set(agency, [...(requested.get(agency) ?? []), ...checks]);
            if (event.type !== 'ExaminationChecksAdded') joinedOnce.set(agency, (joinedOnce.get(agency) ?? 0) + 1);
            if (event.type !== 'ExaminationScheduled') {
              // Every requested kind already passed for the shipment is recognized at once, by its first source.
              const expected = checks.filter((check) => state.passed[check] !== undefined).map((check) => ({ check, by: state.passed[check] }));
              expect(event.data.recognized).toEqual(expected);
            }
          }
          if (event.type === 'FindingsRecorded') {
            // Never asked again: no finding for a check already satisfied for that agency.
            const own = state.agencies[event.data.agency]!.checks;
            for (const f of event.data.findings) expect(own.find((c) => c.check === f.check)!.status).toBe('pending');
          }
          state = jointExaminationDecider.evolve(state, event);
        }
        // After every decision: a kind passed for the shipment is pending for no agency.
        for (const agency of participants(state)) {
          for (const check of agency.checks) if (state.passed[check.check] !== undefined) expect(check.status).not.toBe('pending');
        }
      }
      for (const [, kinds] of requested) expect(new Set(kinds).size).toBe(kinds.length);
      for (const [, count] of joinedOnce) expect(count).toBe(1);
    }), { numRuns: 400 });
  });

  it('schedules at most one examination and, once selected, completes exactly once with each agency’s own result', () => {
    fc.assert(fc.property(history, ([steps, drain]) => {
      const { state, decisions, events } = run(steps, drain);
      const count = (type: ExaminationEvent['type']) => events.filter((e) => e.type === type).length;
      const selected = steps.some((s) => s.op === 'select');
      expect(count('ExaminationScheduled')).toBe(selected ? 1 : 0);
      expect(count('ExaminationCompleted')).toBe(selected ? 1 : 0);
      if (!selected) return;
      // Completion is the last event, in the same decision as the findings (or recognition) that settled it.
      const completing = decisions.find((d) => d.events.some((e) => e.type === 'ExaminationCompleted'))!;
      expect(completing.events[completing.events.length - 1]!.type).toBe('ExaminationCompleted');
      expect(completing.events[0]!.type).toBe('FindingsRecorded');
      // Nothing is recorded after it (a selection delivered again is a no-op).
      expect(events[events.length - 1]!.type).toBe('ExaminationCompleted');
      expect(state.results).toEqual(Object.fromEntries(participants(state).map((a) => [a.agency, a.checks.some((c) => c.status === 'failed') ? 'failed' : 'passed'])));
      // Replaying the stream gives the same state (what an auditor sees).
      expect(events.reduce(jointExaminationDecider.evolve, jointExaminationDecider.initialState())).toEqual(state);
    }), { numRuns: 400 });
  });
});
