import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultReferenceDirectory, REFERENCE_FILES, ReferenceData, ReferenceListName, referenceData } from './reference-data';
import { isValidUscc } from './uscc';

// Loaded once: the seeds are read from disk, then every lookup is a map access.
const data = ReferenceData.load();

describe('reference data: loading', () => {
  it('finds seeds/reference by walking up to the project root', () => {
    const dir = defaultReferenceDirectory({});
    expect(dir.endsWith(path.join('seeds', 'reference'))).toBe(true);
    expect(data.counts().hs).toBeGreaterThan(0);
  });

  // Minimum counts, so that a truncated or half-converted file fails.
  it.each<[ReferenceListName, number]>([
    ['hs', 6900],
    ['customsOffices', 190],
    ['transportModes', 17],
    ['tradeModes', 95],
    ['units', 120],
    ['countries', 249],
    ['currencies', 170],
    ['incoterms', 12],
    ['inspectionList', 150],
    ['enterprises', 12],
  ])('%s has at least %i entries and says where it comes from', (list, minimum) => {
    expect(data.counts()[list]).toBeGreaterThanOrEqual(minimum);
    expect(data.sources[list].length).toBeGreaterThan(40);
  });

  it('has the whole HS 2022 tree: 96 chapters, 1,228 headings, 5,612 subheadings', () => {
    const byLevel = (level: number) => data.lists.hs.filter((e) => e.level === level).length;
    expect([byLevel(2), byLevel(4), byLevel(6)]).toEqual([96, 1228, 5612]);
    for (const entry of data.lists.hs) {
      expect(entry.code).toMatch(/^\d+$/);
      expect(entry.code).toHaveLength(entry.level);
      expect(entry.description).not.toBe('');
      if (entry.level > 2) expect(data.hsEntry(entry.code.slice(0, entry.level - 2))).toBeDefined();
    }
  });

  it('has the 42 directly-under customs, and every subordinate office hangs under one of them', () => {
    const offices = data.lists.customsOffices;
    expect(offices.filter((o) => o.level === 'directly-under')).toHaveLength(42);
    for (const office of offices) {
      expect(office.code).toMatch(/^\d{4}$/);
      expect(office.nameZh).not.toBe('');
      if (office.level === 'subordinate') {
        expect(office.parent).toBe(office.code.slice(0, 2) + '00');
        expect(data.customsOffice(office.parent!)?.level).toBe('directly-under');
      } else {
        expect(office.code.endsWith('00')).toBe(true);
      }
    }
  });

  it('has every ISO 3166-1 country with well-formed codes', () => {
    for (const c of data.lists.countries) {
      expect(c.alpha2).toMatch(/^[A-Z]{2}$/);
      expect(c.alpha3).toMatch(/^[A-Z]{3}$/);
      expect(c.numeric).toMatch(/^\d{3}$/);
    }
  });

  it('reads SEEDS_DIR, whether it names seeds/ or seeds/reference', () => {
    const reference = defaultReferenceDirectory({});
    const seeds = path.dirname(reference);
    expect(defaultReferenceDirectory({ SEEDS_DIR: seeds })).toBe(reference);
    expect(defaultReferenceDirectory({ SEEDS_DIR: reference })).toBe(reference);
    expect(() => defaultReferenceDirectory({ SEEDS_DIR: path.join(tmpdir(), 'no-such-seeds-dir') })).toThrow(/SEEDS_DIR/);
  });

  it('walks up from a nested folder (as from dist/) to the first folder with package.json and seeds/', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sw-reference-'));
    try {
      writeFileSync(path.join(root, 'package.json'), '{}');
      mkdirSync(path.join(root, 'seeds', 'reference'), { recursive: true });
      const nested = path.join(root, 'dist', 'libs', 'reference-data', 'src');
      mkdirSync(nested, { recursive: true });
      expect(defaultReferenceDirectory({}, nested)).toBe(path.join(root, 'seeds', 'reference'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says which file is missing or malformed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-reference-'));
    try {
      expect(() => ReferenceData.load(dir)).toThrow(REFERENCE_FILES.hs);
      writeFileSync(path.join(dir, REFERENCE_FILES.hs), '{"items": []}');
      expect(() => ReferenceData.load(dir)).toThrow(/"source": string/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a list with a duplicate code', () => {
    const lists = { ...data.lists, units: [...data.lists.units, data.lists.units[0]!] };
    expect(() => new ReferenceData(lists)).toThrow(/units has "001" twice/);
  });

  it('shares one default instance', () => {
    expect(referenceData()).toBe(referenceData());
  });
});

describe('reference data: HS codes', () => {
  it.each([
    ['0101210010', true, 'a pure-bred breeding horse'],
    ['2709000000', true, 'crude petroleum'],
    ['8517130000', true, 'a smartphone (HS 2022 subheading 851713)'],
    ['8703800090', true, 'an electric car'],
    ['0101110000', false, '010111: an HS 2007 subheading, gone by 2022'],
    ['7700000000', false, 'chapter 77 is reserved'],
    ['9999999999', false, 'chapter 99 is not HS'],
    ['851713000', false, 'nine digits'],
    ['85171300001', false, 'eleven digits'],
    ['8517.13.00', false, 'punctuation'],
    ['851713000A', false, 'a letter'],
  ])('%s is %s (%s)', (code, valid) => {
    expect(data.isValidHsCode(code)).toBe(valid);
  });

  it('finds a subheading, and only subheadings, by six digits', () => {
    expect(data.hsSubheading('270900')?.description).toMatch(/petroleum/i);
    expect(data.hsSubheading('2709')).toBeUndefined();
    expect(data.hsEntry('2709')?.level).toBe(4);
    expect(data.hsEntry('27')?.section).toBe('V');
  });
});

describe('reference data: code lists', () => {
  it.each([
    ['0100', '北京海关'],
    ['2200', '上海海关'],
    ['2201', '浦江海关'],
    ['4200', '青岛海关'],
    ['5100', '广州海关'],
    ['5300', '深圳海关'],
    ['5301', '皇岗海关'],
    ['0200', '天津海关'],
  ])('customs office %s is %s', (code, name) => {
    expect(data.customsOffice(code)?.nameZh).toBe(name);
  });

  it('does not know made-up customs codes', () => {
    expect(data.customsOffice('0000')).toBeUndefined();
    expect(data.customsOffice('22')).toBeUndefined();
  });

  it.each([
    ['0', '非保税区', false],
    ['2', '水路运输', false],
    ['3', '铁路运输', true],
    ['4', '公路运输', true],
    ['5', '航空运输', false],
    ['6', '邮件运输', false],
    ['9', '其它运输', false],
    ['G', '固定设施运输', false],
    ['H', '边境特殊海关作业区', false],
    ['L', '旅客携带', false],
    ['W', '物流中心', false],
    ['Y', '保税港区', false],
    ['Z', '出口加工区', false],
  ])('transport mode %s is %s; crosses a land border: %s', (code, name, crossesLandBorder) => {
    expect(data.transportMode(code)).toMatchObject({ nameZh: name, crossesLandBorder });
  });

  it('only road and rail cross a land border', () => {
    const landModes = data.lists.transportModes.filter((m) => m.crossesLandBorder).map((m) => m.code);
    expect(landModes.sort()).toEqual(['3', '4']);
    expect(data.transportMode('y')?.code).toBe('Y');
  });

  it.each([
    ['0110', '一般贸易'],
    ['0214', '来料加工'],
    ['0615', '进料对口'],
    ['1210', '保税电商'],
    ['1233', '保税仓库货物'],
    ['2225', '外资设备物品'],
    ['3010', '货样广告品A'],
    ['4500', '直接退运'],
    ['9610', '电子商务'],
    ['9710', '跨境电商B2B直接出口'],
    ['9810', '跨境电商出口海外仓'],
  ])('trade mode %s is %s', (code, name) => {
    expect(data.tradeMode(code)?.nameZh).toBe(name);
  });

  it.each([
    ['001', '台'],
    ['007', '个'],
    ['011', '件'],
    ['035', '千克'],
    ['036', '克'],
    ['095', '升'],
    ['120', '箱'],
  ])('unit %s is %s', (code, name) => {
    expect(data.unit(code)?.nameZh).toBe(name);
  });

  it('has no unassigned unit codes', () => {
    expect(data.unit('024')).toBeUndefined();
    expect(data.unit('35')).toBeUndefined();
  });

  it.each([
    ['CHN', 'CN', '156'],
    ['USA', 'US', '840'],
    ['DEU', 'DE', '276'],
    ['HKG', 'HK', '344'],
    ['vnm', 'VN', '704'],
  ])('country %s is %s / %s', (alpha3, alpha2, numeric) => {
    expect(data.country(alpha3)).toMatchObject({ alpha2, numeric });
    expect(data.countryByAlpha2(alpha2)?.alpha3).toBe(alpha3.toUpperCase());
  });

  it('has Chinese names for countries', () => {
    expect(data.country('CHN')?.nameZh).toBe('中国');
    expect(data.lists.countries.every((c) => c.nameZh)).toBe(true);
  });

  it('does not take alpha-2 for alpha-3', () => {
    expect(data.country('CN')).toBeUndefined();
  });

  it.each([
    ['CNY', '156', 2],
    ['USD', '840', 2],
    ['EUR', '978', 2],
    ['JPY', '392', 0],
    ['KRW', '410', 0],
    ['KWD', '414', 3],
    ['CLF', '990', 4],
    ['XAU', '959', null],
  ])('currency %s has numeric code %s and %s minor units', (code, numeric, minorUnits) => {
    expect(data.currency(code)).toMatchObject({ numeric, minorUnits });
  });

  it.each([
    ['EXW', false, false, '7'],
    ['FCA', false, false, '3'],
    ['FAS', false, false, '3'],
    ['FOB', false, false, '3'],
    ['CFR', true, false, '2'],
    ['CIF', true, true, '1'],
    ['CPT', true, false, '2'],
    ['CIP', true, true, '1'],
    ['DAP', true, false, '1'],
    ['DPU', true, false, '1'],
    ['DDP', true, false, '1'],
  ])('Incoterm 2020 %s: main carriage %s, insurance %s, declared as 成交方式 %s', (code, includesMainCarriage, includesInsurance, mode) => {
    expect(data.incoterm(code)).toMatchObject({ version: '2020', legacy: false, includesMainCarriage, includesInsurance, customsTransactionMode: mode });
  });

  it('keeps DAT as a legacy 2010 term', () => {
    expect(data.incoterm('dat')).toMatchObject({ version: '2010', legacy: true });
    expect(data.incoterm('DDU')).toBeUndefined();
  });
});

describe('reference data: inspection list', () => {
  it('every prefix exists in the HS 2022 data', () => {
    for (const entry of data.lists.inspectionList) {
      expect(entry.prefix).toMatch(/^\d{2,10}$/);
      const hsPart = entry.prefix.slice(0, Math.min(entry.prefix.length, 6));
      expect([entry.prefix, data.hsEntry(hsPart)?.code]).toEqual([entry.prefix, hsPart]);
    }
  });

  it('every entry has a category and inspection types', () => {
    for (const entry of data.lists.inspectionList) {
      expect(entry.category).toMatch(/^[a-z-]+$/);
      expect(entry.inspectionTypes).toMatch(/^[LMNPQRS.]*\/?[LMNPQRS.]*$/);
      expect(entry.supervisionConditions).toMatch(/^A?B?$/);
    }
  });

  it.each([
    ['0102290000', 'live-animals', true, false, 'live cattle'],
    ['0201300000', 'meat', true, false, 'fresh boneless beef'],
    ['0202300000', 'meat', false, false, 'frozen boneless beef'],
    ['0302130000', 'aquatic', true, false, 'fresh Pacific salmon'],
    ['0303130000', 'aquatic', false, false, 'frozen Atlantic salmon'],
    ['0306330000', 'aquatic', true, false, 'live crabs'],
    ['0603110000', 'plants', true, false, 'fresh cut roses'],
    ['0709930000', 'fruit-vegetables', true, false, 'fresh pumpkins'],
    ['0710100000', 'fruit-vegetables', false, false, 'frozen potatoes'],
    ['0808100000', 'fruit-vegetables', true, false, 'fresh apples'],
    ['0806200000', 'fruit-vegetables', false, false, 'raisins'],
    ['1001990000', 'grain', false, false, 'wheat'],
    ['2304000000', 'feed', false, false, 'soybean meal'],
    ['2601111000', 'ores', false, true, 'iron ore'],
    ['2603000000', 'ores', false, true, 'copper ore'],
    ['2709000000', 'mineral-fuels', false, true, 'crude oil'],
    ['4403110000', 'timber', false, false, 'coniferous logs'],
    ['3304990000', 'cosmetics', false, false, 'beauty preparations'],
    ['9503008900', 'toys', false, false, 'toys'],
    ['8703800000', 'vehicles', false, false, 'an electric car'],
    ['8516500000', 'electrical-safety', false, false, 'a microwave oven'],
  ])('%s → %s, perishable %s, released before conformity %s (%s)', (hsCode, category, perishable, conditionalRelease) => {
    expect(data.inspectionEntry(hsCode)).toMatchObject({ category, perishable, conditionalRelease });
  });

  it.each([
    ['8471300000', 'a laptop'],
    ['6403990000', 'leather shoes'],
    ['2710192200', 'fuel oil'],
    ['', 'an empty code'],
    ['abc', 'letters'],
  ])('%s (%s) is not on the list', (hsCode) => {
    expect(data.inspectionEntry(hsCode)).toBeUndefined();
  });

  it('takes the longest matching prefix', () => {
    expect(data.inspectionEntry('02')?.prefix).toBe('02');
    expect(data.inspectionEntry('0201')?.prefix).toBe('02');
    expect(data.inspectionEntry('0201300000')?.prefix).toBe('020130');
    expect(data.inspectionEntry('0806200000')?.prefix).toBe('080620');
    expect(data.inspectionEntry('0806100000')?.prefix).toBe('0806');
  });
});

describe('reference data: enterprises', () => {
  it('every demo enterprise has a valid USCC and a known customs office', () => {
    for (const e of data.lists.enterprises) {
      expect([e.uscc, isValidUscc(e.uscc)]).toEqual([e.uscc, true]);
      expect(data.customsOffice(e.customsOffice)).toBeDefined();
      expect(e.nameZh).not.toBe('');
      expect(e.nameEn).not.toBe('');
    }
  });

  it('has at least one enterprise of every credit rating', () => {
    const ratings = new Set(data.lists.enterprises.map((e) => e.creditRating));
    expect([...ratings].sort()).toEqual(['aeo-advanced', 'aeo-general', 'discredited', 'registered']);
  });

  it('looks enterprises up by USCC and rates unknown ones as registered', () => {
    const first = data.lists.enterprises[0]!;
    expect(data.enterprise(first.uscc)).toBe(first);
    expect(data.creditRating(first.uscc)).toBe(first.creditRating);
    expect(data.enterprise('91110108551385082Q')).toBeUndefined();
    expect(data.creditRating('91110108551385082Q')).toBe('registered');
  });
});
