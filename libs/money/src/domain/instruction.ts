import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * A declarant's payment or guarantee for a declaration's duties, in the stream
 * `instruction-<reference>`. What the declarant posts is an instruction: it settles nothing.
 * Only the bank (or the insurer of a 关税保证保险) that holds the money or the guarantee
 * confirms or refuses it; the clearance process settles the customs case from the confirmation
 * alone. Money and release never rest on one party's word.
 */
export type InstructionKind = 'payment' | 'guarantee';
export type InstructionStatus = 'pending-confirmation' | 'confirmed' | 'refused';

export interface InstructionTerms {
  declarationId: string;
  /** USCC of the enterprise that gave the instruction. */
  declarant: string;
  kind: InstructionKind;
  amount: number;
  currency: string;
  reference: string;
}

export type InstructionEvent =
  /** legacy: adopted from a payment or guarantee the declarant recorded before v1.1 (DutiesPaid, GuaranteeLodged), when its bank answered it. */
  | DomainEvent<'SettlementInstructed', InstructionTerms & { instructedAt: string; legacy?: true }>
  | DomainEvent<'SettlementConfirmed', { declarationId: string; kind: InstructionKind; amount: number; currency: string; reference: string; bank: string; confirmedAt: string }>
  | DomainEvent<'SettlementRefused', { declarationId: string; kind: InstructionKind; reference: string; bank: string; reason: string | null; refusedAt: string }>
  /** Money confirmed but not owed (over-payment, a declaration withdrawn): customs pays it back. `key` names why, once. */
  | DomainEvent<'RefundOrdered', { declarationId: string; reference: string; amount: number; currency: string; reason: string; key: string; orderedAt: string }>;

export type InstructionEventType = InstructionEvent['type'];

/** What a bank says about an instruction: each field must match what was instructed. */
export interface BankConfirmation {
  bank: string;
  declarationId: string;
  kind: InstructionKind;
  amount: number;
  currency: string;
  status: 'confirmed' | 'refused';
  reason?: string;
}

export type InstructionCommand =
  | ({ type: 'Instruct'; now: Date } & InstructionTerms)
  /** A pre-v1.1 payment or guarantee recorded on the declaration, taken on as the instruction it was when its bank answers it. */
  | ({ type: 'AdoptLegacy'; instructedAt: string; now: Date } & InstructionTerms)
  | ({ type: 'Confirm'; now: Date } & BankConfirmation)
  | { type: 'OrderRefund'; amount: number; currency: string; reason: string; key: string; now: Date };

export interface InstructionState {
  status: InstructionStatus | 'none';
  terms?: InstructionTerms;
  instructedAt?: string;
  /** The bank that confirmed or refused it, and when. */
  answer?: { bank: string; at: string; reason: string | null };
  refunds: { amount: number; currency: string; reason: string; key: string; at: string }[];
}

export const initialInstructionState = (): InstructionState => ({ status: 'none', refunds: [] });

