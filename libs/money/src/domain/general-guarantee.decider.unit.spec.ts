import { DomainError } from '@sw/event-store';
import fc from 'fast-check';
import { generalGuaranteeDecider, guaranteeStatusOn, statementOf, type GeneralGuaranteeCommand, type GeneralGuaranteeEvent, type GeneralGuaranteeState } from './general-guarantee';

const HOLDER = '91310115MA1HK7Q24A';
const T0 = new Date('2026-11-10T02:00:00.000Z'); // 10:00 in China
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);
const iso = (days: number) => at(days).toISOString();

const TERMS = { guaranteeId: 'g-1', holder: HOLDER, amount: 10_000, currency: 'CNY' as const, validUntil: '2026-12-31', reference: 'BG-1', bank: 'BOC' };
const lodged: GeneralGuaranteeEvent = { type: 'GeneralGuaranteeLodged', data: { ...TERMS, lodgedAt: iso(0) } };
const drawn = (declarationId: string, amount: number, balanceAfter: number, days = 1): GeneralGuaranteeEvent =>
  ({ type: 'GuaranteeDrawn', data: { declarationId, amount, balanceAfter, month: iso(days).slice(0, 7), drawnAt: iso(days) } });
const USES: Record<string, number> = { 'd-1': 6000, 'd-2': 1000 };
const restored = (declarations: string[], amount: number, balanceAfter: number, reference = 'STMT-11'): GeneralGuaranteeEvent =>
  ({ type: 'GuaranteeRestored', data: { month: '2026-11', amount, reference, bank: 'ICBC', covered: declarations.map((declarationId) => ({ declarationId, amount: USES[declarationId]! })), balanceAfter, restoredAt: iso(25) } });

const cmd = {
  lodge: (): GeneralGuaranteeCommand => ({ type: 'LodgeGuarantee', ...TERMS, now: at(0) }),
  draw: (declarationId: string, amount: number, days = 1, declarant = HOLDER): GeneralGuaranteeCommand => ({ type: 'Draw', declarationId, declarant, amount, now: at(days) }),
  pay: (amount: number, reference = 'STMT-11', month = '2026-11', currency = 'CNY'): GeneralGuaranteeCommand =>
    ({ type: 'ConfirmStatementPayment', month, amount, currency, reference, bank: 'ICBC', now: at(25) }),
};

function given(history: GeneralGuaranteeEvent[]) {
  const state = history.reduce(generalGuaranteeDecider.evolve, generalGuaranteeDecider.initialState());
  return { state, when: (command: GeneralGuaranteeCommand) => () => generalGuaranteeDecider.decide(command, state) };
}

