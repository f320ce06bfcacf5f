import type { Principal } from '@sw/platform';

/** 运抵报告: a port operator reports goods arrived under a bill of lading. */
export class ReportArrivalCommand {
  constructor(readonly billOfLading: string, readonly conveyance: string, readonly portOfEntry: string, readonly arrivedAt: Date | undefined, readonly principal: Principal) {}
}
