import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
import type { InstructionKind } from './instruction';

/**
 * A bank's reference serves one payment or guarantee (in the stream `bank-reference-<bank>:<reference>`):
 * the first confirmation a bank gives under a reference claims it for that declaration and kind;
 * the same bank confirming the same reference for another declaration is refused, to that bank
 * only. Another bank's reference of the same string is another stream: references never collide
 * across banks, and nobody learns that a string is in use elsewhere (a declarant's instruction is
 * keyed by its own declaration; a bank sees only its own references).
 */
export type BankReferenceEvent = DomainEvent<'BankReferenceClaimed', { bank: string; reference: string; declarationId: string; kind: InstructionKind; claimedAt: string }>;

export type BankReferenceCommand = { type: 'ClaimReference'; bank: string; reference: string; declarationId: string; kind: InstructionKind; now: Date };

export interface BankReferenceState {
  claim: { declarationId: string; kind: InstructionKind; at: string } | null;
}

export const bankReferenceDecider: Decider<BankReferenceState, BankReferenceCommand, BankReferenceEvent> = {
  initialState: () => ({ claim: null }),
  evolve: (_state, event) => ({ claim: { declarationId: event.data.declarationId, kind: event.data.kind, at: event.data.claimedAt } }),
  decide(command, state) {
    const { bank, reference, declarationId, kind } = command;
    if (!state.claim) return [{ type: 'BankReferenceClaimed', data: { bank, reference, declarationId, kind, claimedAt: command.now.toISOString() } }];
    // The bank's retry for the same payment changes nothing.
    if (state.claim.declarationId === declarationId && state.claim.kind === kind) return [];
    const message = `you already confirmed a ${state.claim.kind} under reference ${reference} on ${state.claim.at} for another declaration`;
    throw new DomainError('bank-reference-in-use', `${message[0]!.toUpperCase()}${message.slice(1)}: each of your references serves one payment or guarantee`, { errors: [{ field: 'reference', message }] });
  },
};
