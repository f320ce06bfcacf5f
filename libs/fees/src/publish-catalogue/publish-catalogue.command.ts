import type { Principal } from '@sw/platform';
import type { FeeItem } from '../domain/fee-catalogue';

/** A port authority publishes a version of a port's fee catalogue. */
export class PublishCatalogue {
  constructor(readonly port: string, readonly effectiveFrom: string, readonly items: FeeItem[], readonly principal: Principal) {}
}
