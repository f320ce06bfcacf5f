// Clearance: the agency case the three agencies share (decider, policy seam, risk engine)
// and the process that ties the contexts together (routing is the declaration context's).
export { alertDecider, activeAlert, normalizeAlertSubject, type AlertEvent, type AlertState } from './domain/alert';
export * from './application/clearance.process';
export * from './clearance.module';
