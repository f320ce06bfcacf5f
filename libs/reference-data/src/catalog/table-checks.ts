/**
 * Checks across the rows of an imported table, and against the other lists in force on its
 * effective date: a subordinate customs office hangs under a directly-under customs of the
 * same file; an HS heading under a chapter of the file; a tariff or inspection line on a
 * commodity code the HS nomenclature in force knows.
 */
import type { ReferenceData } from '../reference-data';
import type { RowProblem, ParsedTable } from './csv-table';
import type { ListSpec } from './list-specs';

type Check = (entry: Record<string, unknown>, file: ReadonlySet<string>, hs: ReferenceData) => { column: string; message: string } | undefined;

const CHECKS: Partial<Record<string, Check>> = {
  'customs-offices': (entry, file) => {
    const code = String(entry.code);
    if (entry.parent === null) {
      return code.endsWith('00') ? undefined : { column: 'parentCode', message: `${code} is a subordinate office (it does not end in 00): its parentCode is ${code.slice(0, 2)}00` };
    }
    const parent = `${code.slice(0, 2)}00`;
    if (entry.parent !== parent) return { column: 'parentCode', message: `the parent of ${code} is the directly-under customs ${parent}, not ${String(entry.parent)}` };
    return file.has(parent) ? undefined : { column: 'parentCode', message: `${parent}, the parent of ${code}, is not in the file` };
  },
  hs: (entry, file) => {
    const code = String(entry.code);
    if (code.length === 2) return undefined;
    const parent = code.slice(0, -2);
    return file.has(parent) ? undefined : { column: 'code', message: `${code} hangs under ${parent}, which is not in the file` };
  },
  tariff: (entry, _file, reference) => {
    const prefix = String(entry.prefix);
    const hs = prefix.slice(0, 6);
    if (reference.hsEntry(hs)) return undefined;
    return { column: 'prefix', message: `${prefix}: ${hs} is not ${hs.length === 6 ? 'a subheading' : 'a chapter or heading'} of the HS nomenclature in force on the effective date` };
  },
  'exchange-rates': (entry, _file, reference) => {
    const currency = String(entry.currency);
    return reference.currency(currency) ? undefined : { column: 'currency', message: `${currency} is not a currency of the currency list (币制) in force on the effective date` };
  },
  'bonded-trade-modes': (entry, _file, reference) => {
    const code = String(entry.code);
    return reference.tradeMode(code) ? undefined : { column: 'code', message: `${code} is not a trade mode (监管方式) of the list in force on the effective date` };
  },
  'license-requirements': (entry, _file, reference) => {
    const type = String(entry.type);
    if (!reference.lists.licenseTypes.some((t) => t.code === type)) return { column: 'type', message: `${type} is not a licence type (监管证件代码) of the list in force on the effective date` };
    const chapter = String(entry.prefix).slice(0, 2);
    return reference.hsEntry(chapter) ? undefined : { column: 'prefix', message: `${String(entry.prefix)}: chapter ${chapter} is not in the HS nomenclature in force on the effective date` };
  },
  'inspection-list': (entry, _file, reference) => {
    const chapter = String(entry.prefix).slice(0, 2);
    return reference.hsEntry(chapter) ? undefined : { column: 'prefix', message: `${String(entry.prefix)}: chapter ${chapter} is not in the HS nomenclature in force on the effective date` };
  },
  // 调休上班 is a weekend day worked: a workday on Monday to Friday says nothing (a typo of a date, most likely).
  holidays: (entry) => {
    const date = String(entry.date);
    const day = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return { column: 'date', message: `${date} is not a calendar date` };
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    return entry.kind === 'workday' && !weekend ? { column: 'kind', message: `${date} is a weekday: a workday (调休上班) is a Saturday or Sunday worked` } : undefined;
  },
};

/** Entries a complete table of a list must have (its key values). */
const REQUIRED_KEYS: Partial<Record<string, string[]>> = {
  'tariff-defaults': ['dutyRate', 'vatRate'],
};

/** The problems of a parsed table as a whole; `reference` is every list as in force on the effective date. */
export function checkTable(spec: ListSpec, table: ParsedTable, reference: ReferenceData): RowProblem[] {
  const file = new Set(table.entries.map((entry) => String(entry[spec.keyColumn])));
  const problems: RowProblem[] = (REQUIRED_KEYS[spec.name] ?? []).filter((key) => !file.has(key))
    .map((key) => ({ line: 0, column: spec.keyColumn, code: 'missing-entry', message: `the file has no ${spec.keyColumn} ${key}: a table of ${spec.name} must give it` }));
  const check = CHECKS[spec.name];
  if (!check) return problems;
  table.entries.forEach((entry, index) => {
    const problem = check(entry, file, reference);
    const line = table.lines[index]!;
    if (problem) problems.push({ line, column: problem.column, code: 'inconsistent-row', message: `line ${line}, ${problem.column}: ${problem.message}` });
  });
  return problems;
}
