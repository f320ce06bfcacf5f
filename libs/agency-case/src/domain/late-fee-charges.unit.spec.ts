import { agencyCaseDecider, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyPolicy } from '@sw/agency-case';
import type { CaseDeclaration } from '@sw/shipment';

// 滞报金 and 滞纳金 charged by the case (the amounts are the policy's: libs/customs/src/domain/late-fees.ts
// has their table with the legal basis); here, when they are charged, once, and what they block.

const day = (n: number) => new Date(Date.parse('2026-11-01T02:00:00.000Z') + n * 86_400_000);
const iso = (n: number) => day(n).toISOString();
const declaration = (over: Partial<CaseDeclaration> = {}): CaseDeclaration => ({
  declarationId: 'd-1', mode: 'advance', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Importer' },
  customsOffice: '2248', portOfEntry: '2248', transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'BL1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'CNY', items: [{ hsCode: '0202300090', description: 'beef', quantity: 1, unit: '035', value: 1_000_000, originCountry: 'BRA' }],
  documents: [], declaredAt: iso(20), ...over,
});

/** 100 a day late (declared after day 14, paid after day 15 from assessment); duties 10% of the value. */
const policy: AgencyPolicy = {
  agency: 'customs',
  assess: () => ({ lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0 }),
  assessDuties: (d) => ({ amount: d.items[0]!.value! * 0.1, customsValueCny: d.items[0]!.value!, lines: [] }),
  lateFees: {
    declaration: ({ arrivedAt, declaredAt }) => {
      const days = Math.floor((Date.parse(declaredAt) - Date.parse(arrivedAt)) / 86_400_000) - 14;
      return days > 0 ? { amount: days * 100, days, legalBasis: '海关法第二十四条' } : null;
    },
    payment: ({ assessedAt, payments }) => {
      const days = Math.floor((Date.parse(payments.at(-1)!.at) - Date.parse(assessedAt)) / 86_400_000) - 15;
      return days > 0 ? { amount: days * 10, days, legalBasis: '海关法第六十条' } : null;
    },
  },
  releaseBlockers: () => [],
};

const opened = (d: CaseDeclaration, arrived = true): AgencyCaseEvent => ({ type: 'CaseOpened', data: { agency: 'customs', declaration: d, routingReasons: [], arrived, openedAt: iso(20) } });
const assessed: AgencyCaseEvent = { type: 'RiskAssessed', data: { lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0, assessedAt: iso(20) } };
const duties: AgencyCaseEvent = { type: 'DutiesAssessed', data: { amount: 100_000, currency: 'CNY', customsValueCny: 1_000_000, lines: [], assessedAt: iso(20) } };
const charged = (kind: 'late-declaration' | 'late-payment', amount: number, days: number, at: number, legalBasis: string): AgencyCaseEvent =>
  ({ type: 'LateFeeCharged', data: { kind, amount, currency: 'CNY', days, legalBasis, chargedAt: iso(at) } });
const settled = (amount: number, at: number, reference = 'P-1'): AgencyCaseEvent => ({ type: 'DutiesSettled', data: { how: 'paid', reference, amount, currency: 'CNY', amountCny: amount, settledAt: iso(at) } });

const given = (history: AgencyCaseEvent[]) => {
  const decider = agencyCaseDecider(policy);
  const state = history.reduce(decider.evolve, decider.initialState());
  return { state, when: (command: AgencyCaseCommand) => decider.decide(command, state) };
};
const assessRisk = (n: number): AgencyCaseCommand => ({ type: 'AssessRisk', draw: 0.5, randomSelection: false, alerts: [], now: day(n) });
const pay = (amount: number, n: number, reference = 'P-1'): AgencyCaseCommand => ({ type: 'SettleDuties', how: 'paid', reference, amount, currency: 'CNY', now: day(n) });

/** A two-step case released on the summary (day 10), its final assessment on day 30 leaving `payable` to pay. */
const twoStepFinal = (payable = 20_000): AgencyCaseEvent[] => [
  opened(declaration({ mode: 'two-step', arrivedAt: iso(10), declaredAt: iso(10) })), { ...assessed, data: { ...assessed.data, assessedAt: iso(10) } },
  { type: 'FinalDutiesAssessed', data: {
    amount: 100_000, customsValueCny: 1_000_000, summaryAmount: null, paidCny: 0, guaranteedCny: 100_000 - payable, drawnOnGuarantee: 100_000 - payable,
    guaranteeReleased: 0, payable, currency: 'CNY', lines: [], items: declaration().items, assessedAt: iso(30),
  } },
];

