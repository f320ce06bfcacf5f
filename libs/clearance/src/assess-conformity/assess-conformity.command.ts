import type { Principal } from '@sw/platform';
import type { Agency } from '@sw/shipment';

/** 先放后检 stage 2 (合格评定): an officer records the conformity of goods released before it. */
export class AssessConformity {
  constructor(
    readonly agency: Agency,
    readonly declarationId: string,
    readonly result: 'conforming' | 'non-conforming',
    readonly note: string | undefined,
    readonly reference: string | undefined,
    readonly principal: Principal,
  ) {}
}
