import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportableList, ListSpec, RowProblem, VersionDiff } from '@sw/reference-data';
import { CliError, expectPositionals, flag, stringOption, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';
import { DATABASE_HELP, DATABASE_OPTIONS } from '../database';
import { libraries } from '../lazy';
import type { Output } from '../output';
import { withTool } from './tool-context';

const LISTS_HELP = 'customs-offices, hs, tariff, countries, currencies, units, trade-modes, transport-modes, incoterms, exchange-rates, tariff-defaults, bonded-trade-modes, license-types, license-requirements, inspection-list, holidays';
/** How many codes of each kind the report names before "and N more". */
const SHOWN_CODES = 20;

function specNamed(name: string | undefined, command: string): ListSpec {
  if (name === undefined) throw new UsageError(`which list? (${LISTS_HELP})`, command);
  const spec = libraries().listSpec(name);
  if (!spec) throw new UsageError(`unknown list "${name}": the lists are ${LISTS_HELP}`, command);
  return spec;
}

function dateOption(args: ParsedArgs, name: string, command: string): string | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const date = libraries().calendarDate(text);
  if (!date) throw new UsageError(`--${name} must be a calendar date YYYY-MM-DD (got "${text}")`, command);
  return date;
}

// ---------------------------------------------------------------------------------------------
// swctl reference import <list> <file.csv> --effective-from DATE [--dry-run]
// ---------------------------------------------------------------------------------------------

export interface ImportReport {
  list: string;
  file: string;
  effectiveFrom: string;
  dryRun: boolean;
  entries: number;
  /** Against the version in force on the effective date. */
  diff: VersionDiff;
  /** The version stored (absent on a dry run). */
  version?: number;
}

export const referenceImportCommand: Command = {
  name: 'reference import',
  synopsis: '<list> <file.csv> --effective-from YYYY-MM-DD [--dry-run] [--database-url URL | --data-dir D]',
  summary: 'load an official code list (CSV) as a new version in force from a date',
  description: [
    `Reads a complete table of one list (${LISTS_HELP}) from a CSV file whose`,
    'header names its columns (customs-offices: code,nameZh,parentCode, and optionally shortNameZh,',
    'nameEn, province, source; `swctl reference export <list>` shows every list\'s columns), checks',
    'every row (a clear error per bad row, with its line; nothing is stored while any row is bad),',
    'compares it with the version in force on the effective date (codes added, changed, removed)',
    'and stores it as a new version. Declarations filed from that day (China time) are checked and',
    'assessed against it; earlier ones keep the version of their day. Running servers pick the',
    'new version up at once (no restart). --dry-run reports the same and stores nothing.',
    '',
    DATABASE_HELP,
  ].join('\n'),
  options: {
    'effective-from': { kind: 'string', value: '<YYYY-MM-DD>', description: 'the first day (China time) the table is in force' },
    'dry-run': { kind: 'boolean', description: 'check and compare only: store nothing' },
    ...DATABASE_OPTIONS,
  },
  examples: ['swctl reference import customs-offices offices-2027.csv --effective-from 2027-01-01 --dry-run', 'swctl reference import tariff tariff-2027.csv --effective-from 2027-01-01'],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'reference import';
    expectPositionals(args, 2, command);
    const spec = specNamed(args.positionals[0], command);
    const file = args.positionals[1];
    if (file === undefined) throw new UsageError('which file? give the CSV file after the list', command);
    const effectiveFrom = dateOption(args, 'effective-from', command);
    if (!effectiveFrom) throw new UsageError('--effective-from YYYY-MM-DD is required: the first day the table is in force', command);
    const full = path.resolve(context.cwd, file);
    if (!existsSync(full)) throw new CliError(`${full} does not exist`);
    const { parseTable, checkTable, storeVersion } = libraries();
    const table = parseTable(spec, readFileSync(full, 'utf8'));
    const dryRun = flag(args, 'dry-run');
    return withTool(args, context, command, async ({ tool }) => {
      const problems = [...table.problems, ...(table.problems.length ? [] : checkTable(spec, table, tool.reference.asOf(effectiveFrom)))];
      if (problems.length) return refuse(context.out, spec, full, problems);
      const report: ImportReport = {
        list: spec.name, file: full, effectiveFrom, dryRun, entries: table.entries.length, diff: tool.reference.diff(spec.key as ImportableList, table.entries, effectiveFrom),
      };
      if (!dryRun) {
        report.version = await tool.dataSource.transaction((manager) => storeVersion(manager, {
          list: spec.key, entries: table.entries, effectiveFrom, kind: 'imported', source: `${path.basename(full)} (swctl reference import)`,
        }));
      }
      if (context.out.json) context.out.printJson(report);
      else printImport(context.out, report);
      return 0;
    });
  },
};

