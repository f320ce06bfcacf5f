import { DomainError } from '@sw/event-store';
import { bankReferenceDecider, type BankReferenceCommand, type BankReferenceEvent } from './bank-reference';

const NOW = new Date('2026-11-02T02:00:00.000Z');
const claim = (declarationId: string, kind: 'payment' | 'guarantee' = 'payment'): BankReferenceCommand =>
  ({ type: 'ClaimReference', bank: 'ICBC', reference: 'TAX-1', declarationId, kind, now: NOW });
const claimed = (declarationId: string, kind: 'payment' | 'guarantee' = 'payment'): BankReferenceEvent =>
  ({ type: 'BankReferenceClaimed', data: { bank: 'ICBC', reference: 'TAX-1', declarationId, kind, claimedAt: NOW.toISOString() } });
const given = (history: BankReferenceEvent[]) => {
  const state = history.reduce(bankReferenceDecider.evolve, bankReferenceDecider.initialState());
  return { when: (command: BankReferenceCommand) => () => bankReferenceDecider.decide(command, state) };
};

// A bank's reference serves one payment or guarantee: scoped to the bank (the stream is per bank and
// reference), so the same string at two banks never collides.
describe('a bank reference serves one payment or guarantee', () => {
  it.each<[string, BankReferenceEvent[], BankReferenceCommand, BankReferenceEvent[]]>([
    ['the first confirmation under a reference claims it', [], claim('d-1'), [claimed('d-1')]],
    ['the bank confirming it again for the same declaration (a retry): nothing new', [claimed('d-1')], claim('d-1'), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, BankReferenceEvent[], BankReferenceCommand]>([
    ['the same bank, the same reference, another declaration', [claimed('d-1')], claim('d-2')],
    ['the same bank, the same reference, a guarantee after a payment', [claimed('d-1')], claim('d-1', 'guarantee')],
  ])('refused (bank-reference-in-use, field reference): %s', (_, history, command) => {
    const refused = (() => { try { given(history).when(command)(); } catch (error) { return error; } return null; })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'bank-reference-in-use', details: { errors: [{ field: 'reference' }] } });
  });
});
