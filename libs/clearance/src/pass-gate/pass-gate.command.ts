import type { Message } from '@sw/messages';
import type { Principal } from '@sw/platform';

/** 卡口验放: the gate asks to let a conveyance out of a port. */
export class PassGate {
  constructor(readonly conveyance: string, readonly portOfEntry: string, readonly principal: Principal) {}
}

/** What still blocks one declaration on the truck (empty when it may leave). */
export interface DeclarationAtGate {
  id: string;
  /** The declaration's lifecycle: submitted, released, exited, withdrawn, rejected. */
  status: string;
  /** Codes: not-released, and per routed agency that has not released `<agency>:<blocker>` (RELEASE_BLOCKERS). */
  blockers: string[];
}

/** The conveyance's crossing (运输工具申报), when one was declared. */
export interface CrossingAtGate {
  id: string;
  status: string;
  empty: boolean;
}

/**
 * v1: `open`, `declarations` (ids) when open, `reasons` when not. v1.1 adds, in both cases,
 * `states` (each declaration with what still blocks it) and `crossing`; and beside `reasons`,
 * `reasonMessages`: the same reasons as catalogue codes and params (gate.*), one for one.
 */
export type GatePass =
  | { open: false; reasons: string[]; reasonMessages: Message[]; states: DeclarationAtGate[]; crossing: CrossingAtGate | null }
  | { open: true; declarations: string[]; states: DeclarationAtGate[]; crossing: CrossingAtGate | null };
