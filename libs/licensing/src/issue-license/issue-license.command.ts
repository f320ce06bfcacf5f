import type { Principal } from '@sw/platform';
import type { LicenseTerms } from '../domain/license';

/** An issuing authority registers a licence or certificate (监管证件); the authority is the caller's. */
export class IssueLicense {
  constructor(readonly terms: Omit<LicenseTerms, 'authority'>, readonly principal: Principal) {}
}
