export * from './domain/customs-policy';
