// Clearance: the agency case the three agencies share (decider, policy seam, risk engine)
// and the process that ties the contexts together (routing is the declaration context's).
export * from './domain/agency-case';
export * from './domain/risk-profile';
export { alertDecider, alertStream, activeAlert, normalizeAlertSubject, type AlertEvent, type AlertState, type AlertSubject } from './domain/alert';
export * from './application/agency-cases';
export * from './application/clearance.process';
export * from './application/worklist.projection';
export * from './clearance.module';
