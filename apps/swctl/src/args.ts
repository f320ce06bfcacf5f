/**
 * Command-line arguments, parsed by hand (no dependency): `--name value`, `--name=value`,
 * boolean flags, `-h`, and `--` to end the options. Every command accepts `--json` and `--help`.
 */

/** Wrong use of the command line: exit code 2, with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** The command ran and failed (server unreachable, broken chain, missing secret…): exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export type OptionKind = 'string' | 'boolean';

export interface OptionSpec {
  kind: OptionKind;
  /** For the usage text, e.g. `<url>`. */
  value?: string;
  description: string;
}

export interface ParsedArgs {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { kind: 'boolean', description: 'machine-readable JSON on stdout' },
  help: { kind: 'boolean', description: 'this help' },
};

/**
 * Parses argv (without the command words) against the command's options. Unknown options,
 * missing values and repeated options are usage errors.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>, command?: string): ParsedArgs {
  const all = { ...GLOBAL_OPTIONS, ...spec };
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`, command);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = all[name];
    if (!option) throw new UsageError(`unknown option --${name}${suggestion(name, Object.keys(all))}`, command);
    if (options[name] !== undefined) throw new UsageError(`--${name} is given twice`, command);
    if (option.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, command);
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value${option.value ? ` ${option.value}` : ''}`, command);
    options[name] = value;
  }
  return { options, positionals };
}

function suggestion(name: string, known: string[]): string {
  const close = known.find((k) => k.startsWith(name) || name.startsWith(k) || distance(k, name) <= 2);
  return close ? ` (did you mean --${close}?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** A whole number option within bounds, or the default. */
export function integerOption(args: ParsedArgs, name: string, { min, max, fallback, command }: { min: number; max: number; fallback: number; command?: string }): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`, command);
  }
  return Number(raw);
}

/** At most `max` positionals. */
export function expectPositionals(args: ParsedArgs, max: number, command?: string): void {
  if (args.positionals.length > max) {
    throw new UsageError(`unexpected argument${args.positionals.length - max > 1 ? 's' : ''}: ${args.positionals.slice(max).join(' ')}`, command);
  }
}

/** Usage lines for a command's options, aligned. */
export function describeOptions(spec: Record<string, OptionSpec>, withGlobal = true): string {
  const all = withGlobal ? { ...spec, ...GLOBAL_OPTIONS } : spec;
  const rows = Object.entries(all).map(([name, option]) => [`--${name}${option.value ? ` ${option.value}` : ''}`, option.description]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
