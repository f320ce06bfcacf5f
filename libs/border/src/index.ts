export * from './domain/border-policy';
export * from './border-policy.seeds';
