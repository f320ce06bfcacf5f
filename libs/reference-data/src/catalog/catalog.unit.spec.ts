import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultReferenceDirectory, shippedReferenceData } from '../reference-data';
import { exportTable, parseTable } from './csv-table';
import { LIST_SPECS, listSpec } from './list-specs';
import { lookup } from './lookup';
import { calendarDate, canonicalJson, chinaDate, ReferenceCatalog, type ListVersion } from './reference-catalog';
import { checkTable } from './table-checks';

const shipped = shippedReferenceData();
const offices = listSpec('customs-offices')!;
const tariff = listSpec('tariff')!;

const version = (list: ListVersion['list'], n: number, effectiveFrom: string, entries: unknown[]): ListVersion =>
  ({ list, version: n, effectiveFrom, importedAt: '2026-01-01T00:00:00.000Z', kind: n === 1 ? 'shipped' : 'imported', source: `v${n}`, entries });

describe('reference tables as CSV', () => {
  it.each(LIST_SPECS.map((spec) => [spec.name, spec] as const))('%s: the shipped table exported and imported again is the same table', (_name, spec) => {
    const entries = shipped.lists[spec.key];
    const csv = exportTable(spec, entries);
    const parsed = parseTable(spec, csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(entries.length);
    const byKey = (list: readonly unknown[]) => list.map((e) => canonicalJson(e)).sort();
    expect(byKey(parsed.entries)).toEqual(byKey(entries));
    expect(exportTable(spec, parsed.entries)).toBe(csv);
    expect(checkTable(spec, parsed, shipped)).toEqual([]);
  });

  it('names every bad row with its line and column, and refuses unknown or missing columns', () => {
    const csv = ['code,nameZh,parentCode', '0700,呼和浩特关区,', '07O2,二连,0700', '0703,,0700', '0703,包头,0700', '0704,满洲里,0800', '0705,x'].join('\n');
    const parsed = parseTable(offices, csv);
    expect(parsed.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'code', 'bad-value'], [4, 'nameZh', 'missing-value'], [7, undefined, 'column-count'],
    ]);
    expect(parsed.problems[0]!.message).toBe('line 3, code: must be 4 digits ("07O2" is not)');
    expect(checkTable(offices, parsed, shipped).map((p) => p.message)).toEqual(['line 6, parentCode: the parent of 0704 is the directly-under customs 0700, not 0800']);
    expect(parseTable(offices, 'code,name\n0700,x').problems.map((p) => p.code)).toEqual(['unknown-column', 'missing-column']);
    expect(parseTable(offices, '').problems.map((p) => p.code)).toEqual(['csv-empty']);
    expect(parseTable(tariff, 'prefix,dutyRate,description\n0201,20%,beef').problems[0]!.message).toBe('line 2, dutyRate: must be a rate from 0 to 1 (0.06 is 6%; "20%" is not)');
  });

  it('refuses a tariff line on a commodity code the HS nomenclature does not know', () => {
    const parsed = parseTable(tariff, 'prefix,dutyRate,description\n99999900,0.1,nothing\n84713000,0.05,laptops');
    expect(checkTable(tariff, parsed, shipped).map((p) => p.message)).toEqual(['line 2, prefix: 99999900: 999999 is not a subheading of the HS nomenclature in force on the effective date']);
  });
});

