// Parties (代理报关): the powers of attorney by which an enterprise lets a customs broker declare
// for it, and the declaration context's FilingAuthority bound to them.
export * from './domain/power-of-attorney';
export { PowersOfAttorney1763900018300 } from './powers-of-attorney.table';
export * from './parties.module';
