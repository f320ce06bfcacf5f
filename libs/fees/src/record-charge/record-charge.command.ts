import type { Principal } from '@sw/platform';

/** A port operator charges an item of the port's catalogue on a shipment. */
export class RecordCharge {
  constructor(readonly declarationId: string, readonly code: string, readonly quantity: number, readonly amount: number, readonly principal: Principal) {}
}
