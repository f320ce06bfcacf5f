import type { Principal } from '@sw/platform';

/** Customs decides an amendment (修改申请): approved, the declaration's version goes up and it is assessed again. */
export class DecideAmendment {
  constructor(readonly declarationId: string, readonly amendmentId: string, readonly decision: 'approve' | 'refuse', readonly reason: string, readonly principal: Principal) {}
}
