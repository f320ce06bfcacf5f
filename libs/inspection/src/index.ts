export * from './domain/inspection-policy';
export * from './inspection-policy.seeds';
