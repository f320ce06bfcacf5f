import type { Principal } from '@sw/platform';
import type { Agency } from '@sw/shipment';

/** An officer releases, holds, rejects or sends to examination its agency's case. */
export class RecordDecision {
  constructor(
    readonly agency: Agency,
    readonly declarationId: string,
    readonly decision: 'release' | 'hold' | 'reject' | 'examine',
    readonly reason: string,
    readonly principal: Principal,
  ) {}
}
