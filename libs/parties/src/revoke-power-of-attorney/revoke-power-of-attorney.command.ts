import type { Principal } from '@sw/platform';

/** The principal withdraws its power of attorney: no new filing under it; those filed stay. */
export class RevokePowerOfAttorney {
  constructor(readonly id: string, readonly reason: string | null, readonly principal: Principal) {}
}
