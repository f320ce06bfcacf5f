import type { Principal } from '@sw/platform';

/** 卡口验放: the gate asks to let a conveyance out with the declarations that await its exit. */
export class PassGate {
  constructor(readonly conveyance: string, readonly portOfEntry: string, readonly declarationIds: string[], readonly principal: Principal) {}
}

export type GatePass = { open: false; reasons: string[] } | { open: true; declarations: string[] };
