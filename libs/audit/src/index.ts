export * from './application/shipment-audit';
export * from './audit.module';
export * from './append-only.migration';
export * from './proof/proof.tables';
export * from './proof/signing-keys';
export * from './proof/checkpoint-signer';
export * from './proof/release-proof';
