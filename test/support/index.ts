export * from './database';
export * from './eventually';
export * from './server';
export * from './process-server';
export * from './declarations';
export * from './stoppable-postgres';
export * from './projection-equivalence';
export * from './event-store-under-test';
