/**
 * A code list as CSV, both ways: a file an operator imports (the header names the columns; a
 * clear error for every bad row, with its line and column) and the export of a version, which
 * imports back to the same entries. CSV is parsed by csv-parse (quoted commas, line breaks in
 * quotes, a byte-order mark) and written by csv-stringify.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { unsafeCharacter } from '../validators/values';
import { entryKey, type Column, type ListSpec } from './list-specs';

/** What is wrong with a file or one of its rows. `line` 1 is the header; 0 is the file as a whole. */
export interface RowProblem {
  line: number;
  column?: string;
  code: string;
  message: string;
}

export interface ParsedTable {
  entries: Record<string, unknown>[];
  /** The line of each entry, in the same order. */
  lines: number[];
  problems: RowProblem[];
}

const TRUE = 'true';
const FALSE = 'false';

/** Reads a CSV text into the list's entries; every problem found is reported, none stops the scan. */
export function parseTable(spec: ListSpec, csv: string): ParsedTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    return { entries: [], lines: [], problems: [{ line: (error as { lines?: number }).lines ?? 0, code: 'csv-malformed', message: `the file is not readable CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { entries: [], lines: [], problems: [{ line: 0, code: 'csv-empty', message: 'the file is empty: its first line must name the columns' }] };
  const [head, ...rows] = records;
  const header = head.record;
  const problems: RowProblem[] = [];
  const columns = new Map(spec.columns.map((c) => [c.name, c]));
  const names = spec.columns.map((c) => c.name).join(', ');
  header.forEach((name, index) => {
    if (!columns.has(name)) problems.push({ line: 1, column: name, code: 'unknown-column', message: `column ${index + 1} "${name}" is not a column of ${spec.name} (its columns: ${names})` });
    else if (header.indexOf(name) !== index) problems.push({ line: 1, column: name, code: 'repeated-column', message: `column "${name}" is named twice` });
  });
  for (const column of spec.columns) {
    if (column.required && !header.includes(column.name)) problems.push({ line: 1, column: column.name, code: 'missing-column', message: `the header has no "${column.name}" column, which ${spec.name} needs (its columns: ${names})` });
  }
  if (problems.length) return { entries: [], lines: [], problems };

  const entries: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== header.length) {
      problems.push({ line, code: 'column-count', message: `line ${line} has ${record.length} values for ${header.length} columns` });
      continue;
    }
    const fields: Record<string, unknown> = {};
    let bad = false;
    header.forEach((name, index) => {
      const result = cell(columns.get(name)!, record[index]!);
      if ('problem' in result) {
        problems.push({ line, column: name, code: 'bad-value', message: `line ${line}, ${name}: ${result.problem}` });
        bad = true;
      } else if (result.value !== undefined) fields[name] = result.value;
    });
    for (const column of spec.columns) {
      if (column.required && fields[column.name] === undefined && !problems.some((p) => p.line === line && p.column === column.name)) {
        problems.push({ line, column: column.name, code: 'missing-value', message: `line ${line}, ${column.name}: a value is required` });
        bad = true;
      }
    }
    if (bad) continue;
    const entry = spec.toEntry ? spec.toEntry(fields) : fields;
    const key = entryKey(spec, entry);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, column: spec.keyColumn, code: 'repeated-code', message: `line ${line}, ${spec.keyColumn}: ${key} is already on line ${first}` });
      continue;
    }
    seen.set(key, line);
    entries.push(entry);
    lines.push(line);
  }
  return { entries, lines, problems };
}

function cell(column: Column, raw: string): { value: unknown } | { problem: string } {
  if (raw === '') return { value: column.kind === 'integer-or-null' ? null : undefined };
  const unsafe = unsafeCharacter(raw);
  if (unsafe) return { problem: `must not contain ${unsafe}` };
  switch (column.kind) {
    case 'boolean':
      if (raw === TRUE || raw === FALSE) return { value: raw === TRUE };
      return { problem: `must be true or false (${JSON.stringify(raw)} is not)` };
    case 'integer-or-null':
      if (/^\d{1,2}$/.test(raw)) return { value: Number(raw) };
      return { problem: `must be a whole number of decimal places, or empty where there is none (${JSON.stringify(raw)} is not)` };
    case 'positive-number': {
      const value = Number(raw);
      if (/^\d+(\.\d+)?(e-?\d+)?$/i.test(raw) && value > 0 && Number.isFinite(value)) return { value };
      return { problem: `must be a number greater than 0 (${JSON.stringify(raw)} is not)` };
    }
    case 'list': {
      const items = raw.split(/\s+/);
      const wrong = items.find((item) => column.pattern && !column.pattern.test(item));
      if (wrong !== undefined) return { problem: `must be ${column.expected}, separated by spaces (${JSON.stringify(wrong)} is not)` };
      if (new Set(items).size !== items.length) return { problem: `names a value twice (${JSON.stringify(raw)})` };
      return { value: items };
    }
    case 'rate': {
      const value = Number(raw);
      if (/^\d+(\.\d+)?$/.test(raw) && value <= 1) return { value };
      return { problem: `must be a rate from 0 to 1 (0.06 is 6%; ${JSON.stringify(raw)} is not)` };
    }
    default:
      if (column.pattern && !column.pattern.test(raw)) return { problem: `must be ${column.expected} (${JSON.stringify(raw)} is not)` };
      return { value: raw };
  }
}

/** A version's entries as CSV: every column of the list, entries in key order. */
export function exportTable(spec: ListSpec, entries: readonly unknown[]): string {
  const sorted = [...entries].sort((a, b) => compareKeys(entryKey(spec, a), entryKey(spec, b)));
  const rows = sorted.map((entry) => {
    const fields = spec.toFields ? spec.toFields(entry as Record<string, unknown>) : (entry as Record<string, unknown>);
    return spec.columns.map((column) => written(fields[column.name]));
  });
  return stringify([spec.columns.map((c) => c.name), ...rows]);
}

function written(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
