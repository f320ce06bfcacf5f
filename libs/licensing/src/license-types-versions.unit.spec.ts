import { ReferenceCatalog, installReferenceCatalog, shippedReferenceData, type ListVersion } from '@sw/reference-data';
import { composeLicenseTypes, licenseTypesOn, loadLicenseTypes } from './license-types.loader';

// The licence catalogues as versioned reference lists: the shipped lists give back the catalogue
// of license-types.json, and a version imported with an effective date applies from that day.
const shipped = shippedReferenceData();

describe('licence types in force by day', () => {
  it('composes the same catalogue from the two shipped lists as from license-types.json', () => {
    const composed = composeLicenseTypes(shipped.lists.licenseTypes, shipped.lists.licenseRequirements);
    expect(composed.items).toEqual(loadLicenseTypes().items);
  });

  it('uses the version in force on the declaration date: a new rule from its effective day', () => {
    const catalog = new ReferenceCatalog(shipped);
    const version = (n: number, effectiveFrom: string, entries: readonly unknown[]): ListVersion =>
      ({ list: 'licenseRequirements', version: n, effectiveFrom, importedAt: '2027-01-01T00:00:00.000Z', kind: n === 1 ? 'shipped' : 'imported', source: `v${n}`, entries });
    const laptops = { rule: '7 847130', type: '7', prefix: '847130', labelZh: '便携式电脑 (测试)', labelEn: 'Laptops (test)' };
    catalog.replace('licenseRequirements', [version(1, '2000-01-01', shipped.lists.licenseRequirements), version(2, '2027-01-01', [...shipped.lists.licenseRequirements, laptops])]);
    installReferenceCatalog(catalog);
    const declaration = { direction: 'import' as const, items: [{ hsCode: '8471300000' }] };
    expect(licenseTypesOn('2026-12-31').requirementsFor(declaration)).toEqual([]);
    expect(licenseTypesOn('2027-01-01').requirementsFor(declaration)).toEqual([{ item: 0, hsCode: '8471300000', type: '7', prefix: '847130' }]);
    expect(licenseTypesOn('2027-01-02')).toBe(licenseTypesOn('2027-01-01'));
  });
});
