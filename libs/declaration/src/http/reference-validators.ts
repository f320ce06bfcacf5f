/**
 * Validation rules for request bodies, checked against the code lists of seeds/reference.
 *
 * Every rule is one class-validator constraint that says, in words, what is wrong with the
 * value (type, format, code list, limits) — one message per problem, so a field that is wrong
 * in one way is reported once. The `…Problem` functions are the same checks without
 * decorators, for handlers that need them.
 */
import { referenceData, validateUscc } from '@sw/reference-data';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** What is wrong with a value, in words; undefined when it is acceptable. */
export type Problem = (value: unknown, args: ValidationArguments) => string | undefined;

/** A class-validator constraint from a Problem function: the message is the problem found. */
export function Rule(name: string, problem: Problem, options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol): void => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => problem(value, args!) === undefined,
        defaultMessage: (args?: ValidationArguments) => problem(args!.value, args!) ?? `${args!.property} is not valid`,
      },
    });
  };
}

/**
 * The field may be left out; when it is present every rule applies, null included (an
 * optional field is omitted, never null, so events carry no nulls).
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** Leading and trailing white space is dropped from strings before they are checked. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value), { toClassOnly: true });
}

// ---------------------------------------------------------------------------------------------
// Showing a value in a message
// ---------------------------------------------------------------------------------------------

const SHOWN_MAX = 32;

/** A value as a message shows it: short printable codes bare, other strings quoted and clipped. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const chars = Array.from(value);
    const clipped = chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : value;
    return /^[\x21-\x7E]+$/.test(clipped) ? clipped : JSON.stringify(clipped);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** `x must be <expectation> (<value> is not)`, or `x is missing` when it was left out. */
export function mustBe(property: string, expectation: string, value: unknown, note?: string): string {
  if (value === undefined) return `${property} is missing: it must be ${expectation}`;
  return `${property} must be ${expectation} (${shown(value)} is not${note ? `: ${note}` : ''})`;
}

/** The note for a code given in small letters that exists in capitals. */
function capitalsNote(value: unknown, exists: (code: string) => boolean): string | undefined {
  return typeof value === 'string' && value !== value.toUpperCase() && exists(value.toUpperCase()) ? `codes are written in capitals` : undefined;
}

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
  if (typeof value === 'string') return `${property} must be a number, not a string (${JSON.stringify(shownString(value))} was given)`;
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

function shownString(value: string): string {
  const chars = Array.from(value);
  return chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : value;
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

// ---------------------------------------------------------------------------------------------
// Nested objects and lists
// ---------------------------------------------------------------------------------------------

/*
 * Wrong shapes of nested values are replaced, before validation, by a symbol that says what was
 * given, so that @ValidateNested reports them on the right path with a useful message: it would
 * otherwise validate a list given for an object entry by entry (and accept `[]`), and its
 * message cannot tell a wrong field from a wrong list entry.
 */
const WRONG_FIELD = 'field:';
const WRONG_ENTRY = 'entry:';

/** For a nested object field: a list given where an object is expected is refused as such. */
export function ObjectShape(): PropertyDecorator {
  return Transform(({ value }) => (Array.isArray(value) ? Symbol(`${WRONG_FIELD}a list`) : value), { toClassOnly: true });
}

const receivedLengths = new WeakMap<object, number>();

/**
 * For a nested list field: an object given where a list is expected is refused as such, every
 * entry that is not an object is reported at its index (`items[2]`), and a list longer than
 * max is cut to max + 1 entries — still refused, with its real length in the message, but
 * without validating (and reporting on) every one of its entries.
 */
export function ListShape(max: number): PropertyDecorator {
  return Transform(({ value }) => {
    if (value === undefined || value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value)) return Symbol(`${WRONG_FIELD}an object`);
    const list = (value.length > max + 1 ? value.slice(0, max + 1) : value).map((entry: unknown) =>
      entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : Symbol(`${WRONG_ENTRY}${shown(entry)}`));
    receivedLengths.set(list, value.length);
    return list;
  }, { toClassOnly: true });
}

