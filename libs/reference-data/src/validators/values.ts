/**
 * Rules for plain values of a request body: texts, amounts and whole numbers (query parameters
 * too), booleans, enumerations and date-times.
 */
import { Transform } from 'class-transformer';
import { referenceData } from '../reference-data';
import { clipped, mustBe, Rule, shown } from './rule';

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/**
 * Characters refused in every string: control characters (C0, DEL, C1 — NUL among them, which
 * PostgreSQL jsonb refuses), unpaired surrogates (jsonb refuses their \u escapes too) and the
 * bidirectional embedding, override and isolate controls (text that reads other than it is).
 */
const UNSAFE_CHARACTER = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

/** What is unsafe in a string, e.g. `a control character (U+0000 at character 6)`, or undefined. */
export function unsafeCharacter(text: string): string | undefined {
  const match = UNSAFE_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const where = `U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${Array.from(text.slice(0, match.index)).length + 1}`;
  if (code >= 0xd800 && code <= 0xdfff) return `an unpaired surrogate (${where})`;
  if (code >= 0x202a) return `a bidirectional control character (${where})`;
  return `a control character (${where})`;
}

export interface TextSpec {
  min: number;
  max: number;
  /** The whole string must match. */
  pattern?: RegExp;
  /** What the pattern allows, in words, e.g. `capital letters, digits and dashes`. */
  allowed?: string;
}

function textExpectation(spec: TextSpec): string {
  const length = spec.min === spec.max ? `${spec.max}` : `${spec.min} to ${spec.max}`;
  return `a text of ${length} characters${spec.allowed ? ` (${spec.allowed})` : ''}`;
}

/** A string of min..max characters (code points), no unsafe characters, matching the pattern. */
export function textProblem(property: string, value: unknown, spec: TextSpec): string | undefined {
  if (typeof value !== 'string') return mustBe(property, textExpectation(spec), value);
  const unsafe = unsafeCharacter(value);
  if (unsafe) return `${property} must not contain ${unsafe}`;
  const length = Array.from(value).length;
  if (length === 0 && spec.min > 0) return `${property} must not be empty (or only white space)`;
  if (length < spec.min) return `${property} must have at least ${spec.min} characters (${length} given)`;
  if (length > spec.max) return `${property} must have at most ${spec.max} characters (${length} given)`;
  if (spec.pattern && !spec.pattern.test(value)) return mustBe(property, textExpectation(spec), value);
  return undefined;
}

/** A trimmed text field: see textProblem. */
export function IsText(spec: TextSpec): PropertyDecorator {
  return Rule('text', (value, args) => textProblem(args.property, value, spec));
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

export interface AmountSpec {
  /** Inclusive upper bound. */
  max: number;
  /** Most decimal places allowed. */
  decimals: number;
  /**
   * A sibling property holding an ISO 4217 code: the currency's minor unit lowers `decimals`
   * (JPY amounts are whole yen).
   */
  currencyProperty?: string;
}

function decimalPlaces(n: number): number {
  for (let d = 0; d <= 10; d++) if (Number(n.toFixed(d)) === n) return d;
  return Infinity;
}

/** A JSON number (not a string), finite, greater than zero, at most max, with few decimals. */
export function amountProblem(property: string, value: unknown, spec: AmountSpec, object?: object): string | undefined {
  const expectation = `a number greater than zero and at most ${spec.max.toLocaleString('en-US')}, with at most ${spec.decimals} decimal places`;
  if (typeof value === 'string') return `${property} must be a number, not a string (${JSON.stringify(clipped(value))} was given)`;
  if (typeof value !== 'number') return mustBe(property, expectation, value);
  if (!Number.isFinite(value)) return `${property} must be a finite number (${value} is not)`;
  if (value <= 0) return `${property} must be greater than zero (${value} is not)`;
  if (value > spec.max) return `${property} must be at most ${spec.max.toLocaleString('en-US')} (${value} is more)`;
  let decimals = spec.decimals;
  let where = '';
  if (spec.currencyProperty && object) {
    const code = (object as Record<string, unknown>)[spec.currencyProperty];
    const currency = typeof code === 'string' ? referenceData().currency(code) : undefined;
    if (currency && currency.code === code && currency.minorUnits !== null && currency.minorUnits < decimals) {
      decimals = currency.minorUnits;
      where = ` in ${currency.code}`;
    }
  }
  if (decimalPlaces(value) > decimals) {
    return decimals === 0
      ? `${property} must be a whole number${where} (${value} has decimals)`
      : `${property} must have at most ${decimals} decimal places${where} (${value} has more)`;
  }
  return undefined;
}

export function IsAmount(spec: AmountSpec): PropertyDecorator {
  return Rule('amount', (value, args) => amountProblem(args.property, value, spec, args.object));
}

/** A whole number within [min, max] (query parameters arrive converted by QueryInteger). */
export function integerProblem(property: string, value: unknown, min: number, max: number): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  return mustBe(property, `a whole number from ${min} to ${max.toLocaleString('en-US')}`, value);
}

export function IsIntegerBetween(min: number, max: number): PropertyDecorator {
  return Rule('integer', (value, args) => integerProblem(args.property, value, min, max));
}

/**
 * A query-string integer: digits become a number, an empty or missing parameter the default;
 * anything else is left as it came for the rule to refuse.
 */
export function QueryInteger(fallback: number): PropertyDecorator {
  return Transform(({ value }) => {
    if (value === undefined || value === '') return fallback;
    if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
    return value;
  }, { toClassOnly: true });
}

/** An empty query parameter (`?status=`) counts as left out. */
export function QueryOptional(): PropertyDecorator {
  return Transform(({ value }) => (value === '' ? undefined : value), { toClassOnly: true });
}

// ---------------------------------------------------------------------------------------------
// Booleans, enumerations, date-times
// ---------------------------------------------------------------------------------------------

export function IsStrictBoolean(): PropertyDecorator {
  return Rule('boolean', (value, args) => (typeof value === 'boolean' ? undefined : mustBe(args.property, 'true or false', value)));
}

export function oneOfProblem(property: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return mustBe(property, `one of ${allowed.join(', ')}`, value);
}

export function IsOneOf(allowed: readonly string[]): PropertyDecorator {
  return Rule('oneOf', (value, args) => oneOfProblem(args.property, value, allowed));
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An ISO 8601 / RFC 3339 date-time with a UTC offset, e.g. 2026-03-01T08:30:00+08:00, that exists on the calendar. */
export function dateTimeProblem(property: string, value: unknown): string | undefined {
  const expectation = 'an ISO 8601 date-time with an offset, such as 2026-03-01T08:30:00+08:00 or 2026-03-01T00:30:00Z';
  const m = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (!m) return mustBe(property, expectation, value);
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (year! < 1900 || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59 || offsetHours! > 14 || offsetMinutes! > 59) {
    return `${property} must be a date-time that exists (${shown(value)} is not)`;
  }
  if (Number.isNaN(Date.parse(value as string))) return mustBe(property, expectation, value);
  return undefined;
}

export function IsDateTimeWithOffset(): PropertyDecorator {
  return Rule('dateTime', (value, args) => dateTimeProblem(args.property, value));
}