export function evolveInstruction(state: InstructionState, event: InstructionEvent): InstructionState {
  switch (event.type) {
    case 'SettlementInstructed': {
      const { instructedAt, legacy: _legacy, ...terms } = event.data;
      return { ...state, status: 'pending-confirmation', terms, instructedAt };
    }
    case 'SettlementConfirmed':
      return { ...state, status: 'confirmed', answer: { bank: event.data.bank, at: event.data.confirmedAt, reason: null } };
    case 'SettlementRefused':
      return { ...state, status: 'refused', answer: { bank: event.data.bank, at: event.data.refusedAt, reason: event.data.reason } };
    case 'RefundOrdered': {
      const { amount, currency, reason, key, orderedAt } = event.data;
      return { ...state, refunds: [...state.refunds, { amount, currency, reason, key, at: orderedAt }] };
    }
  }
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const refuse = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

/** A field of the bank's confirmation that does not match the instruction: 409 naming it, nothing recorded. */
function mismatch(terms: InstructionTerms, confirmation: BankConfirmation): { code: string; field: string; message: string } | null {
  if (confirmation.declarationId !== terms.declarationId) {
    return { code: 'declaration-mismatch', field: 'declarationId', message: `reference ${terms.reference} was instructed for another declaration, not ${confirmation.declarationId}` };
  }
  if (confirmation.kind !== terms.kind) return { code: 'kind-mismatch', field: 'kind', message: `reference ${terms.reference} is a ${terms.kind} instruction, not a ${confirmation.kind}` };
  if (confirmation.currency !== terms.currency) return { code: 'currency-mismatch', field: 'currency', message: `the instruction is in ${terms.currency}, the confirmation in ${confirmation.currency}` };
  if (round2(confirmation.amount) !== round2(terms.amount)) {
    return { code: 'amount-mismatch', field: 'amount', message: `the instruction is for ${terms.amount.toFixed(2)} ${terms.currency}, the confirmation for ${confirmation.amount.toFixed(2)} ${confirmation.currency}` };
  }
  return null;
}

export function decideInstruction(command: InstructionCommand, state: InstructionState): InstructionEvent[] {
  const now = command.now.toISOString();
  switch (command.type) {
    case 'Instruct': {
      const { type: _type, now: _now, ...terms } = command;
      if (state.status === 'none') return [{ type: 'SettlementInstructed', data: { ...terms, instructedAt: now } }];
      const same = state.terms!.declarationId === terms.declarationId && state.terms!.kind === terms.kind
        && state.terms!.currency === terms.currency && round2(state.terms!.amount) === round2(terms.amount);
      // The same instruction sent again (a retry) is the first one; the reference never serves two.
      if (!same) refuse('reference-in-use', `Reference ${terms.reference} is already used by another instruction: every payment or guarantee needs its own bank reference`, { field: 'reference' });
      if (state.status === 'refused') refuse('instruction-refused', `The bank refused the instruction ${terms.reference}: give a new instruction with a new reference`, { field: 'reference' });
      return [];
    }
    case 'AdoptLegacy': {
      // Once: the legacy record becomes the instruction; a later answer goes to it as to any other.
      if (state.status !== 'none') return [];
      const { type: _type, now: _now, instructedAt, ...terms } = command;
      return [{ type: 'SettlementInstructed', data: { ...terms, instructedAt, legacy: true } }];
    }
    case 'Confirm': {
      if (state.status === 'none') refuse('unknown-reference', 'No instruction has this reference');
      const terms = state.terms!;
      const wrong = mismatch(terms, command);
      if (wrong) refuse(wrong.code, `The bank's answer does not match the instruction: ${wrong.message}`, { errors: [{ field: wrong.field, message: wrong.message }] });
      const answered = state.status === 'confirmed' || state.status === 'refused';
      // A duplicate (the bank's retry) changes nothing; a contradiction is refused.
      if (answered && state.status === command.status) return [];
      if (answered) refuse(`already-${state.status}`, `The instruction ${terms.reference} was already ${state.status} by ${state.answer!.bank} on ${state.answer!.at}; it cannot now be ${command.status}`);
      const { declarationId, kind, reference } = terms;
      return command.status === 'confirmed'
        ? [{ type: 'SettlementConfirmed', data: { declarationId, kind, amount: terms.amount, currency: terms.currency, reference, bank: command.bank, confirmedAt: now } }]
        : [{ type: 'SettlementRefused', data: { declarationId, kind, reference, bank: command.bank, reason: command.reason ?? null, refusedAt: now } }];
    }
    case 'OrderRefund': {
      // Only money a bank confirmed is paid back, at most what it confirmed, once per reason.
      if (state.status !== 'confirmed' || state.terms!.kind !== 'payment') return [];
      if (state.refunds.some((r) => r.key === command.key)) return [];
      const refunded = state.refunds.reduce((sum, r) => sum + (r.currency === command.currency ? r.amount : 0), 0);
      const cap = command.currency === state.terms!.currency ? state.terms!.amount - refunded : command.amount;
      const amount = round2(Math.min(command.amount, cap));
      if (amount <= 0) return [];
      const { declarationId, reference } = state.terms!;
      return [{ type: 'RefundOrdered', data: { declarationId, reference, amount, currency: command.currency, reason: command.reason, key: command.key, orderedAt: now } }];
    }
  }
}

export const instructionDecider: Decider<InstructionState, InstructionCommand, InstructionEvent> = {
  initialState: initialInstructionState,
  evolve: evolveInstruction,
  decide: decideInstruction,
};
