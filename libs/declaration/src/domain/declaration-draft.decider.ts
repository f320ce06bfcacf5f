import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
import type { DeclarationBody } from '@sw/shipment';

/** 暂存: a client's message with OperType G, stored and editable, not declared (nothing routes or assesses it). */
export type DraftEvent = DomainEvent<'DeclarationStaged', { declarationId: string; clientSeqNo: string; declaration: DeclarationBody; requestHash: string; version: number; stagedAt: string }>;

export type DraftCommand = {
  type: 'Stage'; declarationId: string; clientSeqNo: string; declaration: DeclarationBody; requestHash: string;
  /** Whether the declaration with this id was declared already (the handler reads its stream). */
  declared: boolean; now: Date;
};

export interface DraftState { version: number; requestHash?: string; declaration?: DeclarationBody }

/** The draft stream of a declaration id: not a shipment stream, so no projection of the shipment reads it. */
export const draftStream = (declarationId: string) => `dec-draft-${declarationId}`;

export const draftDecider: Decider<DraftState, DraftCommand, DraftEvent> = {
  initialState: () => ({ version: 0 }),
  evolve: (state, event) => ({ version: event.data.version, requestHash: event.data.requestHash, declaration: event.data.declaration }),
  decide(command, state) {
    if (command.declared) throw new DomainError('already-declared', 'This declaration was declared already: a staged copy can no longer replace it');
    if (state.requestHash === command.requestHash) return []; // the same message again: stored already
    return [{
      type: 'DeclarationStaged',
      data: {
        declarationId: command.declarationId, clientSeqNo: command.clientSeqNo, declaration: command.declaration, requestHash: command.requestHash,
        version: state.version + 1, stagedAt: command.now.toISOString(),
      },
    }];
  },
};
