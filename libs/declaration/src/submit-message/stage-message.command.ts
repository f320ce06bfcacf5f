import type { Principal } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';

/** 暂存: store the client's message (OperType G) under the id its ClientSeqNo gives, without declaring it. */
export class StageMessage {
  constructor(readonly declaration: DeclarationBody, readonly clientSeqNo: string, readonly principal: Principal) {}
}

/** The declaration id a client's message gets: the same for G and C with one ClientSeqNo, so the staged one is the one declared. */
export const messageIdempotencyKey = (clientSeqNo: string) => `dec-message:${clientSeqNo}`;
