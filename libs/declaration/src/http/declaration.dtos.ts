/**
 * The parts of the declaration context's request DTOs (API.md, Declarations and Arrivals) that
 * several use cases share, and the query of the declaration list; each command's body lives in
 * its use case's folder (submit-declaration/, act-on-declaration/, report-arrival/).
 *
 * The global ValidationPipe (whitelist + forbidNonWhitelisted + transform) turns a body into
 * these classes and validates it: unknown fields are refused at any depth, every code is checked
 * against seeds/reference, and every offending field is reported with its path
 * (`items[0].hsCode`) and a message that says what is wrong.
 *
 * Limits chosen here:
 * - strings: trimmed first (codes are not: they must be exact); no control characters (NUL,
 *   C0, DEL, C1), unpaired surrogates or bidirectional controls anywhere — PostgreSQL jsonb
 *   refuses \u0000 and unpaired surrogate escapes, so they are a 400 here and never reach it;
 *   lengths are counted in characters (code points).
 * - item `value` and settlement `amount`: JSON number, finite, > 0, ≤ 1e12, at most 2 decimal
 *   places (for guarantees and payments, fewer when the currency has fewer: JPY is whole yen).
 * - item `quantity`: JSON number, finite, > 0, ≤ 1e9, at most 5 decimal places.
 * - lists: items 1..50, documents 0..20 (the same document twice is refused).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf, type ValidationArguments } from 'class-validator';
import {
  amountProblem, dateTimeProblem, IsAmount, IsCountry, IsCurrency, IsDateTimeWithOffset, IsHsCode, IsIntegerBetween, IsOneOf, IsStrictBoolean, IsText, IsTransportMode, IsUnit, IsUscc,
  Optional, QueryInteger, QueryOptional, Rule, textProblem, Trim, type AmountSpec, type TextSpec,
} from '@sw/reference-data';
import { BILL_OF_LADING_EXEMPT_MODES, billOfLadingRequired } from '@sw/shipment';

export const DECLARATION_MODES = ['standard', 'advance', 'two-step'] as const;
export const DECLARATION_DIRECTIONS = ['import', 'export'] as const;
/** The statuses of the declaration status view (API.md), the values of `?status=`. */
export const DECLARATION_STATUSES = [
  'submitted', 'under-review', 'awaiting-arrival', 'examination', 'held', 'released', 'exited', 'rejected', 'withdrawn',
] as const;

export const MAX_ITEMS = 50;
export const MAX_DOCUMENTS = 20;
/** Largest item value, guarantee or payment amount. */
export const MAX_AMOUNT = 1e12;
export const MAX_QUANTITY = 1e9;
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 200;

const VALUE: AmountSpec = { max: MAX_AMOUNT, decimals: 2 };
const QUANTITY: AmountSpec = { max: MAX_QUANTITY, decimals: 5 };

const NAME: TextSpec = { min: 1, max: 200 };
const DESCRIPTION: TextSpec = { min: 1, max: 500 };
export const REASON: TextSpec = { min: 1, max: 500 };
/** A vessel name, vehicle plate or train number: words of letters, digits, Chinese characters and dashes. */
export const CONVEYANCE: TextSpec = {
  min: 1, max: 40,
  pattern: /^[A-Za-z0-9\p{Script=Han}-]+(?: [A-Za-z0-9\p{Script=Han}-]+)*$/u,
  allowed: 'letters, digits, Chinese characters and dashes, words separated by single spaces',
};
/** Bill of lading, waybill or consignment note number. */
export const BILL_OF_LADING: TextSpec = { min: 1, max: 40, pattern: /^[A-Z0-9-]+$/, allowed: 'capital letters, digits and dashes' };
const VOYAGE: TextSpec = { min: 1, max: 20, pattern: /^[A-Za-z0-9./-]+$/, allowed: 'letters, digits, dots, slashes and dashes' };
const DOCUMENT_CODE: TextSpec = { min: 1, max: 10 };
const DOCUMENT_NUMBER: TextSpec = { min: 1, max: 40 };

// ---------------------------------------------------------------------------------------------
// Parts of a declaration
// ---------------------------------------------------------------------------------------------

export class Declarant {
  @ApiProperty({ description: 'Unified social credit code (统一社会信用代码, GB 32100, check character verified); must equal the token\'s uscc', example: '91370200MA3NB58R9R', minLength: 18, maxLength: 18 })
  @IsUscc()
  uscc: string;

  @ApiProperty({ description: 'Registered name of the declarant', example: '青岛海丰食品进出口有限公司', minLength: 1, maxLength: NAME.max })
  @Trim() @IsText(NAME)
  name: string;
}

export class Transport {
  @ApiProperty({ description: 'Customs transport-mode code (运输方式): 2 waterway, 3 rail, 4 road, 5 air, … (seeds/reference/transport-modes.json; A is not declarable)', example: '2' })
  @IsTransportMode()
  mode: string;

