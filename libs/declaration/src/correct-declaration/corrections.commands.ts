import type { Principal } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';

/** The correction commands take the request's Idempotency-Key, if any (idempotent-correction.ts). */

/** 修改申请: the declarant asks customs to change fields of its declaration. */
export class RequestAmendment {
  constructor(readonly declarationId: string, readonly reason: string, readonly changes: Record<string, unknown>, readonly principal: Principal, readonly idempotencyKey?: string) {}
}

/** 退单: the declarant sends the whole corrected body of a returned declaration (same id, version + 1). */
export class ResubmitDeclaration {
  constructor(readonly declarationId: string, readonly declaration: DeclarationBody, readonly principal: Principal, readonly idempotencyKey?: string) {}
}

/** 补充申报: the declarant answers an officer's request for information. */
export class RespondToRequest {
  constructor(readonly declarationId: string, readonly requestId: string, readonly note: string, readonly documents: { code: string; number: string }[], readonly principal: Principal, readonly idempotencyKey?: string) {}
}
