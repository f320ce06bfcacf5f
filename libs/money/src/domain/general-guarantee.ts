import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * A general guarantee (总担保) for consolidated tax (汇总征税), in the stream `guarantee-<id>`:
 * lodged by a bank (or insurer) for one holder with a balance in CNY. The holder's declarations
 * settled "consolidated" are released against it: each draws its assessed duties once, and the
 * stream's revision serializes draws, so two declarations racing for the last balance cannot
 * both get it and the balance never goes below zero. The holder pays a monthly statement of
 * what was drawn; the bank's confirmation of that payment restores the balance. After its last
 * day no new draw is made; once what it covered is paid, it is discharged.
 */
export interface GuaranteeTerms {
  guaranteeId: string;
  /** USCC of the enterprise it guarantees. */
  holder: string;
  amount: number;
  currency: 'CNY';
  /** Last day it covers new declarations (ISO date, China time). */
  validUntil: string;
  /** The bank's own reference of the guarantee (保函编号). */
  reference: string;
  /** The bank or insurer that lodged it. */
  bank: string;
}

export type GeneralGuaranteeEvent =
  | DomainEvent<'GeneralGuaranteeLodged', GuaranteeTerms & { lodgedAt: string }>
  /** part 'final': 两步申报, the complete declaration's difference over what the summary drew (DrawFinal). */
  | DomainEvent<'GuaranteeDrawn', { declarationId: string; amount: number; balanceAfter: number; month: string; drawnAt: string; part?: 'final' }>
  /** 两步申报: the complete declaration's duties are lower than the summary's draw: the difference is given back to the balance. */
  | DomainEvent<'GuaranteeDrawReduced', { declarationId: string; amount: number; reason: string; balanceAfter: number; reducedAt: string }>
  /** The bank confirmed the holder's payment of a month's statement: what it paid is available again. */
  /** The declaration it covered was withdrawn or rejected before its statement was paid: the draw is given back (its duties are not owed). */
  | DomainEvent<'GuaranteeDrawReleased', { declarationId: string; amount: number; reason: string; balanceAfter: number; releasedAt: string }>
  | DomainEvent<'GuaranteeRestored', { month: string; amount: number; reference: string; bank: string; covered: { declarationId: string; amount: number }[]; balanceAfter: number; restoredAt: string }>;

export type GeneralGuaranteeCommand =
  | ({ type: 'LodgeGuarantee'; now: Date } & GuaranteeTerms)
  | { type: 'Draw'; declarationId: string; declarant: string; amount: number; now: Date }
  | { type: 'ReleaseDraw'; declarationId: string; reason: string; now: Date }
  /** 两步申报 under 汇总征税: the final assessment's difference drawn (once per declaration), or given back (once). */
  | { type: 'DrawFinal'; declarationId: string; declarant: string; amount: number; now: Date }
  | { type: 'ReduceDraw'; declarationId: string; amount: number; reason: string; now: Date }
  | { type: 'ConfirmStatementPayment'; month: string; amount: number; currency: string; reference: string; bank: string; now: Date };

export interface GuaranteeUse {
  declarationId: string;
  amount: number;
  month: string;
  drawnAt: string;
  /** Paid with its month's statement (the reference of that payment). */
  paidBy: string | null;
  /** Given back: the declaration was withdrawn or rejected before it was paid. */
  releasedAt?: string;
  /** 两步申报: the final assessment's extra draw; or, on the summary's draw, what the final assessment gave back. */
  part?: 'final';
  reduced?: number;
}

export interface GeneralGuaranteeState {
  status: 'none' | 'lodged';
  terms?: GuaranteeTerms;
  lodgedAt?: string;
  balance: number;
  uses: GuaranteeUse[];
  restorations: { month: string; amount: number; reference: string; bank: string; at: string }[];
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const DAY_MS = 86_400_000;
/** The calendar day (ISO date) and month (YYYY-MM) in China (UTC+8) of an instant. */
export const chinaDate = (at: Date | string) => new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + DAY_MS / 3).toISOString().slice(0, 10);
export const chinaMonth = (at: Date | string) => chinaDate(at).slice(0, 7);

export const initialGuaranteeState = (): GeneralGuaranteeState => ({ status: 'none', balance: 0, uses: [], restorations: [] });