function refuse(out: Output, spec: ListSpec, file: string, problems: RowProblem[]): number {
  const message = `${file} cannot be imported as ${spec.name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was stored`;
  if (out.json) out.printJson({ error: { kind: 'failure', message, problems } });
  else for (const problem of problems) out.note(problem.message);
  out.error(message);
  return 1;
}

function codes(list: string[]): string {
  if (list.length === 0) return '—';
  return list.length > SHOWN_CODES ? `${list.slice(0, SHOWN_CODES).join(', ')} and ${list.length - SHOWN_CODES} more` : list.join(', ');
}

function printImport(out: Output, report: ImportReport): void {
  const { diff } = report;
  out.line(`${report.dryRun ? 'Dry run: nothing stored. ' : ''}${report.list}: ${report.entries} entries from ${report.file}, in force from ${report.effectiveFrom}`);
  out.line(`  added    ${diff.added.length}: ${codes(diff.added)}`);
  out.line(`  changed  ${diff.changed.length}: ${codes(diff.changed)}`);
  out.line(`  removed  ${diff.removed.length}: ${codes(diff.removed)}`);
  out.line(`  unchanged ${diff.unchanged}`);
  if (report.version !== undefined) out.line(out.green(`Stored as version ${report.version} of ${report.list}; running servers have been told.`));
}

// ---------------------------------------------------------------------------------------------
// swctl reference export <list> [--as-of DATE] [--out FILE]
// ---------------------------------------------------------------------------------------------

export const referenceExportCommand: Command = {
  name: 'reference export',
  synopsis: '<list> [--as-of YYYY-MM-DD] [--out file.csv] [--database-url URL | --data-dir D]',
  summary: 'write the version of a code list in force on a day as CSV',
  description: [
    `Writes the table of one list (${LISTS_HELP}) in force on --as-of (default today,`,
    'China time) as CSV, every column, in code order: the format `swctl reference import` reads,',
    'so an export imported again gives the same table.',
    '',
    DATABASE_HELP,
  ].join('\n'),
  options: {
    'as-of': { kind: 'string', value: '<YYYY-MM-DD>', description: 'the day whose version is written (default today)' },
    out: { kind: 'string', value: '<file>', description: 'write to this file instead of stdout' },
    ...DATABASE_OPTIONS,
  },
  examples: ['swctl reference export customs-offices --out offices.csv', 'swctl reference export tariff --as-of 2026-12-31'],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'reference export';
    expectPositionals(args, 1, command);
    const spec = specNamed(args.positionals[0], command);
    const asOf = dateOption(args, 'as-of', command);
    const out = stringOption(args, 'out');
    return withTool(args, context, command, async ({ tool }) => {
      const day = asOf ?? tool.reference.currentDate();
      const version = tool.reference.inForce(spec.key, day);
      const csv = libraries().exportTable(spec, tool.reference.entriesOn(spec.key, day));
      if (out) {
        writeFileSync(path.resolve(context.cwd, out), csv);
        const summary = { list: spec.name, asOf: day, version: version?.version ?? null, effectiveFrom: version?.effectiveFrom ?? null, file: path.resolve(context.cwd, out) };
        if (context.out.json) context.out.printJson(summary);
        else context.out.line(`${spec.name} as of ${day} (version ${summary.version ?? 'shipped'}) written to ${summary.file}`);
      } else {
        context.out.stdout.write(csv);
      }
      return 0;
    });
  },
};
