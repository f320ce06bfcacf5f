import { agencyCaseDecider, commonReleaseBlockers, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyPolicy } from '@sw/agency-case';
import type { CaseDeclaration, DeclarationItem } from '@sw/shipment';

// 两步申报 done right, refunds on rejection and 汇总征税's stated reason: given(history).when(command).then(events).

const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const summaryItems: DeclarationItem[] = [{ hsCode: '0202300090', description: 'Frozen beef', quantity: 20000, unit: '035', originCountry: 'BRA' }];
const valued = (value: number): DeclarationItem[] => [{ ...summaryItems[0]!, value }];
const declaration: CaseDeclaration = {
  declarationId: 'd-1', mode: 'two-step', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Importer' },
  customsOffice: '2248', portOfEntry: '2248', transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'BL1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'CNY', items: summaryItems, documents: [],
  summary: { licenseRequired: false, inspectionRequired: false, dutiable: true },
};

/** Duties are 10% of the CNY value; nothing without values (a summary), as the customs policy does. */
const policy = (agency: AgencyPolicy['agency'] = 'customs'): AgencyPolicy => ({
  agency,
  assess: () => ({ lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0 }),
  ...(agency === 'customs' ? {
    assessDuties: (d: CaseDeclaration) => (d.items.some((i) => i.value === undefined) ? null
      : { amount: d.items.reduce((sum, i) => sum + i.value! * 0.1, 0), customsValueCny: d.items.reduce((sum, i) => sum + i.value!, 0), lines: [] }),
    toCny: (amount: number, currency: string) => (currency === 'CNY' ? amount : undefined),
  } : {}),
  releaseBlockers: (state) => commonReleaseBlockers(state),
});

const opened: AgencyCaseEvent = { type: 'CaseOpened', data: { agency: 'customs', declaration, routingReasons: [], arrived: true, openedAt: at } };
const assessed: AgencyCaseEvent = { type: 'RiskAssessed', data: { lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0, assessedAt: at } };
const settled = (how: 'paid' | 'guaranteed', reference: string, amount: number): AgencyCaseEvent => ({ type: 'DutiesSettled', data: { how, reference, amount, currency: 'CNY', amountCny: amount, settledAt: at } });
const releasedCase: AgencyCaseEvent = { type: 'CaseReleased', data: { by: 'system', automatic: true, releasedAt: at } };
const refundable = (reference: string, amount: number, reason: string): AgencyCaseEvent => ({ type: 'DutiesRefundable', data: { reference, amount, currency: 'CNY', reason, refundableAt: at } } as AgencyCaseEvent);
const closedFor = (reason: string): AgencyCaseEvent => ({ type: 'CaseClosed', data: { reason, closedAt: at } });
const final = (over: Record<string, unknown>, value: number): AgencyCaseEvent => ({
  type: 'FinalDutiesAssessed',
  data: { amount: value * 0.1, customsValueCny: value, summaryAmount: null, paidCny: 0, guaranteedCny: 0, drawnOnGuarantee: 0, guaranteeReleased: 0, payable: 0, currency: 'CNY', lines: [], items: valued(value), assessedAt: at, ...over },
} as AgencyCaseEvent);

const assessFinal = (value: number): AgencyCaseCommand => ({ type: 'AssessFinalDuties', items: valued(value), now });
const given = (events: AgencyCaseEvent[], p = policy()) => {
  const decider = agencyCaseDecider(p);
  const state = events.reduce(decider.evolve, decider.initialState());
  return { state, when: (command: AgencyCaseCommand) => decider.decide(command, state) };
};

