export * from './domain/declaration.events';
export * from './domain/declaration.decider';
export * from './domain/arrival';
export * from './projections/status-view';
export * from './projections/declaration-status.projection';
export * from './application/declaration-queries';
export * from './application/status-changes';
export * from './declaration.module';
