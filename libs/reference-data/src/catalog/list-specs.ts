/**
 * The code lists an operator imports (`swctl reference import <list> <file.csv>`) and the public
 * lookup serves (`GET /v1/reference/{list}`): each list's name, its key, and its CSV columns.
 * A column is a field of the entry of the same name, except where a list says otherwise
 * (customs offices: `parentCode` is the entry's `parent`, and the level follows from it).
 */
import type { ReferenceListName, ReferenceLists } from '../reference-lists';

export type ColumnKind = 'text' | 'boolean' | 'integer-or-null' | 'rate' | 'positive-number' | 'list';

export interface Column {
  name: string;
  kind: ColumnKind;
  required?: boolean;
  /** The whole cell must match (text columns). */
  pattern?: RegExp;
  /** What the pattern allows, in words. */
  expected?: string;
}

export interface ListSpec {
  /** The name in the CLI and the URL, e.g. `customs-offices`. */
  name: string;
  /** The list it versions in ReferenceLists. */
  key: ImportableList;
  nameZh: string;
  /** The field that identifies an entry (a column, or a field toEntry makes of several). */
  keyColumn: string;
  columns: Column[];
  /** Fields shown and searched besides the key (names). */
  searchFields: string[];
  /** Entry from a row's typed fields (defaults to the fields as they are). */
  toEntry?(fields: Record<string, unknown>): Record<string, unknown>;
  /** Row fields from an entry (defaults to the entry as it is). */
  toFields?(entry: Record<string, unknown>): Record<string, unknown>;
}

/** The lists that are versioned; enterprises are demo data, not an official table. */
export type ImportableList = Exclude<ReferenceListName, 'enterprises'>;

const text = (name: string, options: Partial<Column> = {}): Column => ({ name, kind: 'text', ...options });
const required = (name: string, options: Partial<Column> = {}): Column => text(name, { required: true, ...options });
const flag = (name: string): Column => ({ name, kind: 'boolean', required: true });
const digits = (n: string, what: string): Partial<Column> => ({ pattern: new RegExp(`^\\d{${n}}$`), expected: what });