describe('two-step: the complete declaration is assessed and settled against the guarantee', () => {
  const guaranteed = [opened, assessed, settled('guaranteed', 'G-1', 5000), releasedCase];
  it.each<[string, AgencyCaseEvent[], number, AgencyCaseEvent[]]>([
    ['less than guaranteed: the guarantee is drawn for the duties, the rest released', guaranteed, 30000,
      [final({ guaranteedCny: 5000, drawnOnGuarantee: 3000, guaranteeReleased: 2000 }, 30000)]],
    ['more than guaranteed: all of it is drawn, the difference is payable (补缴)', guaranteed, 80000,
      [final({ guaranteedCny: 5000, drawnOnGuarantee: 5000, payable: 3000 }, 80000)]],
    ['exactly the guarantee: drawn whole, nothing payable', guaranteed, 50000, [final({ guaranteedCny: 5000, drawnOnGuarantee: 5000 }, 50000)]],
    ['payments count first; the guarantee covers the rest', [...guaranteed, settled('paid', 'P-1', 1000)], 30000,
      [final({ paidCny: 1000, guaranteedCny: 5000, drawnOnGuarantee: 2000, guaranteeReleased: 3000 }, 30000)]],
    ['paid beyond the final duties: the guarantee is released whole and the excess is refundable', [opened, assessed, settled('paid', 'P-1', 4000), settled('guaranteed', 'G-1', 500)], 30000,
      [final({ paidCny: 4000, guaranteedCny: 500, guaranteeReleased: 500 }, 30000), refundable('P-1', 1000, 'final-assessment')]],
    ['nothing guaranteed or paid: all of it is payable', [opened, assessed], 20000, [final({ payable: 2000 }, 20000)]],
  ])('%s', (_, history, value, expected) => {
    expect(given(history).when(assessFinal(value))).toEqual(expected);
  });

  it('assesses once; a refused or closed case, or an agency that collects nothing, is not assessed', () => {
    expect(given([...guaranteed, final({}, 30000)]).when(assessFinal(30000))).toEqual([]);
    expect(given([opened, assessed, closedFor('withdrawn')]).when(assessFinal(30000))).toEqual([]);
    expect(given([{ ...opened, data: { ...opened.data, agency: 'inspection' } } as AgencyCaseEvent], policy('inspection')).when(assessFinal(30000))).toEqual([]);
  });

  it('after it, the drawn guarantee counts as paid, the released part no longer stands, and the items carry their values', () => {
    const { state } = given([...guaranteed, final({ guaranteedCny: 5000, drawnOnGuarantee: 5000, payable: 3000 }, 80000)]);
    expect(state.duties).toEqual({ amount: 8000, currency: 'CNY' });
    expect(state.final).toMatchObject({ payable: 3000, drawnOnGuarantee: 5000 });
    expect(state.settlements).toEqual([
      expect.objectContaining({ how: 'guaranteed', reference: 'G-1', discharged: true }),
      expect.objectContaining({ how: 'paid', amountCny: 5000 }),
    ]);
    expect(state.declaration!.items[0]!.value).toBe(80000);
    // The payable difference paid: nothing more; paid twice: the second is refundable as an over-payment.
    const after = given([...guaranteed, final({ guaranteedCny: 5000, drawnOnGuarantee: 5000, payable: 3000 }, 80000), settled('paid', 'P-2', 3000)]);
    expect(after.when({ type: 'SettleDuties', how: 'paid', reference: 'P-3', amount: 3000, currency: 'CNY', now })).toEqual([
      { type: 'DutiesSettled', data: { how: 'paid', reference: 'P-3', amount: 3000, currency: 'CNY', amountCny: 3000, settledAt: at } },
      refundable('P-3', 3000, 'over-payment'),
    ]);
  });
});

