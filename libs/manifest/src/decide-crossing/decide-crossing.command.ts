import type { Principal } from '@sw/platform';
import type { CrossingDecision } from '../domain/crossing';

/** A border officer releases (clears), holds or refuses a conveyance crossing. */
export class DecideCrossing {
  constructor(readonly crossingId: string, readonly decision: CrossingDecision, readonly reason: string, readonly principal: Principal) {}
}
