/**
 * The plumbing of the request-body rules: a Problem function (what is wrong with a value, in
 * words) made into a class-validator constraint, the optional and trimmed markers, and how a
 * message shows the value it refuses.
 */
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

/** A string cut to the length a message shows: its first SHOWN_MAX characters, then `…`. */
export function clipped(value: string): string {
  const chars = Array.from(value);
  return chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : value;
}

/** A value as a message shows it: short printable codes bare, other strings quoted and clipped. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const short = clipped(value);
    return /^[\x21-\x7E]+$/.test(short) ? short : JSON.stringify(short);
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
