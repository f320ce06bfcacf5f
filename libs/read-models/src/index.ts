// The read side: one folder per read model (evolve, table and migration, projection, queries,
// GET routes, specs), each built on the one rowProjection helper.
export * from './row-projection';
export * from './declaration-status/status-view';
export * from './declaration-status/declaration-status.projection';
export * from './declaration-status/declaration-status.queries';
export { DeclarationSearch1763900018200, searchWhere, type DeclarationSearch } from './declaration-status/declaration-search';
export { DeclarationStatusBillIndex1763900022210 } from './declaration-status/bill-index';
export * from './declaration-status/status-changes';
export * from './agency-worklist/agency-worklist.projection';
export * from './agency-worklist/agency-worklist.queries';
export * from './clearance-times/clearance-times.projection';
export * from './clearance-times/clearance-measure';
export { ClearanceMetrics } from './clearance-times/clearance-metrics';
export * from './clearance-times/clearance-report';
export * from './clearance-times/oversight-alarms';
export * from './port-fees/port-fees.projection';
export * from './port-fees/port-fees.queries';
export * from './declaration-message/receipts';
export * from './crossings/crossings.projection';
export * from './crossings/crossings.queries';
export * from './read-models.module';