export function evolveGuarantee(state: GeneralGuaranteeState, event: GeneralGuaranteeEvent): GeneralGuaranteeState {
  switch (event.type) {
    case 'GeneralGuaranteeLodged': {
      const { lodgedAt, ...terms } = event.data;
      return { ...state, status: 'lodged', terms, lodgedAt, balance: terms.amount };
    }
    case 'GuaranteeDrawn': {
      const { declarationId, amount, balanceAfter, month, drawnAt, part } = event.data;
      return { ...state, balance: balanceAfter, uses: [...state.uses, { declarationId, amount, month, drawnAt, paidBy: null, ...(part ? { part } : {}) }] };
    }
    case 'GuaranteeDrawReduced': {
      const { declarationId, amount, balanceAfter } = event.data;
      const first = state.uses.findIndex((u) => u.declarationId === declarationId && !u.part);
      return { ...state, balance: balanceAfter, uses: state.uses.map((u, i) => (i === first ? { ...u, amount: round2(u.amount - amount), reduced: amount } : u)) };
    }
    case 'GuaranteeDrawReleased': {
      const { declarationId, balanceAfter, releasedAt } = event.data;
      return { ...state, balance: balanceAfter, uses: state.uses.map((u) => (u.declarationId === declarationId && u.paidBy === null && !u.releasedAt ? { ...u, releasedAt } : u)) };
    }
    case 'GuaranteeRestored': {
      const { month, amount, reference, bank, covered, balanceAfter, restoredAt } = event.data;
      const declarations = covered.map((c) => c.declarationId);
      return {
        ...state,
        balance: balanceAfter,
        uses: state.uses.map((u) => (declarations.includes(u.declarationId) && u.paidBy === null ? { ...u, paidBy: reference } : u)),
        restorations: [...state.restorations, { month, amount, reference, bank, at: restoredAt }],
      };
    }
  }
}

/** A month's statement: what was drawn that month, what of it is paid and what is still owed. */
export function statementOf(state: GeneralGuaranteeState, month: string) {
  const uses = state.uses.filter((u) => u.month === month && !u.releasedAt);
  const total = round2(uses.reduce((sum, u) => sum + u.amount, 0));
  const outstanding = round2(uses.filter((u) => u.paidBy === null).reduce((sum, u) => sum + u.amount, 0));
  return { month, uses, total, paid: round2(total - outstanding), outstanding };
}

/** In force on a day; expired after its last day; discharged once expired and everything it covered is paid. */
export function guaranteeStatusOn(state: GeneralGuaranteeState, today: string): 'active' | 'expired' | 'discharged' {
  if (today <= state.terms!.validUntil) return 'active';
  return state.uses.every((u) => u.paidBy !== null || u.releasedAt) ? 'discharged' : 'expired';
}

const refuse = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

