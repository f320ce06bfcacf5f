// The agency case (one decider for customs, inspection & quarantine and border check), the
// AgencyPolicy port each agency implements, and the risk engine its policies share (rules given,
// read from seeds by risk-seeds.ts).
export * from './domain/agency-case.events';
export * from './domain/agency-case.state';
export * from './domain/agency-policy';
export * from './domain/agency-case.decider';
export * from './domain/final-assessment';
export * from './domain/late-fee-charges';
export * from './domain/risk-engine';
export * from './risk-seeds';
export * from './agency-cases';
export * from './agency-cases.module';
export * from './domain/policy-in-force';