describe('late fees charged by the customs case', () => {
  it.each<[string, AgencyCaseEvent[], AgencyCaseCommand, AgencyCaseEvent[]]>([
    ['滞报金: arrived day 0, declared day 20: charged with the assessment (6 days)', [opened(declaration({ arrivedAt: iso(0) }))], assessRisk(20),
      [assessed, duties, charged('late-declaration', 600, 6, 20, '海关法第二十四条')]],
    ['declared in time: nothing', [opened(declaration({ arrivedAt: iso(10) }))], assessRisk(20), [assessed, duties]],
    ['an advance declaration: charged when the arrival is confirmed after the assessment', [opened(declaration({ declaredAt: iso(20) }), false), assessed, duties],
      { type: 'ConfirmArrival', arrivedAt: iso(2), now: day(21) },
      [{ type: 'ArrivalConfirmed', data: { arrivedAt: iso(2) } }, charged('late-declaration', 400, 4, 21, '海关法第二十四条')]],
    ['an export: never', [opened(declaration({ direction: 'export', arrivedAt: iso(0) }))], assessRisk(20), [assessed, duties]],
    ['滞纳金: the payment that covers the duties on day 40 (assessed day 20): 5 days', [opened(declaration({ arrivedAt: iso(10) })), assessed, duties], pay(100_000, 40),
      [settled(100_000, 40), charged('late-payment', 50, 5, 40, '海关法第六十条')]],
    ['paid within 15 days: nothing', [opened(declaration({ arrivedAt: iso(10) })), assessed, duties], pay(100_000, 30), [settled(100_000, 30)]],
    ['a part-payment: nothing yet (the surcharge runs on)', [opened(declaration({ arrivedAt: iso(10) })), assessed, duties], pay(50_000, 40), [settled(50_000, 40)]],
    ['汇总征税: paid on its statement, never surcharged here', [opened(declaration({ arrivedAt: iso(10), settlement: 'consolidated' })), assessed, duties], pay(100_000, 40), [settled(100_000, 40)]],
    // 两步申报: the final assessment (day 30) issues a new bill for its difference (补缴); 滞纳金 counts from it, on the difference alone.
    ['two-step final difference paid on day 50 (final day 30): 5 days on the 20 000 payable', twoStepFinal(), pay(20_000, 50, 'DIFF'),
      [settled(20_000, 50, 'DIFF'), { type: 'LateFeeCharged', data: { kind: 'late-payment', amount: 50, currency: 'CNY', days: 5, legalBasis: '海关法第六十条', chargedAt: iso(50), on: 'final' } }]],
    ['two-step final difference paid within 15 days of the final: nothing (the summary day does not count)', twoStepFinal(), pay(20_000, 44, 'DIFF'), [settled(20_000, 44, 'DIFF')]],
    ['two-step final with nothing payable: no 滞纳金 (a payment then is an over-payment)', twoStepFinal(0), pay(100, 60, 'LATE'),
      [settled(100, 60, 'LATE'), { type: 'DutiesRefundable', data: { reference: 'LATE', amount: 100, currency: 'CNY', reason: 'over-payment', refundableAt: iso(60) } }]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)).toEqual(expected);
  });

  it('charges each fee once; the fee paid on top of the duties is not an over-payment', () => {
    const history = [opened(declaration({ arrivedAt: iso(0) })), assessed, duties, charged('late-declaration', 600, 6, 20, '海关法第二十四条')];
    expect(given(history).when({ type: 'ConfirmArrival', arrivedAt: iso(0), now: day(21) })).toEqual([]);
    expect(given(history).when(pay(100_600, 21))).toEqual([settled(100_600, 21)]);
    expect(given(history).state.lateFees).toEqual([{ kind: 'late-declaration', amount: 600 }]);
    // Duties and the 滞纳金 this payment ends, paid at once: nothing of it is an over-payment.
    const late = [opened(declaration({ arrivedAt: iso(10) })), assessed, duties];
    expect(given(late).when(pay(100_050, 40))).toEqual([settled(100_050, 40), charged('late-payment', 50, 5, 40, '海关法第六十条')]);
    expect(given(late).when(pay(100_060, 40))).toEqual([settled(100_060, 40), charged('late-payment', 50, 5, 40, '海关法第六十条'),
      { type: 'DutiesRefundable', data: { reference: 'P-1', amount: 10, currency: 'CNY', reason: 'over-payment', refundableAt: iso(40) } }]);
  });
});
