import type { RecordedEvent } from '@sw/event-store';
import { present } from './declaration-status.queries';
import { evolveStatusView, withLateFee, type StatusView } from './status-view';

const ID = '00000000-0000-4000-8000-000000000001';
let position = 0;
function event(stream: string, type: string, data: Record<string, unknown>, at = '2026-11-01T00:00:00.000Z'): RecordedEvent {
  position++;
  return { streamId: `${stream}-${ID}`, revision: position, position: `1/${position}`, id: `e${position}`, type, data, recordedAt: at,
    metadata: { correlationId: ID, actor: { kind: 'system', id: 't' }, occurredAt: at, schemaVersion: 1, hash: '' } };
}
const declaration = (mode: string) => ({
  mode, direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan' }, customsOffice: '2200', portOfEntry: '2200',
  transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'COSU1' }, tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '001', value: 5000, originCountry: 'USA' }], documents: [],
});
const submitted = (mode = 'standard', arrivedAt: string | null = '2026-11-01T00:00:00.000Z') =>
  event('declaration', 'DeclarationSubmitted', { declarationId: ID, declaration: declaration(mode), submittedAt: '2026-11-01T00:00:00.000Z', requestHash: 'h', arrivedAt });
const routed = (...agencies: string[]) => event('declaration', 'DeclarationRouted', { agencies, reasons: Object.fromEntries(agencies.map((a) => [a, [`${a} reason`]])) });
const assessed = (agency: string, lane: string) => event(agency, 'RiskAssessed', { lane, reasons: [{ rule: 'r1', description: 'secret rule' }], draw: null, requiredChecks: lane === 'examination' ? ['scan'] : [], priority: 0 });
const caseEvent = (agency: string, type: string, data: Record<string, unknown> = {}) => event(agency, type, { by: 'officer-1', reason: 'why', releasedAt: '2026-11-02T00:00:00.000Z', heldAt: 'x', rejectedAt: 'x', ...data });

function given(...events: RecordedEvent[]): StatusView {
  return events.reduce<StatusView | null>(evolveStatusView, null)!;
}

