import type { Principal } from '@sw/platform';

/** Its issuing authority revokes a licence: later write-offs are refused, declarations under it are held. */
export class RevokeLicense {
  constructor(readonly number: string, readonly reason: string, readonly principal: Principal) {}
}
