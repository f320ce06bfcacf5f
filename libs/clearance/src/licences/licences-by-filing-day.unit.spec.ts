import type { EventStore } from '@sw/event-store';
import { DeciderRepository } from '@sw/event-store';
import { declarationDecider, type DeclarationEvent, type DeclarationState } from '@sw/declaration';
import { installReferenceCatalog, ReferenceCatalog, shippedReferenceData, type ListVersion } from '@sw/reference-data';
import type { DeclarationBody } from '@sw/shipment';
import { writeOffLicensesForRelease, type ContextFor } from './write-off-on-release';

// A licence rule imported with an effective date (swctl reference import license-requirements)
// applies to declarations filed from that day: one filed the day before is released without the
// licence even when its release comes after the rule took effect. Laptops needing an automatic
// import licence (7) is a test rule, not the real catalogue.
const shipped = shippedReferenceData();
const laptops = { rule: '7 847130', type: '7', prefix: '847130', labelZh: '便携式电脑 (测试)', labelEn: 'Laptops (test)' };
const version = (n: number, effectiveFrom: string, entries: readonly unknown[]): ListVersion =>
  ({ list: 'licenseRequirements', version: n, effectiveFrom, importedAt: '2027-01-01T00:00:00.000Z', kind: n === 1 ? 'shipped' : 'imported', source: `v${n}`, entries });
const catalog = new ReferenceCatalog(shipped);
catalog.replace('licenseRequirements', [version(1, '2000-01-01', shipped.lists.licenseRequirements), version(2, '2027-01-01', [...shipped.lists.licenseRequirements, laptops])]);
catalog.useClock(() => new Date('2027-01-05T02:00:00.000Z'));
installReferenceCatalog(catalog);

const body: DeclarationBody = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91310000MA1FL4AB2C', name: 'Importer' }, customsOffice: '2200', portOfEntry: '2200',
  transport: { mode: '2', conveyance: 'COSCO ARIES', voyage: '001E', billOfLading: 'COSU1' }, tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 10, unit: '001', value: 5000, originCountry: 'USA' }], documents: [],
};
const filed = (submittedAt: string): DeclarationState => ([{ type: 'DeclarationSubmitted', data: { declarationId: 'd-1', declaration: body, submittedAt, requestHash: 'h', arrivedAt: submittedAt } }] as DeclarationEvent[])
  .reduce(declarationDecider.evolve, declarationDecider.initialState());
const repository = new DeciderRepository({} as EventStore);
const contextFor: ContextFor = (target) => ({ correlationId: 'c', actor: { kind: 'system', id: 'test' }, now: new Date('2027-01-05T02:00:00.000Z'), idempotencySeed: `c:${target}` });

describe('licences at release: the catalogues of the filing day', () => {
  it.each([
    ['filed 31 December (China time), released after the rule took effect: no licence needed', '2026-12-31T15:00:00.000Z', 'not-required'],
    ['filed 1 January (China time): waits for the verification of its licence', '2026-12-31T16:30:00.000Z', 'awaiting-verification'],
  ])('%s', async (_name, submittedAt, outcome) => {
    expect(await writeOffLicensesForRelease(repository, 'd-1', filed(submittedAt), contextFor)).toEqual({ outcome });
  });
});
