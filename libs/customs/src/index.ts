export * from './domain/customs-policy';
export * from './customs-policy.seeds';
export * from './domain/customs-value';
export * from './domain/late-fees';
export * from './domain/working-days';