/** The message of @ValidateNested, for the field itself (`whole`) or one of its list entries. */
export function nestedMessage(whole: string, entry?: string): (args: ValidationArguments) => string {
  return (args) => {
    const value: unknown = args.value;
    const given = typeof value === 'symbol' ? (value.description ?? '') : undefined;
    if (given?.startsWith(WRONG_ENTRY)) return `each entry of ${args.property} must be ${entry ?? 'an object'} (${given.slice(WRONG_ENTRY.length)} is not)`;
    if (given?.startsWith(WRONG_FIELD)) return `${args.property} must be ${whole} (${given.slice(WRONG_FIELD.length)} is not)`;
    return mustBe(args.property, whole, value);
  };
}

/** A required nested object: left out is reported here, any other wrong shape by @ValidateNested. */
export function IsPresent(expectation: string): PropertyDecorator {
  return Rule('present', (value, args) => (value === undefined ? mustBe(args.property, expectation, value) : undefined));
}

/** A list of min..max entries; its entries' shape is @ValidateNested's to report. */
export function listProblem(property: string, value: unknown, min: number, max: number, required: boolean): string | undefined {
  const expectation = `a list of ${min} to ${max} entries`;
  if (value === undefined) return required ? mustBe(property, expectation, value) : undefined;
  if (!Array.isArray(value)) return undefined;
  const length = receivedLengths.get(value) ?? value.length;
  if (length < min) return `${property} must have at least ${min} ${min === 1 ? 'entry' : 'entries'} (${length === 0 ? 'none' : length} given)`;
  if (length > max) return `${property} must have at most ${max} entries (${length} given)`;
  return undefined;
}

export function IsListOf(min: number, max: number, required = true): PropertyDecorator {
  return Rule('listLength', (value, args) => listProblem(args.property, value, min, max, required));
}

// ---------------------------------------------------------------------------------------------
// Codes of seeds/reference
// ---------------------------------------------------------------------------------------------

/** 统一社会信用代码 with the GB 32100 check character; capital letters only. */
export function usccProblem(property: string, value: unknown): string | undefined {
  const expectation = 'an 18-character unified social credit code (GB 32100)';
  if (typeof value !== 'string') return mustBe(property, expectation, value);
  const result = validateUscc(value);
  if (result.valid) return undefined;
  return `${property} must be ${expectation}: ${result.reason} (${shown(value)} is not)`;
}

export function IsUscc(): PropertyDecorator {
  return Rule('uscc', (value, args) => usccProblem(args.property, value));
}

/** A national 10-digit commodity code whose first 6 digits are an HS 2022 subheading. */
export function hsCodeProblem(property: string, value: unknown): string | undefined {
  const expectation = '10 digits whose first 6 are an HS 2022 subheading';
  if (typeof value === 'number') return `${property} must be a string of ${expectation} (${shown(value)} is not: a number loses leading zeros)`;
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return mustBe(property, expectation, value);
  if (!referenceData().isValidHsCode(value)) return `${property} must be ${expectation} (${value.slice(0, 6)} is not)`;
  return undefined;
}

export function IsHsCode(): PropertyDecorator {
  return Rule('hsCode', (value, args) => hsCodeProblem(args.property, value));
}

/** 关区代码: 4 digits in the customs-office list. */
export function customsOfficeProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{4}$/.test(value) && referenceData().customsOffice(value)) return undefined;
  return mustBe(property, 'a 4-digit customs code from the customs-office list (关区代码), such as 2248', value);
}

export function IsCustomsOffice(): PropertyDecorator {
  return Rule('customsOffice', (value, args) => customsOfficeProblem(args.property, value));
}