describe('two-step under 汇总征税: the final duties settled on the general guarantee, nothing payable', () => {
  const consolidatedOpened: AgencyCaseEvent = { ...opened, data: { ...(opened as Extract<AgencyCaseEvent, { type: 'CaseOpened' }>).data, declaration: { ...declaration, settlement: 'consolidated' } } } as AgencyCaseEvent;
  const onGeneral = [consolidatedOpened, assessed, settled('guaranteed', 'guarantee:g-1', 5000), releasedCase];
  it.each<[string, AgencyCaseEvent[], number, AgencyCaseEvent[]]>([
    ['higher than the summary\'s draw: the difference is drawn on the general guarantee (not payable)', onGeneral, 80000,
      [final({ generalGuarantee: { drawn: 5000, draw: 3000, release: 0 } }, 80000)]],
    ['lower: the difference goes back to its balance', onGeneral, 30000, [final({ generalGuarantee: { drawn: 5000, draw: 0, release: 2000 } }, 30000)]],
    ['equal: nothing to draw or give back', onGeneral, 50000, [final({ generalGuarantee: { drawn: 5000, draw: 0, release: 0 } }, 50000)]],
    ['a summary without values drew nothing: all of the final duties are drawn', [consolidatedOpened, assessed], 20000, [final({ generalGuarantee: { drawn: 0, draw: 2000, release: 0 } }, 20000)]],
    ['confirmed payments count first', [...onGeneral, settled('paid', 'P-1', 1000)], 80000,
      [final({ paidCny: 1000, generalGuarantee: { drawn: 5000, draw: 2000, release: 0 } }, 80000)]],
  ])('%s', (_, history, value, expected) => {
    expect(given(history).when(assessFinal(value))).toEqual(expected);
  });

  it('the difference drawn settles it: no 滞纳金 runs on it (its statement pays it)', () => {
    const after = given([...onGeneral, final({ generalGuarantee: { drawn: 5000, draw: 3000, release: 0 } }, 80000)]);
    expect(after.state.final).toMatchObject({ payable: 0 });
    expect(after.when({ type: 'SettleDuties', how: 'guaranteed', reference: 'guarantee:g-1:final', amount: 3000, currency: 'CNY', now })).toEqual([
      { type: 'DutiesSettled', data: { how: 'guaranteed', reference: 'guarantee:g-1:final', amount: 3000, currency: 'CNY', amountCny: 3000, settledAt: at } },
    ]);
  });
});

describe('rejected by another agency: the goods are not cleared, the money goes back', () => {
  const reject = (agency: 'inspection' | 'border'): AgencyCaseCommand => ({ type: 'CloseOnRejection', agency, reason: 'pests found', now });
  it.each<[string, AgencyCaseEvent[], AgencyCaseEvent[]]>([
    ['an open case closes and its confirmed payments are refundable', [opened, assessed, settled('paid', 'P-1', 700), settled('guaranteed', 'G-1', 100)],
      [closedFor('declaration rejected by inspection: pests found'), refundable('P-1', 700, 'declaration-rejected')]],
    ['a released case stays released; its payments are refundable', [opened, assessed, settled('paid', 'P-1', 700), releasedCase], [refundable('P-1', 700, 'declaration-rejected')]],
    ['what was already refunded is not refunded again', [opened, assessed, settled('paid', 'P-1', 700), refundable('P-1', 200, 'over-payment'), releasedCase], [refundable('P-1', 500, 'declaration-rejected')]],
    ['a closed case has nothing to do', [opened, assessed, settled('paid', 'P-1', 700), closedFor('withdrawn')], []],
  ])('%s', (_, history, expected) => {
    expect(given(history).when(reject('inspection'))).toEqual(expected);
  });

  it("customs' own rejection refunds what was paid", () => {
    const events = given([opened, assessed, settled('paid', 'P-1', 700)]).when({ type: 'Decide', decision: 'reject', reason: 'prohibited', officer: 'o', now });
    expect(events).toEqual([{ type: 'CaseRejected', data: { reason: 'prohibited', by: 'o', rejectedAt: at } }, refundable('P-1', 700, 'declaration-rejected')]);
  });
});

describe('consolidated tax: no usable general guarantee is said, once per reason, and forgotten once one is drawn', () => {
  const unavailable = (code: string): AgencyCaseCommand => ({ type: 'RecordGuaranteeUnavailable', code, reason: `because ${code}`, now });
  it('records the reason, not twice, and a draw clears it', () => {
    expect(given([opened, assessed]).when(unavailable('insufficient-balance'))).toEqual([{ type: 'GuaranteeUnavailable', data: { code: 'insufficient-balance', reason: 'because insufficient-balance', at } }]);
    const waiting = [opened, assessed, { type: 'GuaranteeUnavailable', data: { code: 'insufficient-balance', reason: 'x', at } } as AgencyCaseEvent];
    expect(given(waiting).when(unavailable('insufficient-balance'))).toEqual([]);
    expect(given(waiting).when(unavailable('guarantee-expired'))).toHaveLength(1);
    expect(given([...waiting, settled('guaranteed', 'guarantee:g-1', 100)]).state.guaranteeUnavailable).toBeNull();
  });
});
