import type { Principal } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';

/** 一次申报: an enterprise files its declaration; with an Idempotency-Key a retry returns the first result. */
export class SubmitDeclaration {
  constructor(readonly declaration: DeclarationBody, readonly principal: Principal, readonly idempotencyKey: string | undefined) {}
}

export interface SubmitResult { id: string; /** 海关编号 */ number: string; status: 'submitted'; revision: number; replayed: boolean }