describe('General guarantee (总担保) for consolidated tax (汇总征税)', () => {
  it.each<[string, GeneralGuaranteeEvent[], GeneralGuaranteeCommand, GeneralGuaranteeEvent[]]>([
    ['a bank lodges it with its balance', [], cmd.lodge(), [lodged]],
    ['a declaration draws its duties', [lodged], cmd.draw('d-1', 6000), [drawn('d-1', 6000, 4000)]],
    ['the same declaration draws once (a repeated draw is the first)', [lodged, drawn('d-1', 6000, 4000)], cmd.draw('d-1', 6000, 2), []],
    ['the last of the balance can be drawn', [lodged, drawn('d-1', 6000, 4000)], cmd.draw('d-2', 4000), [drawn('d-2', 4000, 0)]],
    ['the statement payment the bank confirms restores the balance', [lodged, drawn('d-1', 6000, 4000), drawn('d-2', 1000, 3000)], cmd.pay(7000), [restored(['d-1', 'd-2'], 7000, 10_000)]],
    ['the bank confirming it again changes nothing', [lodged, drawn('d-1', 6000, 4000), restored(['d-1'], 6000, 10_000)], cmd.pay(6000), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, GeneralGuaranteeEvent[], GeneralGuaranteeCommand, string]>([
    ['lodging it twice', [lodged], cmd.lodge(), 'guarantee-exists'],
    ['a draw beyond the balance', [lodged, drawn('d-1', 6000, 4000)], cmd.draw('d-2', 4000.01), 'insufficient-balance'],
    ["another enterprise's declaration", [lodged], cmd.draw('d-1', 1, 1, '91440300MA5D8T3W1W'), 'not-the-holder'],
    ['a draw after its last day (expiry stops new use)', [lodged], cmd.draw('d-1', 1, 52), 'guarantee-expired'],
    ['a draw on a guarantee never lodged', [], cmd.draw('d-1', 1), 'guarantee-not-found'],
    ['a statement payment of another amount', [lodged, drawn('d-1', 6000, 4000)], cmd.pay(5000), 'statement-mismatch'],
    ['a statement payment in another currency', [lodged, drawn('d-1', 6000, 4000)], cmd.pay(6000, 'STMT-11', '2026-11', 'USD'), 'statement-mismatch'],
    ['a statement with nothing owed', [lodged], cmd.pay(1), 'nothing-outstanding'],
    ['a paid statement paid again under another reference', [lodged, drawn('d-1', 6000, 4000), restored(['d-1'], 6000, 10_000)], cmd.pay(6000, 'STMT-X'), 'nothing-outstanding'],
  ])('refuses %s (%s)', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });

  it('states a month: what was drawn, paid and owed; discharged once expired and paid', () => {
    const { state } = given([lodged, drawn('d-1', 6000, 4000), drawn('d-2', 1000, 3000), restored(['d-1'], 6000, 9000)]);
    expect(statementOf(state, '2026-11')).toMatchObject({ total: 7000, paid: 6000, outstanding: 1000 });
    expect(statementOf(state, '2026-12')).toMatchObject({ total: 0, outstanding: 0, uses: [] });
    expect(guaranteeStatusOn(state, '2026-12-31')).toBe('active');
    expect(guaranteeStatusOn(state, '2027-01-01')).toBe('expired');
    const paid = given([lodged, drawn('d-1', 6000, 4000), restored(['d-1'], 6000, 10_000)]).state;
    expect(guaranteeStatusOn(paid, '2027-01-01')).toBe('discharged');
  });

  it('property: whatever is asked, the balance never goes negative and equals lodged − drawn + restored', () => {
    // Draws, 两步申报 final differences drawn or given back, and statement payments, in any order.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('draw' as const), declaration: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: 1, max: 600_000 }) }),
      fc.record({ kind: fc.constant('final' as const), declaration: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: 1, max: 300_000 }) }),
      fc.record({ kind: fc.constant('reduce' as const), declaration: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: 1, max: 600_000 }) }),
      fc.record({ kind: fc.constant('pay' as const), cents: fc.integer({ min: 0, max: 1_200_000 }), exact: fc.boolean() }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      let state: GeneralGuaranteeState = given([lodged]).state;
      let drawnTotal = 0;
      let restoredTotal = 0;
      steps.forEach((s, i) => {
        const amount = s.kind === 'pay' && s.exact ? statementOf(state, '2026-11').outstanding : s.cents / 100;
        const command: GeneralGuaranteeCommand = s.kind === 'draw' ? cmd.draw(`d-${s.declaration}`, amount)
          : s.kind === 'final' ? { type: 'DrawFinal', declarationId: `d-${s.declaration}`, declarant: HOLDER, amount, now: at(2) }
            : s.kind === 'reduce' ? { type: 'ReduceDraw', declarationId: `d-${s.declaration}`, amount, reason: 'final assessment lower', now: at(2) }
              : cmd.pay(amount, `STMT-${i}`);
        let events: GeneralGuaranteeEvent[] = [];
        try {
          events = generalGuaranteeDecider.decide(command, state);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
        for (const event of events) {
          if (event.type === 'GuaranteeDrawn') drawnTotal += event.data.amount;
          if (event.type === 'GuaranteeRestored' || event.type === 'GuaranteeDrawReduced') restoredTotal += event.data.amount;
          state = generalGuaranteeDecider.evolve(state, event);
        }
        expect(state.balance).toBeGreaterThanOrEqual(0);
        expect(state.balance).toBeCloseTo(TERMS.amount - drawnTotal + restoredTotal, 2);
        // Each declaration drawn once, and its final difference once.
        expect(new Set(state.uses.map((u) => `${u.declarationId}:${u.part ?? ''}`)).size).toBe(state.uses.length);
        expect(state.uses.every((u) => u.amount >= 0)).toBe(true);
      });
    }), { numRuns: 300 });
  });
});

describe('a draw given back: the declaration it covered was withdrawn or rejected', () => {
  const release = (declarationId: string, days = 3): GeneralGuaranteeCommand => ({ type: 'ReleaseDraw', declarationId, reason: 'declaration withdrawn', now: at(days) });
  const decide = (history: GeneralGuaranteeEvent[], command: GeneralGuaranteeCommand) =>
    generalGuaranteeDecider.decide(command, history.reduce(generalGuaranteeDecider.evolve, generalGuaranteeDecider.initialState()));
  const fold = (history: GeneralGuaranteeEvent[]) => history.reduce(generalGuaranteeDecider.evolve, generalGuaranteeDecider.initialState());

  it('gives an unpaid draw back once: the balance rises by it and the statement no longer lists it', () => {
    const history = [lodged, drawn('d-1', 6000, 4000), drawn('d-2', 1000, 3000)];
    const events = decide(history, release('d-1'));
    expect(events).toEqual([{ type: 'GuaranteeDrawReleased', data: { declarationId: 'd-1', amount: 6000, reason: 'declaration withdrawn', balanceAfter: 9000, releasedAt: iso(3) } }]);
    const after = fold([...history, ...events]);
    expect(after.balance).toBe(9000);
    expect(statementOf(after, '2026-11')).toMatchObject({ total: 1000, outstanding: 1000 });
    expect(decide([...history, ...events], release('d-1'))).toEqual([]);
  });

  it('leaves a paid draw, an unknown declaration and a guarantee never drawn alone', () => {
    expect(decide([lodged, drawn('d-1', 6000, 4000), restored(['d-1'], 6000, 10_000)], release('d-1'))).toEqual([]);
    expect(decide([lodged, drawn('d-1', 6000, 4000)], release('d-9'))).toEqual([]);
  });

  it('counts a given-back draw as settled when the guarantee expires (discharged)', () => {
    const history = [lodged, drawn('d-1', 6000, 4000), ...decide([lodged, drawn('d-1', 6000, 4000)], release('d-1'))];
    expect(guaranteeStatusOn(fold(history), '2027-01-05')).toBe('discharged');
  });
});

