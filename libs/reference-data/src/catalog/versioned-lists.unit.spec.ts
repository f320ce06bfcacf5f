import { shippedReferenceData } from '../reference-data';
import { exportTable, parseTable } from './csv-table';
import { listSpec } from './list-specs';
import { checkTable } from './table-checks';

// The lists versioned since the exchange rates, tariff defaults, duty-free trade modes and licence
// catalogues joined the importable lists: their own columns and checks.
const shipped = shippedReferenceData();
const spec = (name: string) => listSpec(name)!;
const problems = (name: string, csv: string) => {
  const parsed = parseTable(spec(name), csv);
  return [...parsed.problems, ...(parsed.problems.length ? [] : checkTable(spec(name), parsed, shipped))].map((p) => p.message);
};

describe('exchange-rates (海关月度汇率)', () => {
  it('reads a month\'s table and refuses a rate that is not a positive number or a currency the currency list lacks', () => {
    expect(parseTable(spec('exchange-rates'), 'currency,cnyPerUnit\nUSD,7.1345\nJPY,0.0483\n').entries).toEqual([{ currency: 'USD', cnyPerUnit: 7.1345 }, { currency: 'JPY', cnyPerUnit: 0.0483 }]);
    expect(problems('exchange-rates', 'currency,cnyPerUnit\nUSD,0\nEUR,7,9\nXXY,1.5\n')).toEqual([
      'line 2, cnyPerUnit: must be a number greater than 0 ("0" is not)', 'line 3 has 3 values for 2 columns',
    ]);
    expect(problems('exchange-rates', 'currency,cnyPerUnit\nXXY,1.5\n')).toEqual(['line 2, currency: XXY is not a currency of the currency list (币制) in force on the effective date']);
  });
});

describe('tariff-defaults and bonded-trade-modes', () => {
  it('needs both default rates, and trade modes the trade-mode list knows', () => {
    expect(problems('tariff-defaults', 'name,rate\ndutyRate,0.08\n')).toEqual(['the file has no name vatRate: a table of tariff-defaults must give it']);
    expect(problems('tariff-defaults', 'name,rate\ndutyRate,0.08\nvatRate,0.13\nfoo,0.1\n')).toEqual(['line 4, name: must be dutyRate or vatRate ("foo" is not)']);
    expect(problems('bonded-trade-modes', 'code,note\n0615,进料对口\n9999,none\n')).toEqual(['line 3, code: 9999 is not a trade mode (监管方式) of the list in force on the effective date']);
  });
});

describe('license-types and license-requirements (监管证件代码, 监管条件)', () => {
  it('keeps codes case-sensitive and lists as space-separated cells, both ways', () => {
    const csv = 'code,nameZh,nameEn,authorities,directions,legacy\nv,自动进口许可证(加工贸易),Automatic import licence (processing trade),MOFCOM,import,false\nV,测试,Test,MOFCOM GACC,import export,true\n';
    const parsed = parseTable(spec('license-types'), csv);
    expect(parsed.entries.map((e) => [e.code, e.authorities, e.directions])).toEqual([['v', ['MOFCOM'], ['import']], ['V', ['MOFCOM', 'GACC'], ['import', 'export']]]);
    expect(parseTable(spec('license-types'), exportTable(spec('license-types'), parsed.entries)).entries).toEqual(expect.arrayContaining(parsed.entries));
    expect(problems('license-types', 'code,nameZh,nameEn,authorities,directions,legacy\n44,x,y,MOFCOM,import,false\n4,x,y,MOFCOM,inbound,false\n')).toEqual([
      'line 2, code: must be one digit or letter (case-sensitive) ("44" is not)', 'line 3, directions: must be import or export, separated by spaces ("inbound" is not)',
    ]);
  });

  it('keys a requirement by its type and prefix, and refuses a type the licence types lack or a repeated rule', () => {
    const parsed = parseTable(spec('license-requirements'), 'type,prefix,labelZh,labelEn\n4,2709,原油,Crude oil\n7,2709,原油,Crude oil\n');
    expect(parsed.entries.map((e) => e.rule)).toEqual(['4 2709', '7 2709']);
    expect(problems('license-requirements', 'type,prefix,labelZh,labelEn\n4,2709,原油,Crude oil\n4,2709,原油,again\n')).toEqual(['line 3, rule: 4 2709 is already on line 2']);
    expect(problems('license-requirements', 'type,prefix,labelZh,labelEn\n4,2709,原油,Crude oil\nQ,2709,原油,Crude oil\n4,9999,无,none\n')).toEqual([
      'line 3, type: Q is not a licence type (监管证件代码) of the list in force on the effective date',
      'line 4, prefix: 9999: chapter 99 is not in the HS nomenclature in force on the effective date',
    ]);
  });

  it('splits the shipped catalogue (license-types.json, each type with its rules) into the two lists', () => {
    expect(shipped.lists.licenseTypes.find((t) => t.code === '4')).toMatchObject({ nameZh: '出口许可证', directions: ['export'], legacy: false });
    expect(shipped.lists.licenseTypes.every((t) => !('requiredFor' in t))).toBe(true);
    expect(shipped.lists.licenseRequirements.filter((r) => r.prefix === '2709').map((r) => r.rule).sort()).toEqual(['4 2709', '7 2709']);
  });
});