export function decideGuarantee(command: GeneralGuaranteeCommand, state: GeneralGuaranteeState): GeneralGuaranteeEvent[] {
  const now = command.now.toISOString();
  if (command.type === 'LodgeGuarantee') {
    if (state.status !== 'none') refuse('guarantee-exists', `Guarantee ${command.guaranteeId} is already lodged`);
    const { type: _type, now: _now, ...terms } = command;
    return [{ type: 'GeneralGuaranteeLodged', data: { ...terms, lodgedAt: now } }];
  }
  if (state.status === 'none') refuse('guarantee-not-found', 'There is no such guarantee');
  const terms = state.terms!;
  switch (command.type) {
    case 'Draw': {
      // Exactly once per declaration: a draw repeated (the process handling its event again) is the first one.
      if (state.uses.some((u) => u.declarationId === command.declarationId)) return [];
      if (command.declarant !== terms.holder) refuse('not-the-holder', `Guarantee ${terms.reference} covers ${terms.holder}, not ${command.declarant}`);
      if (chinaDate(command.now) > terms.validUntil) refuse('guarantee-expired', `Guarantee ${terms.reference} covered declarations until ${terms.validUntil}`);
      const amount = round2(command.amount);
      if (amount > state.balance) {
        refuse('insufficient-balance', `Guarantee ${terms.reference} has CNY ${state.balance.toFixed(2)} left, the duties are CNY ${amount.toFixed(2)}`, { balance: state.balance });
      }
      return [{ type: 'GuaranteeDrawn', data: { declarationId: command.declarationId, amount, balanceAfter: round2(state.balance - amount), month: chinaMonth(command.now), drawnAt: now } }];
    }
    case 'ReleaseDraw': {
      // Only an unpaid draw is given back, once; a paid one was the holder's money (refunded as duties are).
      // (The summary's draw and a final assessment's extra draw alike.)
      const uses = state.uses.filter((u) => u.declarationId === command.declarationId && !u.releasedAt && u.paidBy === null);
      if (!uses.length) return [];
      const amount = round2(uses.reduce((sum, u) => sum + u.amount, 0));
      return [{ type: 'GuaranteeDrawReleased', data: { declarationId: command.declarationId, amount, reason: command.reason, balanceAfter: round2(state.balance + amount), releasedAt: now } }];
    }
    case 'DrawFinal': {
      // Once per declaration, whichever of the holder's guarantees took it; a repeat is the first.
      if (state.uses.some((u) => u.declarationId === command.declarationId && u.part === 'final')) return [];
      if (command.declarant !== terms.holder) refuse('not-the-holder', `Guarantee ${terms.reference} covers ${terms.holder}, not ${command.declarant}`);
      if (chinaDate(command.now) > terms.validUntil) refuse('guarantee-expired', `Guarantee ${terms.reference} covered declarations until ${terms.validUntil}`);
      const amount = round2(command.amount);
      if (amount > state.balance) {
        refuse('insufficient-balance', `Guarantee ${terms.reference} has CNY ${state.balance.toFixed(2)} left, the final difference is CNY ${amount.toFixed(2)}`, { balance: state.balance });
      }
      return [{ type: 'GuaranteeDrawn', data: { declarationId: command.declarationId, amount, balanceAfter: round2(state.balance - amount), month: chinaMonth(command.now), drawnAt: now, part: 'final' } }];
    }
    case 'ReduceDraw': {
      // Only the summary's unpaid draw, once, by at most what it took (a paid one is refunded as duties are).
      const use = state.uses.find((u) => u.declarationId === command.declarationId && !u.part);
      if (!use || use.releasedAt || use.paidBy !== null || use.reduced !== undefined) return [];
      const amount = round2(Math.min(command.amount, use.amount));
      if (amount <= 0) return [];
      return [{ type: 'GuaranteeDrawReduced', data: { declarationId: use.declarationId, amount, reason: command.reason, balanceAfter: round2(state.balance + amount), reducedAt: now } }];
    }
    case 'ConfirmStatementPayment': {
      if (state.restorations.some((r) => r.reference === command.reference && r.month === command.month && round2(r.amount) === round2(command.amount))) return []; // the bank's retry
      if (state.restorations.some((r) => r.reference === command.reference)) refuse('reference-in-use', `Reference ${command.reference} already paid a statement of this guarantee`, { field: 'reference' });
      const statement = statementOf(state, command.month);
      if (statement.outstanding <= 0) refuse('nothing-outstanding', `Nothing is owed on the ${command.month} statement of guarantee ${terms.reference}`);
      const errors = [
        ...(command.currency !== 'CNY' ? [{ field: 'currency', message: 'a statement is paid in CNY' }] : []),
        ...(round2(command.amount) !== statement.outstanding ? [{ field: 'amount', message: `the ${command.month} statement owes CNY ${statement.outstanding.toFixed(2)}, not ${command.amount.toFixed(2)}` }] : []),
      ];
      if (errors.length) refuse('statement-mismatch', `The payment does not match the ${command.month} statement: ${errors.map((e) => e.message).join('; ')}`, { errors });
      const covered = statement.uses.filter((u) => u.paidBy === null).map((u) => ({ declarationId: u.declarationId, amount: u.amount }));
      return [{ type: 'GuaranteeRestored', data: {
        month: command.month, amount: statement.outstanding, reference: command.reference, bank: command.bank, covered,
        balanceAfter: round2(state.balance + statement.outstanding), restoredAt: now,
      } }];
    }
  }
}

export const generalGuaranteeDecider: Decider<GeneralGuaranteeState, GeneralGuaranteeCommand, GeneralGuaranteeEvent> = {
  initialState: initialGuaranteeState,
  evolve: evolveGuarantee,
  decide: decideGuarantee,
};