export const LIST_SPECS: readonly ListSpec[] = [
  {
    name: 'customs-offices', key: 'customsOffices', nameZh: '关区代码', keyColumn: 'code',
    columns: [required('code', digits('4', '4 digits')), required('nameZh'), text('parentCode', digits('4', '4 digits (the directly-under customs, xx00), or empty for one itself')),
      text('shortNameZh'), text('nameEn'), text('province'), text('source')],
    searchFields: ['nameZh', 'shortNameZh', 'nameEn'],
    toEntry: ({ parentCode, ...fields }) => ({
      ...fields, level: parentCode ? 'subordinate' : 'directly-under', parent: (parentCode as string | undefined) ?? null,
    }),
    toFields: ({ parent, level: _level, ...entry }) => ({ ...entry, parentCode: parent ?? undefined }),
  },
  {
    name: 'hs', key: 'hs', nameZh: '商品编码 (HS 2022)', keyColumn: 'code',
    columns: [required('code', { pattern: /^(\d{2}|\d{4}|\d{6})$/, expected: '2, 4 or 6 digits (chapter, heading, subheading)' }), required('description'), text('section')],
    searchFields: ['description'],
    toEntry: (fields) => ({ ...fields, level: String(fields.code).length }),
    toFields: ({ level: _level, ...entry }) => entry,
  },
  {
    name: 'tariff', key: 'tariff', nameZh: '进口税则', keyColumn: 'prefix',
    columns: [required('prefix', { pattern: /^(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$/, expected: '2, 4, 6, 8 or 10 digits of a commodity code' }),
      { name: 'dutyRate', kind: 'rate' }, { name: 'vatRate', kind: 'rate' }, required('description')],
    searchFields: ['description'],
  },
  {
    name: 'countries', key: 'countries', nameZh: '国别(地区)', keyColumn: 'alpha3',
    columns: [required('alpha3', { pattern: /^[A-Z]{3}$/, expected: '3 capital letters (ISO 3166-1 alpha-3)' }), required('alpha2', { pattern: /^[A-Z]{2}$/, expected: '2 capital letters' }),
      required('numeric', digits('3', '3 digits')), required('nameEn'), text('officialNameEn'), text('nameZh')],
    searchFields: ['alpha2', 'nameZh', 'nameEn'],
  },
  {
    name: 'currencies', key: 'currencies', nameZh: '币制', keyColumn: 'code',
    columns: [required('code', { pattern: /^[A-Z]{3}$/, expected: '3 capital letters (ISO 4217)' }), required('numeric', digits('3', '3 digits')), required('nameEn'), text('nameZh'),
      { name: 'minorUnits', kind: 'integer-or-null' }],
    searchFields: ['nameZh', 'nameEn'],
  },
  {
    name: 'units', key: 'units', nameZh: '计量单位', keyColumn: 'code',
    columns: [required('code', digits('3', '3 digits')), required('nameZh'), required('nameEn')],
    searchFields: ['nameZh', 'nameEn'],
  },
  {
    name: 'trade-modes', key: 'tradeModes', nameZh: '监管方式', keyColumn: 'code',
    columns: [required('code', digits('4', '4 digits')), required('nameZh'), required('fullNameZh'), required('nameEn')],
    searchFields: ['nameZh', 'fullNameZh', 'nameEn'],
  },
  {
    name: 'transport-modes', key: 'transportModes', nameZh: '运输方式', keyColumn: 'code',
    columns: [required('code', { pattern: /^[0-9A-Z]$/, expected: 'one digit or capital letter' }), required('nameZh'), required('nameEn'), flag('crossesLandBorder'), flag('declarable'), text('note')],
    searchFields: ['nameZh', 'nameEn'],
  },
  {
    name: 'incoterms', key: 'incoterms', nameZh: '成交方式 (Incoterms)', keyColumn: 'code',
    columns: [required('code', { pattern: /^[A-Z]{3}$/, expected: '3 capital letters' }), required('nameEn'), required('nameZh'), required('version', { pattern: /^(2020|2010)$/, expected: '2020 or 2010' }),
      flag('legacy'), required('transportModes', { pattern: /^(any|sea)$/, expected: 'any or sea' }), flag('includesMainCarriage'), flag('includesInsurance'), flag('sellerBearsTransitRisk'),
      required('customsTransactionMode', { pattern: /^[1237]$/, expected: '1, 2, 3 or 7' })],
    searchFields: ['nameZh', 'nameEn'],
  },
  {
    name: 'exchange-rates', key: 'exchangeRates', nameZh: '海关月度汇率', keyColumn: 'currency',
    columns: [required('currency', { pattern: /^[A-Z]{3}$/, expected: '3 capital letters (ISO 4217)' }), { name: 'cnyPerUnit', kind: 'positive-number', required: true }],
    searchFields: [],
  },
  {
    name: 'tariff-defaults', key: 'tariffDefaults', nameZh: '默认税率', keyColumn: 'name',
    columns: [required('name', { pattern: /^(dutyRate|vatRate)$/, expected: 'dutyRate or vatRate' }), { name: 'rate', kind: 'rate', required: true }, text('description')],
    searchFields: ['description'],
  },
  {
    name: 'bonded-trade-modes', key: 'bondedTradeModes', nameZh: '免征监管方式', keyColumn: 'code',
    columns: [required('code', digits('4', '4 digits (a trade mode, 监管方式)')), text('note')],
    searchFields: ['note'],
  },
  {
    name: 'license-types', key: 'licenseTypes', nameZh: '监管证件代码', keyColumn: 'code',
    columns: [required('code', { pattern: /^[0-9A-Za-z]$/, expected: 'one digit or letter (case-sensitive)' }), required('nameZh'), required('nameEn'),
      { name: 'authorities', kind: 'list', required: true, pattern: /^[A-Z][A-Z0-9-]*$/, expected: 'authority codes in capitals (e.g. MOFCOM)' },
      { name: 'directions', kind: 'list', required: true, pattern: /^(import|export)$/, expected: 'import or export' }, flag('legacy'), text('note')],
    searchFields: ['nameZh', 'nameEn'],
  },
  {
    name: 'license-requirements', key: 'licenseRequirements', nameZh: '监管条件 (商品需证)', keyColumn: 'rule',
    columns: [required('type', { pattern: /^[0-9A-Za-z]$/, expected: 'a licence type code (one digit or letter)' }), required('prefix', { pattern: /^\d{2,10}$/, expected: '2 to 10 digits of a commodity code' }),
      required('labelZh'), required('labelEn')],
    searchFields: ['prefix', 'labelZh', 'labelEn'],
    toEntry: (fields) => ({ rule: `${String(fields.type)} ${String(fields.prefix)}`, ...fields }),
    toFields: ({ rule: _rule, ...entry }) => entry,
  },
  {
    name: 'inspection-list', key: 'inspectionList', nameZh: '法检目录', keyColumn: 'prefix',
    columns: [required('prefix', { pattern: /^\d{2,10}$/, expected: '2 to 10 digits of a commodity code' }), required('category'), required('labelZh'), required('inspectionTypes'),
      required('supervisionConditions', { pattern: /^A?B?$/, expected: 'A, B or AB' }), flag('perishable'), flag('conditionalRelease'), text('note')],
    searchFields: ['labelZh', 'category'],
  },
  {
    name: 'holidays', key: 'holidays', nameZh: '法定节假日与调休', keyColumn: 'date',
    columns: [required('date', { pattern: /^\d{4}-\d{2}-\d{2}$/, expected: 'a date, YYYY-MM-DD' }), required('kind', { pattern: /^(holiday|workday)$/, expected: 'holiday (放假) or workday (调休上班)' }), required('nameZh')],
    searchFields: ['nameZh', 'kind'],
  },
];

export function listSpec(name: string): ListSpec | undefined {
  return LIST_SPECS.find((spec) => spec.name === name);
}

export function specOf(key: ImportableList): ListSpec {
  return LIST_SPECS.find((spec) => spec.key === key)!;
}

/** The key of an entry of a list. */
export function entryKey(spec: ListSpec, entry: unknown): string {
  return String((entry as Record<string, unknown>)[spec.keyColumn]);
}

export type Entry<K extends ImportableList> = ReferenceLists[K][number];