describe('status view', () => {
  it.each<[string, RecordedEvent[], string]>([
    ['submitted, not yet routed', [submitted()], 'submitted'],
    ['an advance declaration before arrival', [submitted('advance', null), routed('customs'), assessed('customs', 'green')], 'awaiting-arrival'],
    ['routed and assessed', [submitted(), routed('customs', 'border'), assessed('customs', 'green')], 'under-review'],
    ['one agency examines', [submitted(), routed('customs', 'inspection'), assessed('customs', 'green'), assessed('inspection', 'examination')], 'examination'],
    ['a hold anywhere shows', [submitted(), routed('customs', 'inspection'), assessed('inspection', 'examination'), caseEvent('customs', 'CaseHeld')], 'held'],
    ['released once every agency has (the declaration event)', [submitted(), routed('customs'), caseEvent('customs', 'CaseReleased'), event('declaration', 'DeclarationReleased', { agencies: ['customs'], releasedAt: '2026-11-02T00:00:00.000Z' })], 'released'],
    ['one agency released is not enough', [submitted(), routed('customs', 'border'), caseEvent('customs', 'CaseReleased')], 'under-review'],
    ['exited', [submitted(), event('declaration', 'DeclarationReleased', { agencies: [], releasedAt: 'x' }), event('declaration', 'GoodsExited', { exitedAt: 'y', conveyance: 'c', portOfEntry: '2200' })], 'exited'],
    ['withdrawn', [submitted(), event('declaration', 'DeclarationWithdrawn', { reason: 'cancelled', withdrawnAt: 'x' })], 'withdrawn'],
    ['rejected', [submitted(), event('declaration', 'DeclarationRejected', { agency: 'inspection', reason: 'pests', rejectedAt: 'x' })], 'rejected'],
  ])('%s → %s', (_, events, status) => {
    expect(given(...events).status).toBe(status);
  });

  it('settles duties only when confirmed payments cover what was assessed', () => {
    const base = [submitted(), routed('customs'), event('customs', 'DutiesAssessed', { amount: 1000, currency: 'CNY', customsValueCny: 8000, lines: [] })];
    const settledBy = (how: string, reference: string, amount: number, currency = 'CNY', amountCny: number | undefined = amount) =>
      event('customs', 'DutiesSettled', { how, reference, amount, currency, ...(amountCny === undefined ? {} : { amountCny }), settledAt: 'x' });
    expect(given(...base).duties).toMatchObject({ assessed: 1000, settled: 'none' });
    expect(given(...base, settledBy('paid', 'a', 400)).duties.settled).toBe('none');
    expect(given(...base, settledBy('paid', 'a', 400), settledBy('paid', 'b', 600)).duties).toMatchObject({ paid: 1000, settled: 'paid' });
    expect(given(...base, settledBy('guaranteed', 'g', 1000)).duties.settled).toBe('guaranteed');
    // Two currencies: USD 200 is CNY 1,428 at the customs rate, not CNY 200 (nor 1,000 + 200 "paid").
    expect(given(...base, settledBy('paid', 'u', 200, 'USD', 1428)).duties).toMatchObject({ paid: 1428, settled: 'paid' });
    expect(given(...base, settledBy('paid', 'u', 900, 'USD', null as unknown as undefined)).duties).toMatchObject({ paid: 0, settled: 'none' });
    // A refundable part is no longer counted as paid.
    expect(given(...base, settledBy('paid', 'a', 1200), event('customs', 'DutiesRefundable', { reference: 'a', amount: 200, currency: 'CNY', reason: 'over-payment' })).duties)
      .toMatchObject({ paid: 1000, refundable: 200, settled: 'paid' });
  });

  it("lists the declarant's instructions with the bank's answer; an instruction alone settles nothing", () => {
    const base = [submitted(), routed('customs'), event('customs', 'DutiesAssessed', { amount: 1000, currency: 'CNY', customsValueCny: 8000, lines: [] })];
    const instructed = event('instruction', 'SettlementInstructed', { declarationId: ID, declarant: 'x', kind: 'payment', amount: 1000, currency: 'CNY', reference: 'P-1', instructedAt: 't0' });
    expect(given(...base, instructed).duties).toMatchObject({
      settled: 'none', paid: 0, instructions: [{ reference: 'P-1', kind: 'payment', amount: 1000, currency: 'CNY', status: 'pending-confirmation', instructedAt: 't0' }],
    });
    const confirmed = event('instruction', 'SettlementConfirmed', { declarationId: ID, kind: 'payment', amount: 1000, currency: 'CNY', reference: 'P-1', bank: 'ICBC', confirmedAt: 't1' });
    expect(given(...base, instructed, confirmed).duties.instructions).toEqual([expect.objectContaining({ status: 'confirmed', bank: 'ICBC', answeredAt: 't1' })]);
    const refused = event('instruction', 'SettlementRefused', { declarationId: ID, kind: 'payment', reference: 'P-1', bank: 'ICBC', reason: 'no funds', refusedAt: 't1' });
    expect(given(...base, instructed, refused).duties).toMatchObject({ settled: 'none', instructions: [expect.objectContaining({ status: 'refused', reason: 'no funds' })] });
    // Legacy: the declarant's own "paid" from before is shown as what it was, an unconfirmed word (legacy-unconfirmed) …
    const legacy = event('declaration', 'DutiesPaid', { amount: 1000, currency: 'CNY', reference: 'a', paidAt: 'x' });
    expect(given(...base, legacy).duties)
      .toMatchObject({ settled: 'none', paid: 0, instructions: [expect.objectContaining({ reference: 'a', status: 'legacy-unconfirmed' })] });
    // … until its bank answers it: adopted as an instruction under the same reference, then confirmed (one line, not two).
    const adopted = event('instruction', 'SettlementInstructed', { declarationId: ID, declarant: 'x', kind: 'payment', amount: 1000, currency: 'CNY', reference: 'a', instructedAt: 'x', legacy: true });
    const legacyConfirmed = event('instruction', 'SettlementConfirmed', { declarationId: ID, kind: 'payment', amount: 1000, currency: 'CNY', reference: 'a', bank: 'ICBC', confirmedAt: 't1' });
    expect(given(...base, legacy, adopted, legacyConfirmed).duties.instructions).toEqual([expect.objectContaining({ reference: 'a', status: 'confirmed', bank: 'ICBC' })]);
  });

  it('shows 滞报金 for an import declared after its 14 days and 滞纳金 on duties unpaid 15 days after assessment, on the engine clock', () => {
    // Arrived 2026-10-10 (China), declared 2026-11-01 08:00 China: the 15th day was Saturday 10-24, so the
    // 起征日 is Monday 10-26 (滞报金办法 第十六条: moved past rest days), 7 days late (9 by the plain count).
    const late = given(
      submitted('standard', '2026-10-10T02:00:00.000Z'), routed('customs'),
      event('customs', 'DutiesAssessed', { amount: 100_000, currency: 'CNY', customsValueCny: 1_000_000, lines: [], assessedAt: '2026-11-01T00:00:00.000Z' }),
    );
    const day20 = withLateFee(late, new Date('2026-11-20T04:00:00.000Z'));
    expect(day20.duties.lateDeclarationFee).toMatchObject({ amount: 3500, days: 7, waived: false, currency: 'CNY' });
    // 15 days from 11-01: due by 11-16; 11-17 … 11-20 unpaid = 4 days × 0.5‰ × 100,000.
    expect(day20.duties.latePaymentSurcharge).toMatchObject({ amount: 200, days: 4 });
    expect(withLateFee(late, new Date('2026-11-10T04:00:00.000Z')).duties.latePaymentSurcharge).toBeNull();
    // Paid (confirmed) on 11-18: the surcharge stops there.
    const paid = given(...[submitted('standard', '2026-10-10T02:00:00.000Z'), routed('customs'),
      event('customs', 'DutiesAssessed', { amount: 100_000, currency: 'CNY', customsValueCny: 1_000_000, lines: [], assessedAt: '2026-11-01T00:00:00.000Z' }),
      event('customs', 'DutiesSettled', { how: 'paid', reference: 'p', amount: 100_000, currency: 'CNY', amountCny: 100_000, settledAt: '2026-11-18T03:00:00.000Z' })]);
    expect(withLateFee(paid, new Date('2026-12-31T00:00:00.000Z')).duties.latePaymentSurcharge).toMatchObject({ amount: 100, days: 2 });
  });

  it('never adds amounts of different currencies: another currency counts at what customs converted it to', () => {
    const base = [submitted(), routed('customs'), event('customs', 'DutiesAssessed', { amount: 1000, currency: 'CNY', customsValueCny: 8000, lines: [] })];
    // Only confirmed money counts (issue 19): the declarant's own instructions settle nothing, whatever their currency.
    const instructed = [event('declaration', 'DutiesPaid', { amount: 100, currency: 'CNY', reference: 'a', paidAt: 'x' }),
      event('declaration', 'DutiesPaid', { amount: 11_076, currency: 'JPY', reference: 'b', paidAt: 'x' })];
    expect(given(...base, ...instructed).duties).toMatchObject({ paid: 0, settled: 'none' });
    const cny = event('customs', 'DutiesSettled', { how: 'paid', reference: 'a', amount: 100, currency: 'CNY', settledAt: 'x', amountCny: 100 });
    const settledYen = (amountCny: number | null) => event('customs', 'DutiesSettled', { how: 'paid', reference: 'b', amount: 11_076, currency: 'JPY', settledAt: 'x', amountCny });
    expect(given(...base, cny).duties).toMatchObject({ paid: 100, settled: 'none' });
    expect(given(...base, cny, settledYen(520.3)).duties).toMatchObject({ paid: 620.3, settled: 'none' });
    expect(given(...base, cny, settledYen(null)).duties).toMatchObject({ paid: 100, settled: 'none' });
    expect(given(...base, cny, settledYen(900)).duties).toMatchObject({ paid: 1000, settled: 'paid' });
    // 11,076 yen are never counted as 11,076 renminbi.
    expect(given(...base, ...instructed, cny, settledYen(520.3)).duties.paid).toBe(620.3);
  });

  describe('late fee (滞报金)', () => {
    const twoStep = (...more: RecordedEvent[]) => given(
      submitted('two-step', '2026-11-01T00:00:00.000Z'), routed('customs'),
      event('customs', 'DutiesAssessed', { amount: 1000, currency: 'CNY', customsValueCny: 200_000, lines: [] }),
      event('declaration', 'CompleteDeclarationScheduled', { dueAt: '2026-11-15T00:00:00.000Z' }), ...more,
    );
    const overdue = event('declaration', 'CompleteDeclarationOverdue', { dueAt: '2026-11-15T00:00:00.000Z', markedAt: '2026-11-15T00:00:00.000Z' });
    it.each<[string, RecordedEvent[], string, unknown]>([
      ['none before the due date', [], '2026-11-14T00:00:00.000Z', null],
      ['0.5‰ a day: 3 days of CNY 200,000', [overdue], '2026-11-18T01:00:00.000Z', { amount: 300, currency: 'CNY', days: 3, waived: false }],
      ['nothing within the first day after the due date', [overdue], '2026-11-15T12:00:00.000Z', null],
      ['stops at a late filing', [overdue, event('declaration', 'CompleteDeclarationFiled', { items: [], documents: [], filedAt: '2026-11-17T00:00:00.000Z', late: true })], '2026-12-30T00:00:00.000Z', { amount: 200, currency: 'CNY', days: 2, waived: false }],
    ])('%s', (_, more, now, fee) => {
      expect(withLateFee(twoStep(...more), new Date(now)).completeDeclaration!.lateFee).toEqual(fee);
    });

    it('waives a fee under CNY 50 but shows it', () => {
      const small = given(submitted('two-step', '2026-11-01T00:00:00.000Z'), routed('customs'),
        event('customs', 'DutiesAssessed', { amount: 10, currency: 'CNY', customsValueCny: 20_000, lines: [] }),
        event('declaration', 'CompleteDeclarationScheduled', { dueAt: '2026-11-15T00:00:00.000Z' }), overdue);
      expect(withLateFee(small, new Date('2026-11-18T00:00:00.000Z')).completeDeclaration!.lateFee).toEqual({ amount: 0, currency: 'CNY', days: 3, waived: true });
    });
  });

  it('shows an enterprise its lane but not the risk rules, and not the officer', () => {
    const view = given(submitted(), routed('customs'), assessed('customs', 'examination'), caseEvent('customs', 'CaseHeld', { reason: 'awaiting lab' }));
    const forEnterprise = present(view, { subject: 'x', role: 'enterprise', uscc: '91310115MA1HK7Q24A' });
    expect(forEnterprise.agencies.customs).toMatchObject({ lane: 'examination', reasons: [], decisions: [{ decision: 'hold', by: 'customs', reason: 'awaiting lab' }] });
    expect(present(view, { subject: 'a', role: 'auditor' }).agencies.customs!.reasons).toEqual(['r1: secret rule']);
  });
});
