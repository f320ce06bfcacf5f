export * from './domain/inspection-policy';