  @ApiProperty({ description: `Vessel name, vehicle plate or train number: ${CONVEYANCE.allowed}`, example: 'MAERSK EMDEN', minLength: 1, maxLength: CONVEYANCE.max })
  @Trim() @IsText(CONVEYANCE)
  conveyance: string;

  @ApiPropertyOptional({ description: `Voyage or trip number: ${VOYAGE.allowed}`, example: '2418N', minLength: 1, maxLength: VOYAGE.max })
  @Optional() @Trim() @IsText(VOYAGE)
  voyage?: string;

  @ApiPropertyOptional({
    description: `提运单号: bill of lading, waybill or consignment-note number: ${BILL_OF_LADING.allowed}. Required, except where the transport mode has no carrier's document`
      + ` (填制规范: 无实际进出境的货物免予填报): modes ${BILL_OF_LADING_EXEMPT_MODES.join(', ')} may leave it out`,
    example: 'COSU6312345670', minLength: 1, maxLength: BILL_OF_LADING.max,
  })
  @ValidateIf((transport: Transport, value: unknown) => value !== undefined || billOfLadingRequired(transport.mode))
  @Trim() @Rule('bill-of-lading', (value, args) => value === undefined
    ? `${args.property} is missing: transport mode ${String((args.object as Transport).mode)} needs its 提运单号 (only modes ${BILL_OF_LADING_EXEMPT_MODES.join(', ')}, with no carrier's document, leave it out)`
    : textProblem(args.property, value, BILL_OF_LADING))
  billOfLading?: string;
}

/** A line of goods. `value` is required except on the items of a two-step summary declaration. */
export class DeclarationItem {
  @ApiProperty({ description: '10-digit commodity code whose first 6 digits are an HS 2022 subheading', example: '0202300090', pattern: '^\\d{10}$' })
  @IsHsCode()
  hsCode: string;

  @ApiProperty({ description: 'Description of the goods (品名)', example: 'Frozen boneless beef, chuck roll', minLength: 1, maxLength: DESCRIPTION.max })
  @Trim() @IsText(DESCRIPTION)
  description: string;

  @ApiProperty({ description: `Quantity in \`unit\`: a number > 0 and ≤ ${MAX_QUANTITY.toExponential()}, at most ${QUANTITY.decimals} decimal places`, example: 24000, exclusiveMinimum: true, minimum: 0, maximum: MAX_QUANTITY })
  @IsAmount(QUANTITY)
  quantity: number;

  @ApiProperty({ description: 'Customs measurement-unit code (计量单位, seeds/reference/units.json), e.g. 035 kilogram', example: '035', pattern: '^\\d{3}$' })
  @IsUnit()
  unit: string;

  @ApiPropertyOptional({
    description: `Total value of the line in the declaration's currency: a number > 0 and ≤ ${MAX_AMOUNT.toExponential()}, at most 2 decimal places. `
      + 'Required on every item, except in a two-step summary declaration (mode two-step), whose items may omit it.',
    example: 156000.0, exclusiveMinimum: true, minimum: 0, maximum: MAX_AMOUNT,
  })
  @Rule('itemValue', (value: unknown, args: ValidationArguments) => {
    if (value === undefined) {
      return args.object instanceof SummaryDeclarationItem ? undefined
        : 'value is missing: every item needs its value (only the items of a two-step summary declaration may omit it)';
    }
    return amountProblem('value', value, VALUE);
  })
  value?: number;

  @ApiProperty({ description: 'Country of origin, ISO 3166-1 alpha-3', example: 'AUS', minLength: 3, maxLength: 3 })
  @IsCountry()
  originCountry: string;
}

/** An item of a two-step summary declaration (概要申报): its value may be left out. */
export class SummaryDeclarationItem extends DeclarationItem {}

/** A declaration item with its value, as the complete declaration (完整申报) files them. */
export type ValuedDeclarationItem = DeclarationItem & { value: number };

/** An accompanying document (随附单证): a license or certificate by its type code and number. */
export class DocumentReference {
  @ApiProperty({ description: 'Document type code (for a license: its type)', example: 'A', minLength: 1, maxLength: DOCUMENT_CODE.max })
  @Trim() @IsText(DOCUMENT_CODE)
  code: string;

  @ApiProperty({ description: 'Document number', example: '420100225000123000', minLength: 1, maxLength: DOCUMENT_NUMBER.max })
  @Trim() @IsText(DOCUMENT_NUMBER)
  number: string;
}

/** The summary declaration's flags (涉证 / 涉检 / 涉税) of a two-step declaration. */
export class DeclarationSummary {
  @ApiProperty({ description: 'The goods need a license or certificate (涉证)', example: false })
  @IsStrictBoolean()
  licenseRequired: boolean;

