import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
import { normalizeConveyance } from '@sw/shipment';

/** 运抵报告: the port operator reports goods arrived under a bill of lading (stream `arrival-<B/L>`). */
export type ArrivalEvent = DomainEvent<'ArrivalReported', { billOfLading: string; conveyance: string; portOfEntry: string; arrivedAt: string; reportedBy: string; reportedAt: string }>;
export type ReportArrival = { type: 'ReportArrival'; billOfLading: string; conveyance: string; portOfEntry: string; arrivedAt: Date; reportedBy: string; now: Date };


/** An arrival may be reported up to a day ahead of the clock (vessel schedules), never further. */
const MAX_AHEAD_MS = 24 * 3600 * 1000;
/** …and at most a week after it happened: a report of goods that came in long ago is not a 运抵报告 (it would back-date deadlines and fees). */
export const MAX_ARRIVAL_AGE_DAYS = 7;
const MAX_BEHIND_MS = MAX_ARRIVAL_AGE_DAYS * 24 * 3600 * 1000;

type ArrivalState = { reports: number; byPlace: Record<string, ArrivalEvent['data']> };

/** What one arrival is of: a conveyance at a port (the declarations naming both, arrivalMatches). */
const place = (portOfEntry: string, conveyance: string) => `${portOfEntry} ${normalizeConveyance(conveyance)}`;

/**
 * One arrival per bill of lading, port and conveyance: the first report stands. The same report
 * again (a retry) changes nothing; another time for it is refused, so no later report can move
 * the arrival, and with it deadlines and late fees, back. A report for another port or conveyance
 * is another arrival (it matches only the declarations naming them), so a report elsewhere, or a
 * mistaken one, cannot pre-empt the real one.
 */
export const arrivalDecider: Decider<ArrivalState, ReportArrival, ArrivalEvent> = {
  initialState: () => ({ reports: 0, byPlace: {} }),
  evolve: (state, event) => ({ reports: state.reports + 1, byPlace: { [place(event.data.portOfEntry, event.data.conveyance)]: event.data, ...state.byPlace } }),
  decide(command, state) {
    if (command.arrivedAt.getTime() > command.now.getTime() + MAX_AHEAD_MS) {
      throw new DomainError('arrival-in-future', 'arrivedAt is more than a day ahead of the engine clock');
    }
    if (command.arrivedAt.getTime() < command.now.getTime() - MAX_BEHIND_MS) {
      throw new DomainError('arrival-too-old', `arrivedAt is more than ${MAX_ARRIVAL_AGE_DAYS} days before the engine clock: an arrival is reported when the goods come in`, { field: 'arrivedAt' });
    }
    const billOfLading = command.billOfLading.toUpperCase();
    const arrivedAt = command.arrivedAt.toISOString();
    const first = state.byPlace[place(command.portOfEntry, command.conveyance)];
    if (first) {
      if (first.arrivedAt === arrivedAt) return [];
      throw new DomainError('arrival-already-reported', `The arrival of ${billOfLading} by ${first.conveyance} at ${first.portOfEntry} was already reported (${first.arrivedAt}); a report is not corrected by another`);
    }
    return [{
      type: 'ArrivalReported',
      data: { billOfLading, conveyance: command.conveyance, portOfEntry: command.portOfEntry, arrivedAt, reportedBy: command.reportedBy, reportedAt: command.now.toISOString() },
    }];
  },
};
