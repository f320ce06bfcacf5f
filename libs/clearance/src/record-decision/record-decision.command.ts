import type { Principal } from '@sw/platform';
import type { Agency } from '@sw/shipment';
import type { Decision } from './decision.dto';

/** An officer releases, holds, rejects, sends to examination, returns (退单) or asks for information (补充申报). */
export class RecordDecision {
  constructor(
    readonly agency: Agency,
    readonly declarationId: string,
    readonly decision: Decision,
    readonly reason: string,
    readonly principal: Principal,
    readonly fields: string[] = [],
  ) {}
}
