import type { Agency, CaseDeclaration, DeclarationBody } from '@sw/shipment';
import { react, type Action, type ProcessEvent, type ReactionInput, type Shipment } from './reactions';

/**
 * The clearance process, reaction by reaction: given what the process knows of a shipment, when
 * an event comes back, then these actions. Each row reads as a rule of 一次申报, 一次查验, 一次放行.
 */
const D = 'd-1';
const body: DeclarationBody = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91350100M000100Y43', name: '福建贸易' },
  customsOffice: '3501', portOfEntry: '3501', transport: { mode: '4', conveyance: '粤Z-1234港', billOfLading: 'bl-1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '0202300090', description: 'frozen beef', quantity: 1000, unit: '035', value: 5000, originCountry: 'AUS' }],
  documents: [],
};
const snapshot: CaseDeclaration = { declarationId: D, ...body };
const shipment = (agencies: Agency[], released: Agency[] = [], over: Partial<Shipment> = {}): Shipment =>
  ({ declarationId: D, billOfLading: 'BL-1', agencies, released, status: 'open', declaration: snapshot, ...over });

const on = (stream: string, type: string, data: unknown, correlationId = D): ProcessEvent => ({ streamId: stream, type, data, metadata: { correlationId } });
const declaration = (type: string, data: unknown = {}) => on(`declaration-${D}`, type, data);
const caseOf = (agency: Agency, type: string, data: unknown = {}) => on(`${agency}-${D}`, type, data);
const instruction = (type: string, data: Record<string, unknown>) => on(`instruction-${data.reference}`, type, { declarationId: D, ...data });

const toCase = (agency: Agency, command: Record<string, unknown>, declarationId = D): Action => ({ type: 'case', declarationId, agency, command } as Action);
const release = (...agencies: Agency[]): Action => ({ type: 'release', declarationId: D, agencies });

function given(input: ReactionInput) {
  return { when: (event: ProcessEvent) => react(event, input) };
}

