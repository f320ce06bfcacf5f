export * from './application/shipment-audit';
export * from './audit.module';
export * from './append-only.migration';
export * from './application/clearance-metrics';
export * from './projections/clearance-times.projection';
