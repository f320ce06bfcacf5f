import { defaultReferenceDirectory, referenceData, validateUscc } from '@sw/reference-data';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IssueLicenseRequest, commoditiesProblem, hsPrefixProblem } from './issue-license/issue-license.dto';
import { licenseTypes, loadLicenseTypes } from './license-types.loader';

const demoFile = path.join(defaultReferenceDirectory(), '..', 'demo', 'licenses.json');
const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as { source: string; items: { id: string; story: string; authority: string; license: Record<string, unknown> }[] };

describe('seeds/reference/license-types.json', () => {
  const types = loadLicenseTypes();

  it('is { source, items } with one entry per code', () => {
    expect(types.source).toMatch(/监管证件代码表/);
    expect(new Set(types.items.map((t) => t.code)).size).toBe(types.items.length);
    expect(types.items.map((t) => t.code)).toEqual(expect.arrayContaining(['1', '2', '3', '4', '7', 'A', 'O']));
  });

  it.each(loadLicenseTypes().items.map((t) => [t.code, t] as const))('type %s is well formed', (_, type) => {
    expect(type.nameZh).toBeTruthy();
    expect(type.nameEn).toBeTruthy();
    expect(type.authorities.length).toBeGreaterThan(0);
    expect(type.directions.length).toBeGreaterThan(0);
    for (const direction of type.directions) expect(['import', 'export']).toContain(direction);
    if (type.legacy) expect(type.requiredFor).toEqual([]);
    for (const rule of type.requiredFor) expect([rule.prefix, hsPrefixProblem(rule.prefix)]).toEqual([rule.prefix, undefined]);
    expect(new Set(type.requiredFor.map((r) => r.prefix)).size).toBe(type.requiredFor.length);
  });

  it('leaves the goods of the demo shipments unlicensed (see its source)', () => {
    const shipments = JSON.parse(readFileSync(path.join(defaultReferenceDirectory(), '..', 'demo', 'shipments.json'), 'utf8')) as { items: { declaration: { direction: 'import' | 'export'; items: { hsCode: string }[] } }[] };
    for (const story of shipments.items) expect(types.requirementsFor(story.declaration)).toEqual([]);
  });

  it('requires licences by direction and longest prefix', () => {
    expect(licenseTypes().requirementsFor({ direction: 'export', items: [{ hsCode: '2849200000' }, { hsCode: '8471300000' }] })).toEqual([{ item: 0, hsCode: '2849200000', type: '4', prefix: '284920' }]);
    expect(licenseTypes().requirementsFor({ direction: 'import', items: [{ hsCode: '2709000000' }] })).toEqual([{ item: 0, hsCode: '2709000000', type: '7', prefix: '2709' }]);
    expect(licenseTypes().requirementsFor({ direction: 'export', items: [{ hsCode: '2709000000' }] })).toEqual([{ item: 0, hsCode: '2709000000', type: '4', prefix: '2709' }]);
  });
});

describe('seeds/demo/licenses.json', () => {
  it('is { source, items }', () => {
    expect(typeof demo.source).toBe('string');
    expect(demo.items.length).toBeGreaterThan(0);
    expect(new Set(demo.items.map((i) => i.license.number)).size).toBe(demo.items.length);
  });

  it.each(demo.items.map((i) => [i.id, i] as const))('%s is a valid POST /v1/licenses body of a demo enterprise, by an authority of its type', (_, item) => {
    const errors = validateSync(plainToInstance(IssueLicenseRequest, item.license), { whitelist: true, forbidNonWhitelisted: true });
    expect(errors.map((e) => Object.values(e.constraints ?? {}).join('; '))).toEqual([]);
    const holder = String(item.license.holder);
    expect(validateUscc(holder).valid).toBe(true);
    expect(referenceData().enterprise(holder)?.demo).toBe(true);
    expect(licenseTypes().type(String(item.license.type))!.authorities).toContain(item.authority);
  });
});

describe('HS prefixes of a licence', () => {
  it.each([
    ['28', undefined], ['2849', undefined], ['284920', undefined], ['28492000', undefined], ['2849200000', undefined],
    ['2', 'must be a string of 2, 4, 6, 8 or 10 digits'], ['28492', 'must be a string of 2, 4, 6, 8 or 10 digits'], ['99', 'must be an HS 2022 chapter (99 is not)'],
    ['2899', 'must be an HS 2022 heading'], ['284999', 'must be an HS 2022 subheading'], ['2849990000', 'must begin with an HS 2022 subheading (284999 is not)'], [2849, 'must be a string'],
  ])('%s', (prefix, problem) => {
    const found = hsPrefixProblem(prefix);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('a list names each wrong entry, and repeats', () => {
    expect(commoditiesProblem('commodities', ['2849', '99', '2849'])).toBe('commodities[1] must be an HS 2022 chapter (99 is not); commodities[2] repeats 2849');
    expect(commoditiesProblem('commodities', [])).toMatch(/at least 1/);
  });
});
