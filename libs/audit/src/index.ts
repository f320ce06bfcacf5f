export * from './application/shipment-audit';
export * from './audit.module';
export * from './append-only.migration';
