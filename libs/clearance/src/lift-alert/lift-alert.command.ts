import type { Principal } from '@sw/platform';

/** Lifts an alert: new cases are no longer affected; held cases stay for an officer to release. */
export class LiftAlert {
  constructor(readonly alertId: string, readonly reason: string | undefined, readonly principal: Principal) {}
}