  @ApiProperty({ description: 'The goods are subject to inspection and quarantine (涉检)', example: true })
  @IsStrictBoolean()
  inspectionRequired: boolean;

  @ApiProperty({ description: 'Duties or taxes are payable (涉税)', example: true })
  @IsStrictBoolean()
  dutiable: boolean;
}

/** Freight or insurance of a declaration: an amount in a currency. */
export class ChargeAmount {
  @ApiProperty({ description: 'A number > 0, at most 2 decimal places', example: 1200 })
  @IsAmount({ max: MAX_AMOUNT, decimals: 2, currencyProperty: 'currency' })
  amount: number;

  @ApiProperty({ description: 'ISO 4217 currency', example: 'USD' })
  @IsCurrency()
  currency: string;
}

/** Price terms whose price stops before the goods reach China: freight (and insurance) are added to the customs value. */
export const FREIGHT_TERMS = ['FOB', 'FCA', 'FAS', 'EXW'];

/** The same document (code and number) listed twice. */
export function repeatedDocument(value: unknown, property: string): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const seen = new Map<string, number>();
  for (const [index, document] of value.entries()) {
    const { code, number } = (document ?? {}) as Partial<DocumentReference>;
    if (typeof code !== 'string' || typeof number !== 'string') continue;
    const key = JSON.stringify([code, number]);
    const first = seen.get(key);
    if (first !== undefined) return `${property}[${index}] repeats ${property}[${first}] (code ${code}, number ${number})`;
    seen.set(key, index);
  }
  return undefined;
}

export const ITEM_SHAPE = '{ hsCode, description, quantity, unit, value, originCountry }';

// ---------------------------------------------------------------------------------------------
// GET /v1/declarations?status=&number=&billOfLading=&conveyance=&consignee=&declarant=&from=&to=&q=&page=&pageSize=
// ---------------------------------------------------------------------------------------------

export class ListDeclarationsQuery {
  @ApiPropertyOptional({ enum: DECLARATION_STATUSES, description: 'Only declarations in this status' })
  @QueryOptional() @Optional() @IsOneOf(DECLARATION_STATUSES)
  status?: (typeof DECLARATION_STATUSES)[number];

  @ApiPropertyOptional({ description: '海关编号: the 18-digit customs number', example: '220020261000000001' })
  @QueryOptional() @Optional() @IsText({ min: 18, max: 18, pattern: /^\d{4}\d{4}[01]\d{9}$/, allowed: 'office (4) + year (4) + 1 import / 0 export + sequence (9)' })
  number?: string;

  @ApiPropertyOptional({ description: 'Bill of lading (提运单号), exactly' })
  @QueryOptional() @Optional() @IsText(BILL_OF_LADING)
  billOfLading?: string;

  @ApiPropertyOptional({ description: 'Vessel name, vehicle plate or train number, exactly (letter case aside)' })
  @QueryOptional() @Optional() @Trim() @IsText(CONVEYANCE)
  conveyance?: string;

  @ApiPropertyOptional({ description: 'USCC of the consignee (境内收发货人)' })
  @QueryOptional() @Optional() @IsUscc()
  consignee?: string;

  @ApiPropertyOptional({ description: 'USCC of the declarant (申报单位: the enterprise itself or its broker)' })
  @QueryOptional() @Optional() @IsUscc()
  declarant?: string;

  @ApiPropertyOptional({ description: 'Submitted at or after (ISO 8601 date-time with offset)' })
  @QueryOptional() @Optional() @IsDateTimeWithOffset()
  from?: string;

  @ApiPropertyOptional({ description: 'Submitted before (ISO 8601 date-time with offset); not before from' })
  @QueryOptional() @Optional() @IsDateTimeWithOffset()
  @Rule('toAfterFrom', (value, args) => {
    const from = (args.object as ListDeclarationsQuery).from;
    if (typeof value !== 'string' || typeof from !== 'string' || dateTimeProblem('from', from) || dateTimeProblem('to', value)) return undefined;
    return Date.parse(value) < Date.parse(from) ? 'to must not be before from' : undefined;
  })
  to?: string;

  @ApiPropertyOptional({ description: 'Any of: customs number, bill of lading, conveyance, consignee or declarant USCC' })
  @QueryOptional() @Optional() @Trim() @IsText({ min: 1, max: 60 })
  q?: string;

  @ApiPropertyOptional({ description: `Page number, from 1 (at most ${MAX_PAGE})`, default: 1, minimum: 1, maximum: MAX_PAGE, type: Number })
  @QueryInteger(1) @IsIntegerBetween(1, MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ description: `Entries per page, 1 to ${MAX_PAGE_SIZE}`, default: 20, minimum: 1, maximum: MAX_PAGE_SIZE, type: Number })
  @QueryInteger(20) @IsIntegerBetween(1, MAX_PAGE_SIZE)
  pageSize: number = 20;
}
