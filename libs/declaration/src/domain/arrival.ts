import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/** 运抵报告: the port operator reports goods arrived under a bill of lading (stream `arrival-<B/L>`). */
export type ArrivalEvent = DomainEvent<'ArrivalReported', { billOfLading: string; conveyance: string; portOfEntry: string; arrivedAt: string; reportedBy: string; reportedAt: string }>;
export type ReportArrival = { type: 'ReportArrival'; billOfLading: string; conveyance: string; portOfEntry: string; arrivedAt: Date; reportedBy: string; now: Date };


/** An arrival may be reported up to a day ahead of the clock (vessel schedules), never further. */
const MAX_AHEAD_MS = 24 * 3600 * 1000;

export const arrivalDecider: Decider<{ reports: number }, ReportArrival, ArrivalEvent> = {
  initialState: () => ({ reports: 0 }),
  evolve: (state) => ({ reports: state.reports + 1 }),
  decide(command) {
    if (command.arrivedAt.getTime() > command.now.getTime() + MAX_AHEAD_MS) {
      throw new DomainError('arrival-in-future', 'arrivedAt is more than a day ahead of the engine clock');
    }
    return [{
      type: 'ArrivalReported',
      data: {
        billOfLading: command.billOfLading.toUpperCase(), conveyance: command.conveyance, portOfEntry: command.portOfEntry,
        arrivedAt: command.arrivedAt.toISOString(), reportedBy: command.reportedBy, reportedAt: command.now.toISOString(),
      },
    }];
  },
};
