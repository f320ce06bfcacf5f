import type { Principal } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';

/** 修改申请: the declarant asks customs to change fields of its declaration. */
export class RequestAmendment {
  constructor(readonly declarationId: string, readonly reason: string, readonly changes: Record<string, unknown>, readonly principal: Principal) {}
}

/** 退单: the declarant sends the whole corrected body of a returned declaration (same id, version + 1). */
export class ResubmitDeclaration {
  constructor(readonly declarationId: string, readonly declaration: DeclarationBody, readonly principal: Principal) {}
}

/** 补充申报: the declarant answers an officer's request for information. */
export class RespondToRequest {
  constructor(readonly declarationId: string, readonly requestId: string, readonly note: string, readonly documents: { code: string; number: string }[], readonly principal: Principal) {}
}
