/**
 * Rules for nested objects and lists of a request body: a wrong shape is reported on the
 * field or list entry where it was given, and list lengths are checked.
 */
import { Transform } from 'class-transformer';
import type { ValidationArguments } from 'class-validator';
import { mustBe, Rule, shown } from './rule';

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
