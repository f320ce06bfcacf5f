import type { Principal } from '@sw/platform';
import type { AmendManifestRequest } from '../http/manifest.dtos';

/** 舱单变更: the carrier amends its manifest before the conveyance arrives. */
export class AmendManifest {
  constructor(readonly manifestId: string, readonly body: AmendManifestRequest, readonly principal: Principal) {}
}
