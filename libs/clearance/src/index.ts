// Clearance: the agency case the three agencies share (decider, policy seam, risk engine)
// and the process that ties the contexts together (routing is the declaration context's).
export { alertDecider, activeAlert, normalizeAlertSubject, type AlertEvent, type AlertState } from './domain/alert';
export * from './process/reactions';
export * from './process/runner';
export * from './process/clearance.tables';
export * from './process/border-post.tables';
export * from './process/border-post.reactions';
export * from './licences/write-off-on-release';
export * from './licences/verify-licenses-when-submitted';
export * from './clearance.module';
export * from './fees/shipment-facts';
