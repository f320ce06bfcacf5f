import type { Principal } from '@sw/platform';
import type { PowerOfAttorneyScope } from '../domain/power-of-attorney';

/** 代理报关委托: the enterprise of the token lets a broker declare for it. */
export class IssuePowerOfAttorney {
  constructor(readonly agent: string, readonly validFrom: string, readonly validUntil: string, readonly scope: PowerOfAttorneyScope, readonly principal: Principal) {}
}
