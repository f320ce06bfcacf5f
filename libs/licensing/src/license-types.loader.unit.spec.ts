import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LICENSE_TYPES_FILE, loadLicenseTypes } from './license-types.loader';

describe('loading license-types.json', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'license-types-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const seed = (content: string) => writeFileSync(path.join(directory, LICENSE_TYPES_FILE), content);
  const type = (code: string) => ({ code, nameZh: '出口许可证', nameEn: 'Export licence', authorities: ['mofcom'], directions: ['export'], legacy: false, requiredFor: [] });

  it('reads { source, items } from the directory given', () => {
    seed(JSON.stringify({ source: 'test', items: [type('4')] }));
    const types = loadLicenseTypes(directory);
    expect(types.source).toBe('test');
    expect(types.type('4')?.nameEn).toBe('Export licence');
  });

  it('refuses a seed file of another shape, naming the file', () => {
    seed(JSON.stringify({ items: [type('4')] }));
    const file = path.join(directory, LICENSE_TYPES_FILE);
    expect(() => loadLicenseTypes(directory)).toThrow(`reference seed ${file} is not { "source": string, "items": [...] }`);
    seed(JSON.stringify({ source: 'test', items: {} }));
    expect(() => loadLicenseTypes(directory)).toThrow(`reference seed ${file} is not { "source": string, "items": [...] }`);
  });

  it('refuses a code listed twice, text that is not JSON and a missing file', () => {
    seed(JSON.stringify({ source: 'test', items: [type('4'), type('4')] }));
    expect(() => loadLicenseTypes(directory)).toThrow('license type 4 is listed twice');
    seed('{ not json');
    expect(() => loadLicenseTypes(directory)).toThrow(SyntaxError);
    rmSync(path.join(directory, LICENSE_TYPES_FILE));
    expect(() => loadLicenseTypes(directory)).toThrow(/ENOENT/);
  });
});
