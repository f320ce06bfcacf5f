import type { Principal } from '@sw/platform';

/** 卡口验放: the gate asks to let a conveyance out of a port. */
export class PassGate {
  constructor(readonly conveyance: string, readonly portOfEntry: string, readonly principal: Principal) {}
}

export type GatePass = { open: false; reasons: string[] } | { open: true; declarations: string[] };