/** 运输方式代码: a declarable code of the transport-mode list, exactly as listed. */
export function transportModeProblem(property: string, value: unknown): string | undefined {
  const mode = typeof value === 'string' ? referenceData().transportMode(value) : undefined;
  if (!mode || mode.code !== value) {
    return mustBe(property, 'a customs transport-mode code (运输方式) such as 2 waterway, 3 rail, 4 road, 5 air', value,
      capitalsNote(value, (code) => referenceData().transportMode(code) !== undefined));
  }
  if (!mode.declarable) return `${property} ${mode.code} (${mode.nameEn}) cannot be declared: it is a statistical aggregate`;
  return undefined;
}

export function IsTransportMode(): PropertyDecorator {
  return Rule('transportMode', (value, args) => transportModeProblem(args.property, value));
}

/** 监管方式代码: 4 digits in the trade-mode list. */
export function tradeModeProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{4}$/.test(value) && referenceData().tradeMode(value)) return undefined;
  return mustBe(property, 'a 4-digit supervision-mode code (监管方式) from the trade-mode list, such as 0110', value);
}

export function IsTradeMode(): PropertyDecorator {
  return Rule('tradeMode', (value, args) => tradeModeProblem(args.property, value));
}

/** An Incoterms rule (2020, or the 2010 DAT still seen on declarations), in capitals. */
export function incotermProblem(property: string, value: unknown): string | undefined {
  const term = typeof value === 'string' ? referenceData().incoterm(value) : undefined;
  if (term && term.code === value) return undefined;
  return mustBe(property, `an Incoterms rule (${referenceData().lists.incoterms.map((t) => t.code).join(', ')})`, value,
    capitalsNote(value, (code) => referenceData().incoterm(code) !== undefined));
}

export function IsIncoterm(): PropertyDecorator {
  return Rule('incoterm', (value, args) => incotermProblem(args.property, value));
}

/**
 * An ISO 4217 code in capitals that is a currency of account: the codes without a minor unit
 * (precious metals, SDR, testing and "no currency" codes) are refused.
 */
export function currencyProblem(property: string, value: unknown): string | undefined {
  const currency = typeof value === 'string' ? referenceData().currency(value) : undefined;
  if (!currency || currency.code !== value) return mustBe(property, 'an ISO 4217 code', value, capitalsNote(value, (code) => referenceData().currency(code) !== undefined));
  if (currency.minorUnits === null) return `${property} ${currency.code} (${currency.nameEn}) is not a currency trade values can be declared in`;
  return undefined;
}

export function IsCurrency(): PropertyDecorator {
  return Rule('currency', (value, args) => currencyProblem(args.property, value));
}

/** 计量单位代码: 3 digits in the units list. */
export function unitProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{3}$/.test(value) && referenceData().unit(value)) return undefined;
  return mustBe(property, 'a 3-digit customs unit code (计量单位) from the units list, such as 035 (kilogram)', value);
}

export function IsUnit(): PropertyDecorator {
  return Rule('unit', (value, args) => unitProblem(args.property, value));
}

/** ISO 3166-1 alpha-3 in capitals; an alpha-2 code is named as such, with its alpha-3. */
export function countryProblem(property: string, value: unknown): string | undefined {
  const reference = referenceData();
  const country = typeof value === 'string' ? reference.country(value) : undefined;
  if (country && country.alpha3 === value) return undefined;
  if (typeof value === 'string' && /^[A-Za-z]{2}$/.test(value)) {
    const byAlpha2 = reference.countryByAlpha2(value);
    if (byAlpha2) return `${property} must be an ISO 3166-1 alpha-3 code (${value} is alpha-2; ${byAlpha2.nameEn} is ${byAlpha2.alpha3})`;
  }
  return mustBe(property, 'an ISO 3166-1 alpha-3 code', value, capitalsNote(value, (code) => reference.country(code) !== undefined));
}

export function IsCountry(): PropertyDecorator {
  return Rule('country', (value, args) => countryProblem(args.property, value));
}
