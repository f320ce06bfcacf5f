// Licensing: the register of licences and certificates (监管证件), their verification when a
// declaration is submitted (监管证件核查) and their write-off when it is released (核销).
export * from './domain/license';
export * from './domain/license-types';
export * from './license-types.loader';
export * from './domain/license-verification';
export * from './licensing.module';