describe('两步申报 under 汇总征税: the final assessment settled on the general guarantee', () => {
  const drawFinal = (declarationId: string, amount: number, declarant = HOLDER, days = 2): GeneralGuaranteeCommand => ({ type: 'DrawFinal', declarationId, declarant, amount, now: at(days) });
  const reduce = (declarationId: string, amount: number): GeneralGuaranteeCommand => ({ type: 'ReduceDraw', declarationId, amount, reason: 'final assessment lower', now: at(2) });
  const finalDrawn = (declarationId: string, amount: number, balanceAfter: number): GeneralGuaranteeEvent =>
    ({ type: 'GuaranteeDrawn', data: { declarationId, amount, balanceAfter, month: iso(2).slice(0, 7), drawnAt: iso(2), part: 'final' } });
  const reduced = (declarationId: string, amount: number, balanceAfter: number): GeneralGuaranteeEvent =>
    ({ type: 'GuaranteeDrawReduced', data: { declarationId, amount, reason: 'final assessment lower', balanceAfter, reducedAt: iso(2) } });
  it.each<[string, GeneralGuaranteeEvent[], GeneralGuaranteeCommand, GeneralGuaranteeEvent[]]>([
    ['the final is higher: the difference is drawn', [lodged, drawn('d-1', 6000, 4000)], drawFinal('d-1', 1500), [finalDrawn('d-1', 1500, 2500)]],
    ['… once (the process repeating it, or a second instance racing it, gets the first)', [lodged, drawn('d-1', 6000, 4000), finalDrawn('d-1', 1500, 2500)], drawFinal('d-1', 1500), []],
    ['a summary without values drew nothing: the whole final duties are drawn', [lodged], drawFinal('d-1', 3000), [finalDrawn('d-1', 3000, 7000)]],
    ['the final is lower: the difference goes back to the balance', [lodged, drawn('d-1', 6000, 4000)], reduce('d-1', 2000), [reduced('d-1', 2000, 6000)]],
    ['… once', [lodged, drawn('d-1', 6000, 4000), reduced('d-1', 2000, 6000)], reduce('d-1', 2000), []],
    ['… never more than was drawn', [lodged, drawn('d-1', 600, 9400)], reduce('d-1', 2000), [reduced('d-1', 600, 10_000)]],
    ['… not once the statement paid it (the paid duties are refunded as any)', [lodged, drawn('d-1', 6000, 4000), restored(['d-1'], 6000, 10_000)], reduce('d-1', 2000), []],
    ['a withdrawal gives back the summary draw and the final one', [lodged, drawn('d-1', 6000, 4000), finalDrawn('d-1', 1500, 2500)], { type: 'ReleaseDraw', declarationId: 'd-1', reason: 'declaration withdrawn', now: at(3) },
      [{ type: 'GuaranteeDrawReleased', data: { declarationId: 'd-1', amount: 7500, reason: 'declaration withdrawn', balanceAfter: 10_000, releasedAt: iso(3) } }]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, GeneralGuaranteeEvent[], GeneralGuaranteeCommand, string]>([
    ['a difference beyond the balance', [lodged, drawn('d-1', 9000, 1000)], drawFinal('d-1', 1000.01), 'insufficient-balance'],
    ['after its last day', [lodged, drawn('d-1', 6000, 4000)], drawFinal('d-1', 10, HOLDER, 52), 'guarantee-expired'],
    ["another enterprise's declaration", [lodged], drawFinal('d-1', 10, '91440300MA5D8T3W1W'), 'not-the-holder'],
  ])('refuses %s (%s)', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });

  it('the statement lists the summary draw less what was given back, and the final difference', () => {
    const { state } = given([lodged, drawn('d-1', 6000, 4000), finalDrawn('d-2', 1500, 2500), reduced('d-1', 2000, 4500)]);
    expect(statementOf(state, '2026-11')).toMatchObject({ total: 5500, outstanding: 5500 });
    expect(state.balance).toBe(4500);
  });
});
