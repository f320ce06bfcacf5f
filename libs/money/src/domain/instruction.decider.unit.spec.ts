import { DomainError } from '@sw/event-store';
import { instructionDecider, type InstructionCommand, type InstructionEvent } from './instruction';

const T0 = new Date('2026-11-02T02:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const iso = (hours: number) => at(hours).toISOString();

const TERMS = { declarationId: 'd-1', declarant: '91310115MA1HK7Q24A', kind: 'payment' as const, amount: 6500, currency: 'CNY', reference: 'TAX-1' };
const instructed: InstructionEvent = { type: 'SettlementInstructed', data: { ...TERMS, instructedAt: iso(0) } };
const confirmed: InstructionEvent = { type: 'SettlementConfirmed', data: { declarationId: 'd-1', kind: 'payment', amount: 6500, currency: 'CNY', reference: 'TAX-1', bank: 'ICBC', confirmedAt: iso(1) } };
const refused: InstructionEvent = { type: 'SettlementRefused', data: { declarationId: 'd-1', kind: 'payment', reference: 'TAX-1', bank: 'ICBC', reason: 'insufficient funds', refusedAt: iso(1) } };
const adoptedLegacy: InstructionEvent = { type: 'SettlementInstructed', data: { ...TERMS, instructedAt: '2025-06-01T02:00:00.000Z', legacy: true } };
const refund = (amount: number, key: string, currency = 'CNY'): InstructionEvent =>
  ({ type: 'RefundOrdered', data: { declarationId: 'd-1', reference: 'TAX-1', amount, currency, reason: key, key, orderedAt: iso(2) } });

const cmd = {
  instruct: (changes: Partial<typeof TERMS> = {}): InstructionCommand => ({ type: 'Instruct', ...TERMS, ...changes, now: at(0) }),
  confirm: (changes: Partial<Extract<InstructionCommand, { type: 'Confirm' }>> = {}): InstructionCommand =>
    ({ type: 'Confirm', bank: 'ICBC', declarationId: 'd-1', kind: 'payment', amount: 6500, currency: 'CNY', status: 'confirmed', now: at(1), ...changes }),
  refuse: (): InstructionCommand => ({ type: 'Confirm', bank: 'ICBC', declarationId: 'd-1', kind: 'payment', amount: 6500, currency: 'CNY', status: 'refused', reason: 'insufficient funds', now: at(1) }),
  adopt: (): InstructionCommand => ({ type: 'AdoptLegacy', ...TERMS, instructedAt: '2025-06-01T02:00:00.000Z', now: at(1) }),
  refund: (amount: number, key: string): InstructionCommand => ({ type: 'OrderRefund', amount, currency: 'CNY', reason: key, key, now: at(2) }),
};

function given(history: InstructionEvent[]) {
  const state = history.reduce(instructionDecider.evolve, instructionDecider.initialState());
  return { when: (command: InstructionCommand) => () => instructionDecider.decide(command, state) };
}

describe('Instruction decider: the declarant instructs, only the bank confirms', () => {
  it.each<[string, InstructionEvent[], InstructionCommand, InstructionEvent[]]>([
    ['an instruction is pending confirmation, it settles nothing', [], cmd.instruct(), [instructed]],
    ['the same instruction again (a retry) is the first one', [instructed], cmd.instruct(), []],
    ['the bank confirms it', [instructed], cmd.confirm(), [confirmed]],
    ['the bank refuses it', [instructed], cmd.refuse(), [refused]],
    ['a duplicate confirmation changes nothing', [instructed, confirmed], cmd.confirm(), []],
    ['a duplicate refusal changes nothing', [instructed, refused], cmd.refuse(), []],
    ['an amount equal to the cent matches', [instructed], cmd.confirm({ amount: 6500.001 }), [confirmed]],
    // refunds (退还): only confirmed money, at most what was confirmed, once per reason
    ['an over-payment is refunded', [instructed, confirmed], cmd.refund(500, 'overpaid'), [refund(500, 'overpaid')]],
    ['the same refund again changes nothing', [instructed, confirmed, refund(500, 'overpaid')], cmd.refund(500, 'overpaid'), []],
    ['never more than was confirmed', [instructed, confirmed, refund(500, 'overpaid')], cmd.refund(9000, 'withdrawn'), [refund(6000, 'withdrawn')]],
    ['nothing refunded of an instruction not confirmed', [instructed], cmd.refund(500, 'overpaid'), []],
    ['nothing refunded of a refused instruction', [instructed, refused], cmd.refund(500, 'withdrawn'), []],
    // pre-v1.1 payments (the declarant's own word, recorded on the declaration): taken on when their bank answers, once
    ['a legacy payment is adopted as its instruction, pending the bank', [], cmd.adopt(), [adoptedLegacy]],
    ['… once: adopted again, nothing new', [adoptedLegacy], cmd.adopt(), []],
    ['… then confirmed like any other', [adoptedLegacy], cmd.confirm(), [confirmed]],
    ['an instruction already given under the reference is not replaced by the legacy record', [instructed], cmd.adopt(), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, InstructionEvent[], InstructionCommand, string]>([
    ['a confirmation of an unknown reference', [], cmd.confirm(), 'unknown-reference'],
    ['a confirmation for another declaration', [instructed], cmd.confirm({ declarationId: 'd-2' }), 'declaration-mismatch'],
    ['a confirmation of another amount', [instructed], cmd.confirm({ amount: 6000 }), 'amount-mismatch'],
    ['a confirmation in another currency', [instructed], cmd.confirm({ currency: 'USD' }), 'currency-mismatch'],
    ['a guarantee confirmation of a payment instruction', [instructed], cmd.confirm({ kind: 'guarantee' }), 'kind-mismatch'],
    ['a refusal after the confirmation', [instructed, confirmed], cmd.refuse(), 'already-confirmed'],
    ['a confirmation after the refusal', [instructed, refused], cmd.confirm(), 'already-refused'],
    ['the reference used for another declaration', [instructed], cmd.instruct({ declarationId: 'd-2' }), 'reference-in-use'],
    ['the reference used for another amount', [instructed], cmd.instruct({ amount: 1 }), 'reference-in-use'],
    ['a refused instruction sent again', [instructed, refused], cmd.instruct(), 'instruction-refused'],
  ])('%s is refused (%s), nothing recorded', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });

  it('names the mismatched field for the bank', () => {
    expect(given([instructed]).when(cmd.confirm({ amount: 6000 }))).toThrow(expect.objectContaining({
      details: { errors: [{ field: 'amount', message: 'the instruction is for 6500.00 CNY, the confirmation for 6000.00 CNY' }] },
    }) as unknown as DomainError);
  });
});
