import { DomainError } from '@sw/event-store';
import { agencyCaseDecider, commonReleaseBlockers, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyCaseState, type AgencyPolicy, type RiskAssessment } from '@sw/agency-case';
import type { ActiveAlert, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';

// The decider's rules, independent of the seeds: a small fixed policy stands in for an agency.

const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const officer = 'officer:customs:zhang.wei';

const declaration: CaseDeclaration = {
  declarationId: 'd-1',
  mode: 'advance',
  direction: 'import',
  declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan International Trading Co., Ltd.' },
  customsOffice: '2248',
  portOfEntry: '2248',
  transport: { mode: '2', conveyance: 'COSCO SHIPPING ARIES', voyage: '052E', billOfLading: 'COSU6301234560' },
  tradeMode: '0110',
  incoterm: 'CIF',
  currency: 'USD',
  items: [{ hsCode: '0202300090', description: 'Frozen boneless beef', quantity: 20000, unit: '035', value: 120000, originCountry: 'BRA' }],
  documents: [{ code: '601', number: 'INV-2026-0042' }],
};

interface TestPolicyOptions {
  assessment?: Partial<RiskAssessment>;
  /** Duties the policy assesses (customs-like); undefined: an agency that collects none. */
  duties?: number | null;
  /** Whether a passed examination lets the case release itself (customs and border do). */
  releaseAfterExamination?: boolean;
  examinationChecks?: CheckKind[];
}

function testPolicy(options: TestPolicyOptions = {}): AgencyPolicy & { inputs: unknown[] } {
  const inputs: unknown[] = [];
  return {
    agency: 'customs',
    inputs,
    assess(_declaration, input) {
      inputs.push(input);
      return { lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0, ...options.assessment };
    },
    ...(options.duties !== undefined
      ? { assessDuties: () => (options.duties === null ? null : { amount: options.duties!, customsValueCny: 852000, lines: [] }) }
      : {}),
    releaseBlockers(state) {
      const blockers: string[] = commonReleaseBlockers(state);
      if (state.duties && state.duties.amount > 0 && state.settled === 'none') blockers.push('duties-unsettled');
      return blockers;
    },
    releasesAutomatically: (state) => state.lane === 'green' || (!!options.releaseAfterExamination && state.lane === 'examination' && state.examination === 'passed'),
    ...(options.examinationChecks ? { examinationChecks: () => options.examinationChecks! } : {}),
  };
}

// Events, as the decider records them.
const opened = (arrived = true, decl = declaration): AgencyCaseEvent => ({ type: 'CaseOpened', data: { agency: 'customs', declaration: decl, routingReasons: ['customs acts on every declaration'], arrived, openedAt: at } });
const assessed = (lane: Lane = 'green', requiredChecks: CheckKind[] = lane === 'examination' ? ['scan', 'documents'] : []): AgencyCaseEvent => ({
  type: 'RiskAssessed', data: { lane, reasons: lane === 'green' ? [] : [{ rule: 'test-rule', description: 'a test rule' }], draw: null, requiredChecks, priority: 0, assessedAt: at },
});
const dutiesAssessed = (amount = 188121.6): AgencyCaseEvent => ({ type: 'DutiesAssessed', data: { amount, currency: 'CNY', customsValueCny: 852000, lines: [], assessedAt: at } });
const arrival: AgencyCaseEvent = { type: 'ArrivalConfirmed', data: { arrivedAt: '2026-11-22T10:00:00.000Z' } };
const settled = (how: 'paid' | 'guaranteed' = 'paid', reference = 'PAY-1', amount = 188121.6): AgencyCaseEvent => ({ type: 'DutiesSettled', data: { how, reference, amount, currency: 'CNY', amountCny: amount, settledAt: at } });
const refundable = (amount: number, reason: 'over-payment' | 'case-closed', reference = 'PAY-1'): AgencyCaseEvent => ({ type: 'DutiesRefundable', data: { reference, amount, currency: 'CNY', reason, refundableAt: at } });
const examinationRequested = (checks: CheckKind[] = ['documents'], by = officer, reason = 'suspected misdescription'): AgencyCaseEvent => ({ type: 'ExaminationRequested', data: { reason, by, checks, requestedAt: at } });
const examinationCompleted = (result: 'passed' | 'failed'): AgencyCaseEvent => ({ type: 'ExaminationCompleted', data: { result, completedAt: at } });
const held = (reason = 'alert on the consignee', by = officer): AgencyCaseEvent => ({ type: 'CaseHeld', data: { reason, by, heldAt: at } });
const rejected = (reason = 'prohibited goods', by = officer): AgencyCaseEvent => ({ type: 'CaseRejected', data: { reason, by, rejectedAt: at } });
const released = (automatic = false, reason?: string, code?: string): AgencyCaseEvent => ({ type: 'CaseReleased', data: automatic ? { by: 'system', automatic, reason, ...(code ? { code } : {}), releasedAt: at } : { by: officer, automatic, reason: reason ?? 'documents in order', releasedAt: at } });
const closed = (reason = 'declaration withdrawn: wrong consignee'): AgencyCaseEvent => ({ type: 'CaseClosed', data: { reason, closedAt: at } });

// Commands.
const openCase = (arrived = true): AgencyCaseCommand => ({ type: 'OpenCase', agency: 'customs', declaration, routingReasons: ['customs acts on every declaration'], arrived, now });
const assessRisk = (alerts: ActiveAlert[] = [], draw = 0.42, randomSelection = true): AgencyCaseCommand => ({ type: 'AssessRisk', draw, randomSelection, alerts, now });
const confirmArrival: AgencyCaseCommand = { type: 'ConfirmArrival', arrivedAt: '2026-11-22T10:00:00.000Z', now };
const settle = (how: 'paid' | 'guaranteed' = 'paid', reference = 'PAY-1', amount = 188121.6): AgencyCaseCommand => ({ type: 'SettleDuties', how, reference, amount, currency: 'CNY', now });
const completeExamination = (result: 'passed' | 'failed'): AgencyCaseCommand => ({ type: 'CompleteExamination', result, now });
const decide = (decision: 'release' | 'hold' | 'reject' | 'examine', reason: string): AgencyCaseCommand => ({ type: 'Decide', decision, reason, officer, now });
const releaseIfReady: AgencyCaseCommand = { type: 'ReleaseIfReady', now };
const closeCase: AgencyCaseCommand = { type: 'CloseCase', reason: 'declaration withdrawn: wrong consignee', now };

function given(events: AgencyCaseEvent[], policy: AgencyPolicy = testPolicy()) {
  const decider = agencyCaseDecider(policy);
  const state = events.reduce(decider.evolve, decider.initialState());
  return {
    state,
    when: (command: AgencyCaseCommand) => () => decider.decide(command, state),
  };
}

const refusal = (code: string) => expect.objectContaining({ code }) as unknown as DomainError;

// Histories every table reuses.
const green = [opened(), assessed('green')];
const documentsLane = [opened(), assessed('documents')];
const examinationLane = [opened(), assessed('examination')];
const advanceNotArrived = [opened(false), assessed('green')];
const dutiable = [opened(), assessed('green'), dutiesAssessed()];

describe('agency case: OpenCase', () => {
  it('opens a new case with the declaration snapshot, the routing reasons and whether the goods arrived', () => {
    expect(given([]).when(openCase(false))()).toEqual([opened(false)]);
  });

  it.each([
    ['a case already open', [opened()], 'case-already-open'],
    ['a released case', [...green, released()], 'case-already-open'],
  ])('refuses %s', (_, history, code) => {
    expect(given(history).when(openCase())).toThrow(refusal(code));
  });

  it("refuses another agency's case in this agency's stream", () => {
    expect(given([]).when({ ...openCase(), agency: 'border' } as AgencyCaseCommand)).toThrow(refusal('wrong-agency'));
  });
});

describe('agency case: AssessRisk', () => {
  it.each<[string, TestPolicyOptions, AgencyCaseEvent[]]>([
    ['a green lane', {}, [assessed('green')]],
    ['a documents lane (审单)', { assessment: { lane: 'documents', reasons: [{ rule: 'test-rule', description: 'a test rule' }] } }, [assessed('documents')]],
    ['an examination lane with its checks', { assessment: { lane: 'examination', reasons: [{ rule: 'test-rule', description: 'a test rule' }], requiredChecks: ['documents', 'scan'] } }, [assessed('examination', ['scan', 'documents'])]],
    ['duties when the policy assesses some, after the risk', { duties: 188121.6 }, [assessed('green'), dutiesAssessed(188121.6)]],
    ['no duties event when they come to nothing', { duties: 0 }, [assessed('green')]],
    ['no duties event when they cannot be assessed yet', { duties: null }, [assessed('green')]],
    ['a hold when an alert says so, after the risk and the duties', {
      assessment: { lane: 'examination', reasons: [{ rule: 'test-rule', description: 'a test rule' }], requiredChecks: ['scan', 'documents'], hold: { reason: 'alert:A-7: counterfeit brand' } },
      duties: 100,
    }, [assessed('examination'), dutiesAssessed(100), held('alert:A-7: counterfeit brand', 'system')]],
  ])('records %s', (_, options, expected) => {
    expect(given([opened()], testPolicy(options)).when(assessRisk())()).toEqual(expected);
  });

  it('records the draw, the priority and the reasons the policy gives, and hands it the draw, the switch and the alerts', () => {
    const alert: ActiveAlert = { id: 'A-1', subject: { kind: 'origin', value: 'BRA' }, action: 'examine', reason: 'FMD outbreak' };
    const draw = { rate: 0.03, value: 0.01, selected: true };
    const policy = testPolicy({ assessment: { lane: 'examination', reasons: [{ rule: 'random-selection', description: 'drawn' }], draw, requiredChecks: ['scan'], priority: 3 } });
    expect(given([opened()], policy).when(assessRisk([alert], 0.01, true))()).toEqual([
      { type: 'RiskAssessed', data: { lane: 'examination', reasons: [{ rule: 'random-selection', description: 'drawn' }], draw, requiredChecks: ['scan'], priority: 3, assessedAt: at } },
    ]);
    expect(policy.inputs).toEqual([{ draw: 0.01, randomSelection: true, alerts: [alert] }]);
  });

  it('assesses a case an officer held before the assessment, without holding it twice', () => {
    const policy = testPolicy({ assessment: { lane: 'examination', requiredChecks: ['scan', 'documents'], reasons: [{ rule: 'test-rule', description: 'a test rule' }], hold: { reason: 'alert:A-7' } } });
    expect(given([opened(), held()], policy).when(assessRisk())()).toEqual([assessed('examination')]);
  });

  it.each([
    ['already assessed', green],
    ['closed', [opened(), closed()]],
    ['rejected before the assessment', [opened(), rejected()]],
  ])('assesses once: nothing for a case %s', (_, history) => {
    expect(given(history).when(assessRisk())()).toEqual([]);
  });

  it('refuses a case that is not open', () => {
    expect(given([]).when(assessRisk())).toThrow(refusal('case-not-open'));
  });
});

describe('agency case: ConfirmArrival', () => {
  it.each([
    ['records the arrival of an advance declaration', advanceNotArrived, [arrival]],
    ['is idempotent', [...advanceNotArrived, arrival], []],
    ['has nothing to do for goods that had arrived when the case opened', green, []],
    ['has nothing to do for a closed case', [opened(false), closed()], []],
  ])('%s', (_, history, expected) => {
    expect(given(history).when(confirmArrival)()).toEqual(expected);
  });

  it('refuses a case that is not open', () => {
    expect(given([]).when(confirmArrival)).toThrow(refusal('case-not-open'));
  });
});

describe('agency case: SettleDuties', () => {
  it.each([
    ['records a payment', dutiable, settle('paid'), [settled('paid')]],
    ['records a guarantee (担保)', dutiable, settle('guaranteed', 'G-1'), [settled('guaranteed', 'G-1')]],
    ['records a payment that comes before the assessment', [opened()], settle('paid'), [settled('paid')]],
    ['is idempotent for the same payment (by reference)', [...dutiable, settled('paid')], settle('paid', 'PAY-1'), []],
    ['is idempotent for the same guarantee (by reference)', [...dutiable, settled('guaranteed', 'G-1')], settle('guaranteed', 'G-1'), []],
    ['records a second payment: part-payments add up', [...dutiable, settled('paid', 'PAY-1', 100000)], settle('paid', 'PAY-2', 88121.6), [settled('paid', 'PAY-2', 88121.6)]],
    // 退还: confirmed money beyond the duties, or for a case that will not clear, is refundable
    ['a payment beyond the duties makes the excess refundable', [...dutiable, settled('paid', 'PAY-1', 100000)], settle('paid', 'PAY-2', 100000), [settled('paid', 'PAY-2', 100000), refundable(11878.4, 'over-payment', 'PAY-2')]],
    ['a second full payment is all refundable', [...dutiable, settled('paid')], settle('paid', 'PAY-2'), [settled('paid', 'PAY-2'), refundable(188121.6, 'over-payment', 'PAY-2')]],
    ['a guarantee is never refundable money', [...dutiable, settled('paid')], settle('guaranteed', 'G-9'), [settled('guaranteed', 'G-9')]],
    ['records a second guarantee', [...dutiable, settled('guaranteed', 'G-1')], settle('guaranteed', 'G-2'), [settled('guaranteed', 'G-2')]],
    ['records the payment that follows a guarantee', [...dutiable, settled('guaranteed', 'G-1')], settle('paid'), [settled('paid')]],
    ['records the payment that follows a release against guarantee', [...dutiable, settled('guaranteed', 'G-1'), released()], settle('paid'), [settled('paid')]],
    ['records a guarantee after payment (it changes nothing owed)', [...dutiable, settled('paid')], settle('guaranteed', 'G-1'), [settled('guaranteed', 'G-1')]],
    ['money confirmed for a closed case is all refundable', [...dutiable, closed()], settle('paid'), [settled('paid'), refundable(188121.6, 'case-closed')]],
    ['money confirmed for a rejected case is all refundable', [...dutiable, rejected()], settle('paid'), [settled('paid'), refundable(188121.6, 'case-closed')]],
    ['a guarantee confirmed for a closed case is only recorded', [...dutiable, closed()], settle('guaranteed', 'G-1'), [settled('guaranteed', 'G-1')]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it('refuses a case that is not open', () => {
    expect(given([]).when(settle())).toThrow(refusal('case-not-open'));
  });
});

describe('agency case: CompleteExamination (the joint examination seam)', () => {
  it.each([
    ['a passed examination', examinationLane, completeExamination('passed'), [examinationCompleted('passed')]],
    ['a failed examination', examinationLane, completeExamination('failed'), [examinationCompleted('failed')]],
    ['an examination an officer asked for', [...green, examinationRequested()], completeExamination('passed'), [examinationCompleted('passed')]],
    ['an examination of a held case', [...examinationLane, held()], completeExamination('passed'), [examinationCompleted('passed')]],
    ['nothing when the same result comes twice', [...examinationLane, examinationCompleted('passed')], completeExamination('passed'), []],
    ['nothing for a closed case', [...examinationLane, closed()], completeExamination('passed'), []],
    ['nothing for a rejected case', [...examinationLane, rejected()], completeExamination('failed'), []],
  ])('records %s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each([
    ['no examination was requested', green, completeExamination('passed'), 'no-examination-requested'],
    ['the examination already has another result', [...examinationLane, examinationCompleted('failed')], completeExamination('passed'), 'examination-already-completed'],
    ['the case is not open', [], completeExamination('passed'), 'case-not-open'],
  ])('refuses when %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(refusal(code));
  });
});

describe("agency case: an officer's release decision", () => {
  const release = decide('release', 'documents in order');

  it.each([
    ['a green case', green],
    ['a documents-lane case (审单)', documentsLane],
    ['an examination-lane case after a passed examination', [...examinationLane, examinationCompleted('passed')]],
    ['an advance declaration once the goods arrived', [...advanceNotArrived, arrival]],
    ['a dutiable case once duties are paid', [...dutiable, settled('paid')]],
    ['a dutiable case against a guarantee (担保放行)', [...dutiable, settled('guaranteed', 'G-1')]],
    ['a held case: the release lifts the hold', [...green, held()]],
  ])('releases %s', (_, history) => {
    expect(given(history).when(release)()).toEqual([released()]);
  });

  it.each<[string, AgencyCaseEvent[], string[], RegExp]>([
    ['before the risk assessment', [opened()], ['not-assessed'], /risk assessment has not been made/],
    ['before the arrival of an advance declaration', advanceNotArrived, ['awaiting-arrival'], /have not arrived .*运抵报告/],
    ['before a required examination is done', examinationLane, ['examination-pending'], /required examination \(scan, documents\) is not done/],
    ['after a failed examination', [...examinationLane, examinationCompleted('failed')], ['examination-failed'], /examination failed: hold or reject/],
    ['before duties are settled', dutiable, ['duties-unsettled'], /duties of 188121\.60 CNY are not settled/],
    ['a held case still under examination', [...examinationLane, held()], ['examination-pending'], /examination/],
    ['with every blocker named at once', [opened(false), assessed('examination'), dutiesAssessed()], ['examination-pending', 'awaiting-arrival', 'duties-unsettled'], /examination.*arrived.*duties/],
  ])('refuses %s, saying why', (_, history, blockers, message) => {
    const attempt = given(history).when(release);
    expect(attempt).toThrow(expect.objectContaining({ code: 'release-blocked', details: { blockers } }) as unknown as DomainError);
    expect(attempt).toThrow(message);
  });

  it.each([
    ['already released', [...green, released()], 'case-released'],
    ['rejected', [...green, rejected()], 'case-rejected'],
    ['closed', [...green, closed()], 'case-closed'],
    ['not open', [], 'case-not-open'],
  ])('refuses a case %s', (_, history, code) => {
    expect(given(history).when(release)).toThrow(refusal(code));
  });
});

describe("agency case: an officer's hold, reject and examine decisions", () => {
  it.each([
    ['holds a pending case', green, decide('hold', 'alert on the consignee'), [held()]],
    ['holds a case under examination', examinationLane, decide('hold', 'alert on the consignee'), [held()]],
    ['holds a case before its assessment', [opened()], decide('hold', 'alert on the consignee'), [held()]],
    ['does not hold a held case twice', [...green, held()], decide('hold', 'another alert'), []],
    ['rejects a pending case', documentsLane, decide('reject', 'prohibited goods'), [rejected()]],
    ['rejects a held case', [...green, held()], decide('reject', 'prohibited goods'), [rejected()]],
    ['rejects after a failed examination', [...examinationLane, examinationCompleted('failed')], decide('reject', 'prohibited goods'), [rejected()]],
    ['does not reject a rejected case twice', [...green, rejected()], decide('reject', 'prohibited goods'), []],
    ['asks for an examination of a green case (default checks: documents)', green, decide('examine', 'suspected misdescription'), [examinationRequested(['documents'])]],
    ['asks for the checks the assessment required', [opened(), assessed('documents', ['scan'])], decide('examine', 'suspected misdescription'), [examinationRequested(['scan'])]],
    ['asks for a new examination after a failed one (复验: a further round)', [...examinationLane, examinationCompleted('failed')], decide('examine', 'suspected misdescription'),
      [{ type: 'ExaminationRequested', data: { reason: 'suspected misdescription', by: officer, checks: ['scan', 'documents'], requestedAt: at, again: true } }]],
    ['asks for an examination of a held case', [...green, held()], decide('examine', 'suspected misdescription'), [examinationRequested(['documents'])]],
    ['does not ask twice while one is requested', examinationLane, decide('examine', 'suspected misdescription'), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it("asks for the policy's check kinds for the agency", () => {
    const policy = testPolicy({ examinationChecks: ['lab', 'sampling', 'physical'] });
    expect(given(green, policy).when(decide('examine', 'suspected residue'))()).toEqual([examinationRequested(['physical', 'sampling', 'lab'], officer, 'suspected residue')]);
  });

  it.each([
    ['hold', 'released', [...green, released()], 'case-released'],
    ['hold', 'rejected', [...green, rejected()], 'case-rejected'],
    ['hold', 'closed', [...green, closed()], 'case-closed'],
    ['reject', 'released', [...green, released()], 'case-released'],
    ['reject', 'closed', [...green, closed()], 'case-closed'],
    ['examine', 'released', [...green, released()], 'case-released'],
    ['examine', 'rejected', [...green, rejected()], 'case-rejected'],
    ['examine', 'closed', [...green, closed()], 'case-closed'],
    ['hold', 'not open', [], 'case-not-open'],
  ] as const)('refuses to %s a case %s', (decision, _, history, code) => {
    expect(given([...history]).when(decide(decision, 'a reason'))).toThrow(refusal(code));
  });
});

describe('agency case: ReleaseIfReady (automatic release)', () => {
  const automatic = ([reason, code]: readonly [string, string]) => [released(true, reason, code)];
  const greenReason = ['green lane: every release condition holds', 'decision.release.green-lane'] as const;
  const examinationReason = ['the examination passed and every release condition holds', 'decision.release.examination-passed'] as const;

  it.each<[string, AgencyCaseEvent[], TestPolicyOptions, AgencyCaseEvent[]]>([
    ['releases a green case whose conditions hold', green, {}, automatic(greenReason)],
    ['releases an advance declaration once the goods arrive', [...advanceNotArrived, arrival], {}, automatic(greenReason)],
    ['releases a dutiable case once duties are settled', [...dutiable, settled('guaranteed', 'G-1')], {}, automatic(greenReason)],
    ['releases after a passed examination when the policy allows it (customs, border)', [...examinationLane, examinationCompleted('passed')], { releaseAfterExamination: true }, automatic(examinationReason)],
    ['waits for an officer after a passed examination when the policy says so (inspection)', [...examinationLane, examinationCompleted('passed')], {}, []],
    ['waits before the assessment', [opened()], {}, []],
    ['waits for the arrival of an advance declaration', advanceNotArrived, {}, []],
    ['waits for duties', dutiable, {}, []],
    ['leaves a documents-lane case to an officer', documentsLane, {}, []],
    ['waits for a required examination', examinationLane, { releaseAfterExamination: true }, []],
    ['never releases after a failed examination', [...examinationLane, examinationCompleted('failed')], { releaseAfterExamination: true }, []],
    ['never releases a green case an officer sent to an examination still pending', [...green, examinationRequested()], {}, []],
    ['never releases a held case', [...green, held()], {}, []],
    ['has nothing to do for a released case', [...green, released()], {}, []],
    ['has nothing to do for a rejected case', [...green, rejected()], {}, []],
    ['has nothing to do for a closed case', [...green, closed()], {}, []],
    ['has nothing to do without a case', [], {}, []],
  ])('%s', (_, history, options, expected) => {
    expect(given(history, testPolicy(options)).when(releaseIfReady)()).toEqual(expected);
  });
});

describe('agency case: CloseCase (the declaration was withdrawn)', () => {
  it.each([
    ['a pending case', green, [closed()]],
    ['a case under examination', examinationLane, [closed()]],
    ['a held case', [...green, held()], [closed()]],
    ['a case not yet assessed', [opened()], [closed()]],
    ['a case with confirmed payments: they are refundable, less what already was', [...dutiable, settled('paid', 'PAY-1', 200000), refundable(11878.4, 'over-payment'), settled('guaranteed', 'G-1')],
      [closed(), refundable(188121.6, 'case-closed')]],
  ])('closes %s', (_, history, expected) => {
    expect(given(history).when(closeCase)()).toEqual(expected);
  });

  it.each([
    ['released', [...green, released()]],
    ['rejected', [...green, rejected()]],
    ['already closed', [...green, closed()]],
    ['never opened', []],
  ])('has nothing to do for a case %s', (_, history) => {
    expect(given(history).when(closeCase)()).toEqual([]);
  });
});

describe('agency case: state', () => {
  const state = (events: AgencyCaseEvent[]) => given(events).state;
  const pick = ({ status, lane, examination, requiredChecks, arrived, settled: s, assessed: a, duties, releasedAt }: AgencyCaseState) =>
    ({ status, lane, examination, requiredChecks, arrived, settled: s, assessed: a, duties, releasedAt });

  it.each<[string, AgencyCaseEvent[], Partial<ReturnType<typeof pick>>]>([
    ['a new case is pending, unassessed', [opened(false)], { status: 'pending', lane: undefined, examination: 'none', arrived: false, assessed: false, settled: 'none' }],
    ['a green case stays pending until released', green, { status: 'pending', lane: 'green', examination: 'none', assessed: true }],
    ['a documents-lane case stays pending for an officer', documentsLane, { status: 'pending', lane: 'documents', examination: 'none' }],
    ['an examination lane puts the case under examination', examinationLane, { status: 'examination', examination: 'requested', requiredChecks: ['scan', 'documents'] }],
    ['a completed examination returns the case to pending', [...examinationLane, examinationCompleted('passed')], { status: 'pending', examination: 'passed' }],
    ['a failed examination returns the case to an officer', [...examinationLane, examinationCompleted('failed')], { status: 'pending', examination: 'failed' }],
    ['an examination asked for adds its checks', [opened(), assessed('examination', ['scan']), examinationCompleted('failed'), examinationRequested(['physical', 'scan'])], { status: 'examination', examination: 'requested', requiredChecks: ['scan', 'physical'] }],
    ['a held case stays held while examined', [...green, held(), examinationRequested(), examinationCompleted('passed')], { status: 'held', examination: 'passed' }],
    ['a hold before the assessment survives it', [opened(), held(), assessed('examination')], { status: 'held', examination: 'requested' }],
    ['duties and their settlement', [...dutiable, settled('guaranteed', 'G-1')], { duties: { amount: 188121.6, currency: 'CNY' }, settled: 'guaranteed' }],
    ['arrival', [...advanceNotArrived, arrival], { arrived: true }],
    ['a release keeps its time', [...green, released()], { status: 'released', releasedAt: at }],
    ['a rejection', [...green, rejected()], { status: 'rejected' }],
    ['a closure', [...green, closed()], { status: 'closed' }],
  ])('%s', (_, events, expected) => {
    expect(pick(state(events))).toMatchObject(expected);
  });

  it('keeps the declaration snapshot, the reasons and the priority', () => {
    const s = state([opened(), { type: 'RiskAssessed', data: { lane: 'documents', reasons: [{ rule: 'r', description: 'd' }], draw: null, requiredChecks: [], priority: 2, assessedAt: at } }]);
    expect(s).toMatchObject({ agency: 'customs', declaration, reasons: [{ rule: 'r', description: 'd' }], priority: 2 });
  });

  it('stamps every event with the command time', () => {
    const later = new Date('2026-11-24T09:30:00.000Z');
    const events = given(examinationLane, testPolicy({ duties: 10 })).when({ type: 'Decide', decision: 'hold', reason: 'r', officer, now: later })();
    expect(events).toEqual([{ type: 'CaseHeld', data: { reason: 'r', by: officer, heldAt: later.toISOString() } }]);
  });
});

describe('agency case: release first, conformity later (先放后检 / 两段准入)', () => {
  const conditional: AgencyPolicy = { ...testPolicy(), conditionalRelease: () => true };
  const releasedConditionally: AgencyCaseEvent = { type: 'CaseReleased', data: { by: officer, automatic: false, reason: 'samples taken', releasedAt: at, conformityPending: true } };
  const assess = (result: 'conforming' | 'non-conforming', note?: string): AgencyCaseCommand => ({ type: 'AssessConformity', result, officer, note, reference: 'LAB-2026-0042', now });
  const assessedEvent = (result: 'conforming' | 'non-conforming', note?: string): AgencyCaseEvent => ({ type: 'ConformityAssessed', data: { result, by: officer, note, reference: 'LAB-2026-0042', assessedAt: at } });
  const documentsCase: AgencyCaseEvent[] = [opened(), { type: 'RiskAssessed', data: { lane: 'documents', reasons: [], draw: null, requiredChecks: [], priority: 0, assessedAt: at } }];

  it('an officer’s release of such goods leaves the conformity result pending (stage 1, 允许提离)', () => {
    const events = given(documentsCase, conditional).when({ type: 'Decide', decision: 'release', reason: 'samples taken', officer, now })();
    expect(events).toEqual([releasedConditionally]);
    expect(given([...documentsCase, releasedConditionally], conditional).state.conformity).toBe('pending');
  });

  it.each<[string, AgencyCaseCommand, AgencyCaseEvent[]]>([
    ['a conforming result closes stage 2', assess('conforming'), [assessedEvent('conforming')]],
    ['a non-conforming result raises a follow-up for every agency and the declarant', assess('non-conforming', 'iron content below contract'), [
      assessedEvent('non-conforming', 'iron content below contract'),
      { type: 'FollowUpRequired', data: { actions: ['recall', 'hold-on-sale'], reason: 'iron content below contract', requiredAt: at } },
    ]],
    ['a non-conforming result without a note gives the system’s reason, with its code', assess('non-conforming'), [
      assessedEvent('non-conforming'),
      { type: 'FollowUpRequired', data: { actions: ['recall', 'hold-on-sale'], reason: 'the conformity assessment found the goods non-conforming', code: 'decision.follow-up.non-conforming', requiredAt: at } },
    ]],
  ])('%s (stage 2, 合格评定)', (_, command, expected) => {
    expect(given([...documentsCase, releasedConditionally], conditional).when(command)()).toEqual(expected);
  });

  it.each<[string, AgencyCaseEvent[], AgencyPolicy]>([
    ['goods released the ordinary way', [...documentsCase, released()], testPolicy()],
    ['a result already recorded', [...documentsCase, releasedConditionally, assessedEvent('conforming')], conditional],
    ['goods not yet released', documentsCase, conditional],
  ])('refuses a conformity result for %s', (_, history, policy) => {
    expect(given(history, policy).when(assess('conforming'))).toThrow(expect.objectContaining({ code: 'no-conformity-pending' }) as unknown as Error);
  });
});