describe('Clearance process reactions', () => {
  describe('the declaration', () => {
    it.each<[string, ReactionInput, ProcessEvent, Action[]]>([
      ['a submission opens the routed cases (the goods are at the port)', {},
        declaration('DeclarationSubmitted', { declarationId: D, declaration: body, arrivedAt: '2026-11-01T08:00:00.000Z' }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, arrivedAt: '2026-11-01T08:00:00.000Z' }, arrived: true }]],
      ['the cases know when it was filed: the tariff and code lists of that day apply', {},
        declaration('DeclarationSubmitted', { declarationId: D, declaration: body, submittedAt: '2026-12-31T15:59:00.000Z', arrivedAt: '2026-11-01T08:00:00.000Z' }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, declaredAt: '2026-12-31T15:59:00.000Z', arrivedAt: '2026-11-01T08:00:00.000Z' }, arrived: true }]],
      ['an advance declaration opens its cases to wait for the arrival', {},
        declaration('DeclarationSubmitted', { declarationId: D, declaration: { ...body, mode: 'advance' }, arrivedAt: null }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, mode: 'advance' }, arrived: false }]],
      ['an advance declaration filed after its goods arrived records that arrival',
        { arrival: { arrivedAt: '2026-11-01T06:00:00.000Z', conveyance: '粤Z1234港', portOfEntry: '3501' } },
        declaration('DeclarationSubmitted', { declarationId: D, declaration: { ...body, mode: 'advance' }, arrivedAt: null }),
        // The cases know when the goods arrived: 滞报金 counts from it.
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, mode: 'advance', arrivedAt: '2026-11-01T06:00:00.000Z' }, arrived: true },
          { type: 'declaration', declarationId: D, command: { type: 'RecordArrival', arrivedAt: '2026-11-01T06:00:00.000Z', billOfLading: 'bl-1', conveyance: '粤Z1234港' } }]],
      ['an arrival reported at another port, or for another conveyance, is not this declaration\'s',
        { arrival: { arrivedAt: '2026-11-01T06:00:00.000Z', conveyance: '粤Z1234港', portOfEntry: '5301' } },
        declaration('DeclarationSubmitted', { declarationId: D, declaration: { ...body, mode: 'advance' }, arrivedAt: null }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, mode: 'advance' }, arrived: false }]],
      ['an arrival of another conveyance on the same bill is not this declaration\'s',
        { arrival: { arrivedAt: '2026-11-01T06:00:00.000Z', conveyance: '沪A0001', portOfEntry: '3501' } },
        declaration('DeclarationSubmitted', { declarationId: D, declaration: { ...body, mode: 'advance' }, arrivedAt: null }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, mode: 'advance' }, arrived: false }]],
      ['a declaration without documents gets an empty list in its snapshot', {},
        declaration('DeclarationSubmitted', { declarationId: D, declaration: { ...body, documents: undefined }, arrivedAt: '2026-11-01T08:00:00.000Z' }),
        [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, documents: [], arrivedAt: '2026-11-01T08:00:00.000Z' }, arrived: true }]],
      ['the arrival reaches every routed case', { shipment: shipment(['customs', 'inspection']) },
        declaration('ArrivalRecorded', { arrivedAt: '2026-11-02T00:00:00.000Z', billOfLading: 'BL-1', conveyance: 'X' }),
        [toCase('customs', { type: 'ConfirmArrival', arrivedAt: '2026-11-02T00:00:00.000Z' }), toCase('inspection', { type: 'ConfirmArrival', arrivedAt: '2026-11-02T00:00:00.000Z' })]],
      // Money customs can trust: the declarant's word settles nothing, the bank's confirmation does.
      ['a payment instructed by the declarant settles nothing', { shipment: shipment(['customs']) },
        instruction('SettlementInstructed', { kind: 'payment', amount: 4000, currency: 'CNY', reference: 'P-1' }), []],
      ['a payment the bank confirmed settles the customs case', { shipment: shipment(['customs', 'border']) },
        instruction('SettlementConfirmed', { kind: 'payment', amount: 4000, currency: 'CNY', reference: 'P-1', bank: 'ICBC' }),
        [toCase('customs', { type: 'SettleDuties', how: 'paid', reference: 'P-1', amount: 4000, currency: 'CNY' })]],
      ['a guarantee the bank confirmed settles the customs case (担保放行)', { shipment: shipment(['customs']) },
        instruction('SettlementConfirmed', { kind: 'guarantee', amount: 4000, currency: 'CNY', reference: 'G-1', bank: 'PICC' }),
        [toCase('customs', { type: 'SettleDuties', how: 'guaranteed', reference: 'G-1', amount: 4000, currency: 'CNY' })]],
      ['a refused instruction settles nothing', { shipment: shipment(['customs']) },
        instruction('SettlementRefused', { kind: 'payment', reference: 'P-1', bank: 'ICBC', reason: 'no funds' }), []],
      ['money confirmed after a withdrawal still reaches the case (which makes it refundable)', { shipment: shipment(['customs'], [], { status: 'withdrawn' }) },
        instruction('SettlementConfirmed', { kind: 'payment', amount: 4000, currency: 'CNY', reference: 'P-1', bank: 'ICBC' }),
        [toCase('customs', { type: 'SettleDuties', how: 'paid', reference: 'P-1', amount: 4000, currency: 'CNY' })]],
      ['confirmed money for a shipment not routed to customs goes nowhere', { shipment: shipment(['inspection']) },
        instruction('SettlementConfirmed', { kind: 'payment', amount: 1, currency: 'CNY', reference: 'P-1', bank: 'ICBC' }), []],
      ['confirmed money before the shipment is known goes nowhere', { shipment: null },
        instruction('SettlementConfirmed', { kind: 'payment', amount: 1, currency: 'CNY', reference: 'P-1', bank: 'ICBC' }), []],
      ["legacy: the declarant's own 'paid' settles nothing", { shipment: shipment(['customs']) },
        declaration('DutiesPaid', { amount: 4000, currency: 'CNY', reference: 'P-1' }), []],
      // 汇总征税: a consolidated declaration's duties are drawn on its holder's general guarantee.
      ['duties assessed on a consolidated declaration are drawn on the guarantee', { shipment: shipment(['customs'], [], { declaration: { ...snapshot, settlement: 'consolidated' } }) },
        caseOf('customs', 'DutiesAssessed', { amount: 1234.5, currency: 'CNY' }),
        [{ type: 'draw-guarantee', declarationId: D, holder: body.declarant.uscc, amount: 1234.5 }, toCase('customs', { type: 'ReleaseIfReady' })]],
      // 两步申报 under 汇总征税: the complete declaration's duties settle on the general guarantee like the summary's.
      ['a consolidated final assessment higher than the summary draws the difference on the guarantee', { shipment: shipment(['customs'], ['customs'], { declaration: { ...snapshot, settlement: 'consolidated' } }) },
        caseOf('customs', 'FinalDutiesAssessed', { amount: 8000, payable: 0, generalGuarantee: { drawn: 5000, draw: 3000, release: 0 } }),
        [{ type: 'draw-guarantee', declarationId: D, holder: body.declarant.uscc, amount: 3000, part: 'final' }, toCase('customs', { type: 'ReleaseIfReady' })]],
      ['a consolidated final assessment lower than the summary gives the difference back', { shipment: shipment(['customs'], ['customs'], { declaration: { ...snapshot, settlement: 'consolidated' } }) },
        caseOf('customs', 'FinalDutiesAssessed', { amount: 3000, payable: 0, generalGuarantee: { drawn: 5000, draw: 0, release: 2000 } }),
        [{ type: 'reduce-draw', declarationId: D, holder: body.declarant.uscc, amount: 2000, reason: 'the complete declaration was assessed lower than the summary (两步申报)' }, toCase('customs', { type: 'ReleaseIfReady' })]],
      ['a final assessment of any other declaration touches no general guarantee', { shipment: shipment(['customs'], ['customs']) },
        caseOf('customs', 'FinalDutiesAssessed', { amount: 3000, payable: 100 }), [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['a general guarantee given back part of a draw: waiting declarations try again', {},
        on('guarantee-g-1', 'GuaranteeDrawReduced', { declarationId: D, amount: 2000, reason: 'x', balanceAfter: 1, reducedAt: 't' }, 'guarantee-g-1'), [{ type: 'retry-draws', guaranteeId: 'g-1' }]],
      ['duties assessed on any other declaration wait for money', { shipment: shipment(['customs']) },
        caseOf('customs', 'DutiesAssessed', { amount: 1234.5, currency: 'CNY' }), [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['a general guarantee lodged is recorded by holder', {},
        on('guarantee-g-1', 'GeneralGuaranteeLodged', { guaranteeId: 'g-1', holder: 'H', amount: 1, currency: 'CNY', validUntil: '2026-12-31', reference: 'BG', bank: 'BOC', lodgedAt: 't' }, 'guarantee-g-1'),
        [{ type: 'record-guarantee', id: 'g-1', holder: 'H', validUntil: '2026-12-31', lodgedAt: 't' }, { type: 'retry-draws', holder: 'H' }]],
      ["a statement's confirmed payment pays each declaration it covered", {},
        on('guarantee-g-1', 'GuaranteeRestored', { month: '2026-11', amount: 30, reference: 'ST-1', bank: 'ICBC', covered: [{ declarationId: 'd-1', amount: 10 }, { declarationId: 'd-2', amount: 20 }], balanceAfter: 1, restoredAt: 't' }, 'guarantee-g-1'),
        [toCase('customs', { type: 'SettleDuties', how: 'paid', reference: 'statement:ST-1', amount: 10, currency: 'CNY' }),
          toCase('customs', { type: 'SettleDuties', how: 'paid', reference: 'statement:ST-1', amount: 20, currency: 'CNY' }, 'd-2'),
          // Its holder's consolidated declarations that found no balance try again.
          { type: 'retry-draws', guaranteeId: 'g-1' }]],
      ['a refundable payment is refunded on its instruction', {},
        caseOf('customs', 'DutiesRefundable', { reference: 'P-1', amount: 500, currency: 'CNY', reason: 'over-payment' }),
        [{ type: 'instruction', declarationId: D, reference: 'P-1', command: { type: 'OrderRefund', amount: 500, currency: 'CNY', reason: 'over-payment', key: 'over-payment:customs' } }]],
      ['a withdrawal closes every case and its deadlines', { shipment: shipment(['customs', 'border']) },
        declaration('DeclarationWithdrawn', { reason: 'order cancelled' }),
        [toCase('customs', { type: 'CloseCase', reason: 'declaration withdrawn: order cancelled' }), toCase('border', { type: 'CloseCase', reason: 'declaration withdrawn: order cancelled' }),
          { type: 'set-status', declarationId: D, status: 'withdrawn' }, { type: 'settle-deadlines', where: { declarationId: D } }]],
      ['the release is recorded', {}, declaration('DeclarationReleased', { agencies: ['customs'] }), [{ type: 'set-status', declarationId: D, status: 'released' }]],
      ['a rejection is recorded', {}, declaration('DeclarationRejected', { agency: 'customs', reason: 'x' }), [{ type: 'set-status', declarationId: D, status: 'rejected' }]],
      ['an exit is recorded', {}, declaration('GoodsExited', { conveyance: 'X', portOfEntry: '3501' }), [{ type: 'set-status', declarationId: D, status: 'exited' }]],
      ['two-step: the deadline of the complete declaration is scheduled', {}, declaration('CompleteDeclarationScheduled', { dueAt: '2026-11-15T00:00:00.000Z' }),
        [{ type: 'schedule-deadline', id: `complete-declaration:${D}`, streamId: `declaration-${D}`, declarationId: D, kind: 'complete-declaration', dueAt: '2026-11-15T00:00:00.000Z' }]],
      ['two-step: filing settles the deadline and customs assesses the complete declaration', {}, declaration('CompleteDeclarationFiled', { items: body.items, freight: { amount: 10, currency: 'USD' }, late: false }),
        [{ type: 'settle-deadlines', where: { id: `complete-declaration:${D}` } },
          toCase('customs', { type: 'AssessFinalDuties', items: body.items, freight: { amount: 10, currency: 'USD' } })]],
      ['a consolidated declaration withdrawn gives its draw back', { shipment: shipment(['customs'], [], { declaration: { ...snapshot, settlement: 'consolidated' } }) },
        declaration('DeclarationWithdrawn', { reason: 'cancelled' }),
        [toCase('customs', { type: 'CloseCase', reason: 'declaration withdrawn: cancelled' }),
          { type: 'release-draw', declarationId: D, holder: body.declarant.uscc, reason: 'declaration withdrawn: cancelled' },
          { type: 'set-status', declarationId: D, status: 'withdrawn' }, { type: 'settle-deadlines', where: { declarationId: D } }]],
      ['a draw given back lets waiting declarations try again', {}, on('guarantee-g-1', 'GuaranteeDrawReleased', { declarationId: 'd-9', amount: 5, reason: 'x', balanceAfter: 5, releasedAt: 't' }, 'guarantee-g-1'),
        [{ type: 'retry-draws', guaranteeId: 'g-1' }]],
      ['rejected by one agency: the others close (their money refundable)', { shipment: shipment(['customs', 'inspection']) },
        declaration('DeclarationRejected', { agency: 'inspection', reason: 'pests' }),
        [toCase('customs', { type: 'CloseOnRejection', agency: 'inspection', reason: 'pests' }), toCase('inspection', { type: 'CloseOnRejection', agency: 'inspection', reason: 'pests' }),
          { type: 'set-status', declarationId: D, status: 'rejected' }]],
      ['routing recorded with the submission needs nothing more', {}, declaration('DeclarationRouted', { agencies: ['customs'] }), []],
    ])('%s', (_, input, event, actions) => {
      expect(given(input).when(event)).toEqual(actions);
    });
  });

  describe('一次放行: the one release, however it comes', () => {
    it.each<[string, ReactionInput, ProcessEvent, Action[]]>([
      ['the last agency to release releases the declaration', { shipment: shipment(['customs', 'inspection'], ['customs']) },
        caseOf('inspection', 'CaseReleased', { by: 'officer-1' }),
        [{ type: 'record-released', declarationId: D, agency: 'inspection' }, release('customs', 'inspection')]],
      ['the only agency releases the declaration', { shipment: shipment(['customs']) },
        caseOf('customs', 'CaseReleased', { by: 'system' }),
        [{ type: 'record-released', declarationId: D, agency: 'customs' }, release('customs')]],
      ['a case released again changes nothing more than the set', { shipment: shipment(['customs', 'border'], ['customs', 'border']) },
        caseOf('border', 'CaseReleased', { by: 'system' }),
        [{ type: 'record-released', declarationId: D, agency: 'border' }, release('customs', 'border')]],
      ['an agency still deciding keeps the declaration waiting', { shipment: shipment(['customs', 'inspection', 'border'], ['border']) },
        caseOf('customs', 'CaseReleased', { by: 'system' }),
        [{ type: 'record-released', declarationId: D, agency: 'customs' }]],
      ['a case released before its shipment is known is only recorded', { shipment: null },
        caseOf('customs', 'CaseReleased', { by: 'system' }),
        [{ type: 'record-released', declarationId: D, agency: 'customs' }]],
      ['licences verified after every agency released: the release was waiting for them', { shipment: shipment(['customs', 'inspection'], ['customs', 'inspection']) },
        declaration('LicensesVerified', { checks: [] }), [release('customs', 'inspection')]],
      ['licences verified while an agency still decides: nothing yet', { shipment: shipment(['customs', 'inspection'], ['customs']) },
        declaration('LicensesVerified', { checks: [] }), []],
    ])('%s', (_, input, event, actions) => {
      expect(given(input).when(event)).toEqual(actions);
    });
  });

  describe('the agencies\' cases', () => {
    it.each<[string, ProcessEvent, Action[]]>([
      ['an opened case is assessed', caseOf('customs', 'CaseOpened'), [toCase('customs', { type: 'assess' })]],
      ['a green assessment lets the case release itself', caseOf('customs', 'RiskAssessed', { lane: 'green', reasons: [], requiredChecks: [] }),
        [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['an examination lane joins the one examination (一次查验), with the reasons', caseOf('inspection', 'RiskAssessed', {
        lane: 'examination', reasons: [{ rule: 'r1', description: 'meat' }, { rule: 'r2', description: 'origin' }], requiredChecks: ['sampling', 'lab'],
      }), [{ type: 'examine', declarationId: D, agency: 'inspection', checks: ['sampling', 'lab'], reason: 'meat; origin' }, toCase('inspection', { type: 'ReleaseIfReady' })]],
      ['an examination lane without reasons still says why', caseOf('customs', 'RiskAssessed', { lane: 'examination', reasons: [], requiredChecks: ['scan'] }),
        [{ type: 'examine', declarationId: D, agency: 'customs', checks: ['scan'], reason: 'selected for examination' }, toCase('customs', { type: 'ReleaseIfReady' })]],
      ['an officer\'s examination request joins the one examination', caseOf('border', 'ExaminationRequested', { checks: ['vehicle'], reason: 'tip-off' }),
        [{ type: 'examine', declarationId: D, agency: 'border', checks: ['vehicle'], reason: 'tip-off' }]],
      ['a request that names no checks has nothing to examine', caseOf('border', 'ExaminationRequested', { checks: [], reason: 'x' }), []],
      ['assessed duties: release if ready', caseOf('customs', 'DutiesAssessed', { amount: 1 }), [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['arrival confirmed: release if ready', caseOf('customs', 'ArrivalConfirmed', {}), [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['duties settled: release if ready', caseOf('customs', 'DutiesSettled', {}), [toCase('customs', { type: 'ReleaseIfReady' })]],
      ['examination completed: release if ready', caseOf('inspection', 'ExaminationCompleted', { result: 'passed' }), [toCase('inspection', { type: 'ReleaseIfReady' })]],
      ['a rejection by one agency rejects the declaration', caseOf('inspection', 'CaseRejected', { reason: 'pests' }),
        [{ type: 'declaration', declarationId: D, command: { type: 'Reject', agency: 'inspection', reason: 'pests' } }]],
      ['a hold needs nothing from the process', caseOf('customs', 'CaseHeld', { reason: 'x' }), []],
    ])('%s', (_, event, actions) => {
      expect(given({}).when(event)).toEqual(actions);
    });
  });

  describe('监管互认: the joint examination\'s results go to each agency', () => {
    it('gives each participating agency its own result', () => {
      const completed = on(`examination-${D}`, 'ExaminationCompleted', { results: { customs: 'passed', inspection: 'failed' } });
      expect(given({}).when(completed)).toEqual([
        toCase('customs', { type: 'CompleteExamination', result: 'passed' }), toCase('inspection', { type: 'CompleteExamination', result: 'failed' }),
      ]);
    });
    it('waits for the examination to complete', () => {
      expect(given({}).when(on(`examination-${D}`, 'FindingRecorded', {}))).toEqual([]);
    });
  });

  describe('arrivals (运抵报告)', () => {
    const report = on('arrival-BL-1', 'ArrivalReported', { billOfLading: 'BL-1', conveyance: '粤Z1234港', portOfEntry: '3501', arrivedAt: '2026-11-02T00:00:00.000Z' }, 'arrival-BL-1');
    it('records the arrival and reaches every open shipment on the bill', () => {
      const other = shipment(['customs'], [], { declarationId: 'd-2' });
      expect(given({ reached: [shipment(['customs']), other] }).when(report)).toEqual([
        { type: 'record-arrival', billOfLading: 'BL-1', arrivedAt: '2026-11-02T00:00:00.000Z', conveyance: '粤Z1234港', portOfEntry: '3501' },
        { type: 'declaration', declarationId: D, command: { type: 'RecordArrival', arrivedAt: '2026-11-02T00:00:00.000Z', billOfLading: 'BL-1', conveyance: '粤Z1234港' } },
        { type: 'declaration', declarationId: 'd-2', command: { type: 'RecordArrival', arrivedAt: '2026-11-02T00:00:00.000Z', billOfLading: 'BL-1', conveyance: '粤Z1234港' } },
      ]);
    });
    it('reaches only the shipments that name its port and conveyance', () => {
      const otherPort = shipment(['customs'], [], { declarationId: 'd-2', declaration: { ...snapshot, declarationId: 'd-2', portOfEntry: '5301' } });
      const otherTruck = shipment(['customs'], [], { declarationId: 'd-3', declaration: { ...snapshot, declarationId: 'd-3', transport: { ...body.transport, conveyance: '沪A0001' } } });
      expect(given({ reached: [otherPort, shipment(['customs']), otherTruck] }).when(report).map((a) => (a.type === 'declaration' ? a.declarationId : a.type))).toEqual(['record-arrival', D]);
    });
    it('records an arrival no declaration waits for yet', () => {
      expect(given({ reached: [] }).when(report)).toHaveLength(1);
    });
  });

  describe('执法互助: alerts', () => {
    const raisedBy = { agency: 'border', officer: 'officer-9' };
    const raised = (subject: { kind: string; value: string }, action: 'hold' | 'examine') =>
      on('alert-a-1', 'AlertRaised', { alertId: 'a-1', subject, action, reason: 'smuggling tip-off', raisedBy, at: '2026-11-02T00:00:00.000Z' }, 'alert-a-1');
    const matching = shipment(['customs', 'border']);
    const elsewhere = shipment(['customs'], [], { declarationId: 'd-2', declaration: { ...snapshot, declarationId: 'd-2', transport: { ...snapshot.transport, conveyance: '粤Z9999港' } } });

    it.each<[string, ReturnType<typeof raised>, Action[]]>([
      ['a hold on a conveyance holds every case of the shipments it carries', raised({ kind: 'conveyance', value: '粤z 1234港' }, 'hold'), [
        toCase('customs', { type: 'Decide', decision: 'hold', reason: 'alert a-1: smuggling tip-off', officer: 'alert:border', alertId: 'a-1' }),
        toCase('border', { type: 'Decide', decision: 'hold', reason: 'alert a-1: smuggling tip-off', officer: 'alert:border', alertId: 'a-1' }),
      ]],
      ['an examine alert on a commodity sends the cases to examination', raised({ kind: 'commodity', value: '0202' }, 'examine'), [
        toCase('customs', { type: 'Decide', decision: 'examine', reason: 'alert a-1: smuggling tip-off', officer: 'alert:border', alertId: 'a-1' }),
        toCase('border', { type: 'Decide', decision: 'examine', reason: 'alert a-1: smuggling tip-off', officer: 'alert:border', alertId: 'a-1' }),
        toCase('customs', { type: 'Decide', decision: 'examine', reason: 'alert a-1: smuggling tip-off', officer: 'alert:border', alertId: 'a-1' }, 'd-2'),
      ]],
      ['an alert on another enterprise touches nothing', raised({ kind: 'enterprise', value: '91110000100000000X' }, 'hold'), []],
    ])('%s', (_, event, decisions) => {
      const [recorded, ...rest] = given({ reached: [matching, elsewhere] }).when(event);
      expect(recorded).toMatchObject({ type: 'record-alert', alertId: 'a-1' });
      expect(rest).toEqual(decisions);
    });

    it('a lifted alert stops steering new cases; the cases it held stay held', () => {
      const lifted = on('alert-a-1', 'AlertLifted', { reason: 'cleared', liftedBy: raisedBy, at: '2026-11-03T00:00:00.000Z' }, 'alert-a-1');
      expect(given({}).when(lifted)).toEqual([{ type: 'lift-alert', alertId: 'a-1', at: '2026-11-03T00:00:00.000Z', reason: 'cleared' }]);
    });
  });
});
