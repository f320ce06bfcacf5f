import { agencyCaseDecider, commonReleaseBlockers, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyPolicy } from '@sw/agency-case';
import type { CaseDeclaration } from '@sw/shipment';

/**
 * A case whose declaration changed (修改申请 approved, or resubmitted after 退单): before release it
 * is assessed again; after release only its duties, the difference payable (补税) or refundable (退税).
 */
const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const declaration = (value: number): CaseDeclaration => ({
  declarationId: 'd-1', mode: 'standard', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Puyuan' },
  customsOffice: '2248', portOfEntry: '2248', transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'BL-1' }, tradeMode: '0110', incoterm: 'CIF', currency: 'CNY',
  items: [{ hsCode: '0202300090', description: 'beef', quantity: 100, unit: '035', value, originCountry: 'BRA' }], documents: [],
});
/** Duties of 20% of the declared value, in CNY. */
const policy: AgencyPolicy = {
  agency: 'customs',
  assess: () => ({ lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0 }),
  assessDuties: (d) => ({ amount: d.items.reduce((sum, i) => sum + (i.value ?? 0), 0) * 0.2, customsValueCny: 0, lines: [] }),
  releaseBlockers: commonReleaseBlockers,
};
const decider = agencyCaseDecider(policy);

const opened: AgencyCaseEvent = { type: 'CaseOpened', data: { agency: 'customs', declaration: declaration(1000), routingReasons: [], arrived: true, openedAt: at } };
const assessed: AgencyCaseEvent = { type: 'RiskAssessed', data: { lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0, assessedAt: at } };
const duties = (amount: number): AgencyCaseEvent => ({ type: 'DutiesAssessed', data: { amount, currency: 'CNY', customsValueCny: 0, lines: [], assessedAt: at } });
const paid = (amount: number, reference = 'P-1'): AgencyCaseEvent => ({ type: 'DutiesSettled', data: { how: 'paid', reference, amount, currency: 'CNY', amountCny: amount, settledAt: at } });
const released: AgencyCaseEvent = { type: 'CaseReleased', data: { by: 'system', automatic: true, releasedAt: at } };
const revised = (value: number, afterRelease: boolean): AgencyCaseEvent => ({ type: 'CaseRevised', data: { declaration: declaration(value), afterRelease, reason: 'amendment a-1', revisedAt: at } });
const revise = (value: number, afterRelease: boolean): AgencyCaseCommand => ({ type: 'Revise', declaration: declaration(value), afterRelease, reason: 'amendment a-1', now });
const refundable = (amount: number, reference = 'P-1'): AgencyCaseEvent => ({ type: 'DutiesRefundable', data: { reference, amount, currency: 'CNY', reason: 'over-payment', refundableAt: at } });

const given = (history: AgencyCaseEvent[]) => {
  const state = history.reduce(decider.evolve, decider.initialState());
  return { when: (command: AgencyCaseCommand) => decider.decide(command, state), state };
};

describe('agency case: revised declarations', () => {
  it.each<[string, AgencyCaseEvent[], AgencyCaseCommand, AgencyCaseEvent[]]>([
    ['before release: revised, to be assessed again', [opened, assessed, duties(200)], revise(1500, false), [revised(1500, false)]],
    ['a revised case assesses its risk and duties again', [opened, assessed, duties(200), revised(1500, false)], { type: 'AssessRisk', draw: 0.5, randomSelection: false, alerts: [], now },
      [assessed, duties(300)]],
    ['reassessed lower than paid: the difference is refundable', [opened, assessed, duties(200), paid(200), revised(500, false)], { type: 'AssessRisk', draw: 0.5, randomSelection: false, alerts: [], now },
      [assessed, duties(100), refundable(100)]],
    ['after release, a higher value: a supplementary assessment (补税)', [opened, assessed, duties(200), paid(200), released], revise(1500, true),
      [revised(1500, true), duties(300)]],
    ['after release, a lower value: a refund (退税), latest payment first', [opened, assessed, duties(200), paid(150), paid(50, 'P-2'), released], revise(500, true),
      [revised(500, true), duties(100), refundable(50, 'P-2'), refundable(50)]],
    ['after release, the same duties: nothing to assess', [opened, assessed, duties(200), released], revise(1000, true), [revised(1000, true)]],
    ['a closed case is not revised', [opened, assessed, { type: 'CaseClosed', data: { reason: 'withdrawn', closedAt: at } }], revise(1500, false), []],
  ])('%s', (_name, history, command, expected) => {
    expect(given(history).when(command)).toEqual(expected);
  });

  it('a case released before the amendment waits for its new assessment', () => {
    const { state } = given([opened, assessed, released, revised(1500, false)]);
    expect(state).toMatchObject({ status: 'pending', assessed: false, declaration: declaration(1500) });
    expect(decider.decide({ type: 'ReleaseIfReady', now }, state)).toEqual([]);
  });

  it('after release the case stays released', () => {
    expect(given([opened, assessed, released, revised(1500, true)]).state).toMatchObject({ status: 'released', assessed: true });
  });
});
