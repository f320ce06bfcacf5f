import { referenceData } from '@sw/reference-data';

type CaseDeclaration = DeclarationBody & { declarationId: string };
import { routeDeclaration } from './routing';
import type { DeclarationBody } from '@sw/shipment';

const base: CaseDeclaration = {
  declarationId: 'd-1', mode: 'standard', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan' },
  customsOffice: '2200', portOfEntry: '2200', transport: { mode: '2', conveyance: 'COSCO ARIES', billOfLading: 'COSU1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'USD', documents: [],
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '001', value: 5000, originCountry: 'USA' }],
};
const withItems = (...hsCodes: string[]): Partial<CaseDeclaration> => ({
  items: hsCodes.map((hsCode) => ({ hsCode, description: 'goods', quantity: 1, unit: '035', value: 100, originCountry: 'AUS' })),
});

describe('routing (from seeds/reference)', () => {
  it.each<[string, Partial<CaseDeclaration>, string[]]>([
    ['laptops by sea: customs only', {}, ['customs']],
    ['frozen beef (0202, on the inspection list) by sea', withItems('0202300090'), ['customs', 'inspection']],
    ['laptops by road: border check for the land border', { transport: { mode: '4', conveyance: '粤B12345', billOfLading: 'HG1' } }, ['customs', 'border']],
    ['laptops by rail', { transport: { mode: '3', conveyance: 'X8001', billOfLading: 'CR1' } }, ['customs', 'border']],
    ['laptops by air', { transport: { mode: '5', conveyance: 'CA981', billOfLading: 'AWB1' } }, ['customs']],
    ['fruit by road: all three agencies', { ...withItems('0810100000'), transport: { mode: '4', conveyance: '桂F12345', billOfLading: 'PX1' } }, ['customs', 'inspection', 'border']],
    ['a two-step summary answering 涉检', { mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: true, dutiable: false } }, ['customs', 'inspection']],
    ['a two-step summary answering not 涉检, for goods not on the list', { mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } }, ['customs']],
    ['one listed item among others is enough', withItems('8471300000', '0202300090'), ['customs', 'inspection']],
  ])('%s → %j', (_, overrides, agencies) => {
    expect(routeDeclaration({ ...base, ...overrides }, referenceData()).agencies).toEqual(agencies);
  });

  it('uses the inspection list in the declared direction (监管条件 A on import, B on export)', () => {
    const importOnly = referenceData().inspectionEntry('0202300090');
    expect(importOnly).toBeDefined();
    const exportRouting = routeDeclaration({ ...base, direction: 'export', ...withItems('0202300090') }, referenceData());
    expect(exportRouting.agencies.includes('inspection')).toBe(importOnly!.supervisionConditions.includes('B'));
  });

  it('records why each agency was routed', () => {
    const routing = routeDeclaration({ ...base, ...withItems('0202300090'), transport: { mode: '4', conveyance: '蒙K12345', billOfLading: 'EL1' } }, referenceData());
    expect(routing.reasons.customs).toEqual(['customs acts on every declaration']);
    expect(routing.reasons.inspection![0]).toMatch(/^0202300090: on the inspection list \(meat/);
    expect(routing.reasons.border![0]).toMatch(/蒙K12345 crosses a land border/);
  });
});