describe('versions in force', () => {
  const base = shipped.lists.customsOffices;
  const withErlian = [...base, { code: '0702', nameZh: '二连海关', level: 'subordinate', parent: '0700' }];
  const catalog = new ReferenceCatalog(shipped);
  catalog.replace('customsOffices', [version('customsOffices', 2, '2027-01-01', withErlian), version('customsOffices', 1, '2000-01-01', base)]);

  it('takes the version in force on the day: a declaration of 31 December keeps the old table', () => {
    expect(catalog.inForce('customsOffices', '2026-12-31')?.version).toBe(1);
    expect(catalog.inForce('customsOffices', '2027-01-01')?.version).toBe(2);
    expect(catalog.asOf('2026-12-31').customsOffice('0702')).toBeUndefined();
    expect(catalog.asOf('2027-01-01').customsOffice('0702')?.nameZh).toBe('二连海关');
    expect(catalog.asOf('2027-01-02')).toBe(catalog.asOf('2027-06-30'));
  });

  it('uses the one imported last of two effective the same day, and the first before any', () => {
    const later = new ReferenceCatalog(shipped);
    later.replace('units', [version('units', 1, '2000-01-01', []), version('units', 2, '2027-01-01', [{ code: '001', nameZh: '台', nameEn: 'set' }]), version('units', 3, '2027-01-01', [])]);
    expect(later.inForce('units', '2027-01-01')?.version).toBe(3);
    expect(later.inForce('units', '1999-01-01')?.version).toBe(1);
    expect(new ReferenceCatalog(shipped).entriesOn('units', '2027-01-01')).toBe(shipped.lists.units);
  });

  it('reports the codes an import adds, changes and removes', () => {
    const next = withErlian.filter((o) => o.code !== '0101').map((o) => (o.code === '0102' ? { ...o, nameZh: '京监管处 (改)' } : o));
    expect(catalog.diff('customsOffices', next, '2027-02-01')).toEqual({ added: [], changed: ['0102'], removed: ['0101'], unchanged: withErlian.length - 2 });
    expect(catalog.diff('customsOffices', next, '2026-02-01')).toMatchObject({ added: ['0702'], changed: ['0102'], removed: ['0101'] });
  });

  it('follows the engine clock across China\'s midnight, either way, and a new version at once', () => {
    const clocked = new ReferenceCatalog(shipped);
    clocked.replace('customsOffices', [version('customsOffices', 1, '2000-01-01', base), version('customsOffices', 2, '2027-01-01', withErlian)]);
    let now = new Date('2026-12-31T15:59:59.999Z');
    clocked.useClock(() => now);
    const before = clocked.asOf();
    expect([clocked.currentDate(), before.customsOffice('0702')]).toEqual(['2026-12-31', undefined]);
    now = new Date('2026-12-31T16:00:00.000Z');
    expect([clocked.currentDate(), clocked.asOf().customsOffice('0702')?.nameZh]).toEqual(['2027-01-01', '二连海关']);
    now = new Date('2026-12-31T15:00:00.000Z'); // the engine clock set back
    expect([clocked.currentDate(), clocked.asOf()]).toEqual(['2026-12-31', before]);
    clocked.replace('customsOffices', [version('customsOffices', 1, '2000-01-01', withErlian)]);
    expect(clocked.asOf().customsOffice('0702')?.nameZh).toBe('二连海关');
  });

  it('dates a filing by the calendar day in China (UTC+8)', () => {
    expect(chinaDate('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
    expect(chinaDate('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect([calendarDate('2027-02-29'), calendarDate('2028-02-29'), calendarDate('2027-1-1')]).toEqual([undefined, '2028-02-29', undefined]);
  });
});

describe('lookups for autocomplete', () => {
  it('finds by code first, then by name, in Chinese or English', () => {
    const found = lookup(offices, shipped.lists.customsOffices, '22', 1, 5);
    expect(found.items.map((o) => (o as { code: string }).code)).toEqual(['2200', '2201', '2202', '2203', '2204'].filter((c) => shipped.customsOffice(c)).slice(0, 5));
    expect((lookup(listSpec('countries')!, shipped.lists.countries, '德国', 1, 5).items[0] as { alpha3: string }).alpha3).toBe('DEU');
    expect((lookup(listSpec('currencies')!, shipped.lists.currencies, 'euro', 1, 5).items[0] as { code: string }).code).toBe('EUR');
    expect(lookup(offices, shipped.lists.customsOffices, 'no such office', 1, 5)).toEqual({ items: [], total: 0 });
  });
});

describe('the shipped customs-office table', () => {
  it('says for every office where its code was found', () => {
    for (const office of shipped.lists.customsOffices) expect([office.code, (office.source ?? '').length > 20]).toEqual([office.code, true]);
  });

  it('lists the policy seeds\' border ports it holds no code for, rather than inventing one', () => {
    const file = JSON.parse(readFileSync(path.join(defaultReferenceDirectory(), 'customs-offices.json'), 'utf8')) as { unresolved: { port: string }[] };
    for (const port of ['二连', '策克', '甘其毛都', '满洲里', '珲春', '圈河', '黄花机场']) expect(file.unresolved.some((u) => u.port.includes(port))).toBe(true);
    expect(shipped.customsOffice('4908')?.nameZh).toBe('长沙黄花机场海关');
  });
});
