/**
 * The body of registering a licence (API.md, Licenses and certificates), validated by the
 * global ValidationPipe with the same rules (and messages) as the declarations: unknown fields
 * are refused, codes are checked against seeds/reference, every offending field is listed.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsAmount, IsText, IsUnit, IsUscc, Rule, mustBe, referenceData, shown } from '@sw/reference-data';
import type { ValidationArguments } from 'class-validator';
import { licenseTypes } from '../license-types.loader';

export const MAX_COMMODITIES = 50;
export const MAX_LICENSE_QUANTITY = 1e9;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO date (YYYY-MM-DD) that exists on the calendar. */
export function isoDateProblem(property: string, value: unknown): string | undefined {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return mustBe(property, 'an ISO 8601 date such as 2026-12-31', value);
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return `${property} must be a date that exists (${shown(value)} is not)`;
  return undefined;
}

/**
 * An HS prefix of 2 to 10 digits that exists in HS 2022: 2, 4 or 6 digits must be a chapter,
 * heading or subheading; 8 or 10 digits (national lines) must begin with a subheading.
 */
export function hsPrefixProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value) || ![2, 4, 6, 8, 10].includes(value.length)) {
    return `must be a string of 2, 4, 6, 8 or 10 digits (${shown(value)} is not)`;
  }
  const reference = referenceData();
  if (value.length <= 6) {
    const entry = reference.hsEntry(value);
    const level = { 2: 'chapter', 4: 'heading', 6: 'subheading' }[value.length as 2 | 4 | 6];
    return entry?.level === value.length ? undefined : `must be an HS 2022 ${level} (${value} is not)`;
  }
  return reference.hsSubheading(value.slice(0, 6)) ? undefined : `must begin with an HS 2022 subheading (${value.slice(0, 6)} is not)`;
}

/** The commodities: 1 to 50 distinct HS prefixes; each wrong entry is named by its index. */
export function commoditiesProblem(property: string, value: unknown): string | undefined {
  if (!Array.isArray(value)) return mustBe(property, `a list of 1 to ${MAX_COMMODITIES} HS prefixes`, value);
  if (value.length === 0) return `${property} must have at least 1 entry (none given)`;
  if (value.length > MAX_COMMODITIES) return `${property} must have at most ${MAX_COMMODITIES} entries (${value.length} given)`;
  const problems: string[] = [];
  value.forEach((entry, index) => {
    const problem = hsPrefixProblem(entry);
    if (problem) problems.push(`${property}[${index}] ${problem}`);
    else if (value.indexOf(entry) !== index) problems.push(`${property}[${index}] repeats ${entry}`);
  });
  return problems.length ? problems.join('; ') : undefined;
}

export function licenseTypeProblem(property: string, value: unknown): string | undefined {
  const type = typeof value === 'string' ? licenseTypes().type(value) : undefined;
  const issued = licenseTypes().items.filter((t) => !t.legacy).map((t) => t.code);
  if (!type) return mustBe(property, `a licence type code (监管证件代码) of seeds/reference/license-types.json: ${issued.join(', ')}`, value);
  if (type.legacy) return `${property} ${type.code} (${type.nameEn}, ${type.nameZh}) is no longer issued`;
  return undefined;
}

export const LICENSE_NUMBER_TEXT = { min: 1, max: 40, pattern: /^[A-Z0-9-]+$/, allowed: 'capital letters, digits and dashes' };

export class IssueLicenseRequest {
  @ApiProperty({ description: `Licence number: 1 to 40 ${LICENSE_NUMBER_TEXT.allowed}`, example: '26-44-000123', minLength: 1, maxLength: 40, pattern: '^[A-Z0-9-]+$' })
  @IsText(LICENSE_NUMBER_TEXT)
  number: string;

  @ApiProperty({ description: 'Licence type (监管证件代码, seeds/reference/license-types.json), e.g. 4 export licence, 7 automatic import licence; case-sensitive', example: '4' })
  @Rule('licenseType', (value, args) => licenseTypeProblem(args.property, value))
  type: string;

  @ApiProperty({ description: 'Unified social credit code (统一社会信用代码) of the enterprise the licence is issued to', example: '91440300MA5D8T3W1W', minLength: 18, maxLength: 18 })
  @IsUscc()
  holder: string;

  @ApiProperty({ description: `HS prefixes of the goods covered (1 to ${MAX_COMMODITIES}): 2, 4 or 6 digits that are an HS 2022 chapter, heading or subheading, or 8 or 10 digits that begin with a subheading`, example: ['284920'], type: [String] })
  @Rule('commodities', (value, args) => commoditiesProblem(args.property, value))
  commodities: string[];

  @ApiProperty({ description: `Quantity licensed, in \`unit\`: a number > 0 and ≤ ${MAX_LICENSE_QUANTITY.toExponential()}, at most 5 decimal places`, example: 5000, exclusiveMinimum: true, minimum: 0, maximum: MAX_LICENSE_QUANTITY })
  @IsAmount({ max: MAX_LICENSE_QUANTITY, decimals: 5 })
  quantity: number;

  @ApiProperty({ description: 'Customs measurement-unit code (计量单位, seeds/reference/units.json) the quantity is counted in; declarations must use the same', example: '035' })
  @IsUnit()
  unit: string;

  @ApiProperty({ description: 'First day of validity (ISO date)', example: '2026-01-01', format: 'date' })
  @Rule('isoDate', (value, args) => isoDateProblem(args.property, value))
  validFrom: string;

  @ApiProperty({ description: 'Last day of validity (ISO date), not before validFrom', example: '2026-12-31', format: 'date' })
  @Rule('validUntil', (value: unknown, args: ValidationArguments) => {
    const problem = isoDateProblem(args.property, value);
    if (problem) return problem;
    const from = (args.object as IssueLicenseRequest).validFrom;
    if (isoDateProblem('validFrom', from) === undefined && (value as string) < from) return `validUntil must not be before validFrom (${value} is before ${from})`;
    return undefined;
  })
  validUntil: string;
}
