export * from './domain/border-policy';
