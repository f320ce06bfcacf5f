export * from './domain/customs-policy';
export * from './customs-policy.seeds';
