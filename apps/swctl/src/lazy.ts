/** The libraries swctl uses (./libraries.ts), loaded on first use rather than when swctl starts. */
export const libraries = (): typeof import('./libraries') => require('./libraries') as typeof import('./libraries');

/** The event store's log and hashing alone (./event-log.ts), for verify --against. */
export const eventLog = (): typeof import('./event-log') => require('./event-log') as typeof import('./event-log');
