/**
 * Request DTOs of the declaration context (API.md, Declarations and Arrivals).
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
import { Type } from 'class-transformer';
import { ValidateNested, type ValidationArguments } from 'class-validator';
import {
  amountProblem, IsAmount, IsCountry, IsCurrency, IsCustomsOffice, IsDateTimeWithOffset, IsHsCode, IsIncoterm, IsIntegerBetween,
  IsListOf, IsOneOf, IsPresent, IsStrictBoolean, IsText, IsTradeMode, IsTransportMode, IsUnit, IsUscc, ListShape, nestedMessage,
  ObjectShape, Optional, QueryInteger, QueryOptional, Rule, Trim, type AmountSpec, type TextSpec,
} from '@sw/reference-data';

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
const REASON: TextSpec = { min: 1, max: 500 };
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
const SETTLEMENT_REFERENCE: TextSpec = { min: 1, max: 64, pattern: /^[A-Za-z0-9_/-]+$/, allowed: 'letters, digits, -, _ and /' };

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

  @ApiProperty({ description: `Bill of lading, waybill or consignment-note number: ${BILL_OF_LADING.allowed}`, example: 'COSU6312345670', minLength: 1, maxLength: BILL_OF_LADING.max })
  @Trim() @IsText(BILL_OF_LADING)
  billOfLading: string;
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

/** The same document (code and number) listed twice. */
function repeatedDocument(value: unknown, property: string): string | undefined {
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

const ITEM_SHAPE = '{ hsCode, description, quantity, unit, value, originCountry }';

// ---------------------------------------------------------------------------------------------
// POST /v1/declarations
// ---------------------------------------------------------------------------------------------

/**
 * The body of `POST /v1/declarations` (API.md). Mode rules: `summary` is required for
 * two-step and refused for the other modes; the items of a two-step declaration may omit
 * `value` (they are SummaryDeclarationItem), every other item must carry it.
 */
export class SubmitDeclarationRequest {
  @ApiProperty({ enum: DECLARATION_MODES, description: 'standard; advance (提前申报, before arrival); two-step (两步申报: summary now, complete declaration within 14 days of arrival)', example: 'standard' })
  @IsOneOf(DECLARATION_MODES)
  mode: (typeof DECLARATION_MODES)[number];

  @ApiProperty({ enum: DECLARATION_DIRECTIONS, example: 'import' })
  @IsOneOf(DECLARATION_DIRECTIONS)
  direction: (typeof DECLARATION_DIRECTIONS)[number];

  @ApiProperty({ type: () => Declarant })
  @IsPresent('an object { uscc, name }')
  @ValidateNested({ message: nestedMessage('an object { uscc, name }') })
  @ObjectShape() @Type(() => Declarant)
  declarant: Declarant;

  @ApiProperty({ description: '4-digit customs code where the declaration is filed (申报地海关, seeds/reference/customs-offices.json)', example: '4200', pattern: '^\\d{4}$' })
  @IsCustomsOffice()
  customsOffice: string;

  @ApiProperty({ description: '4-digit customs code of the port of entry or exit (进出境关别)', example: '4258', pattern: '^\\d{4}$' })
  @IsCustomsOffice()
  portOfEntry: string;

  @ApiProperty({ type: () => Transport })
  @IsPresent('an object { mode, conveyance, voyage?, billOfLading }')
  @ValidateNested({ message: nestedMessage('an object { mode, conveyance, voyage?, billOfLading }') })
  @ObjectShape() @Type(() => Transport)
  transport: Transport;

  @ApiProperty({ description: '4-digit supervision-mode code (监管方式, seeds/reference/trade-modes.json)', example: '0110', pattern: '^\\d{4}$' })
  @IsTradeMode()
  tradeMode: string;

  @ApiProperty({ description: 'Incoterms rule (2020, or the legacy DAT)', example: 'CIF' })
  @IsIncoterm()
  incoterm: string;

  @ApiProperty({ description: 'ISO 4217 currency of the item values', example: 'USD', minLength: 3, maxLength: 3 })
  @IsCurrency()
  currency: string;

  @ApiProperty({ type: () => DeclarationItem, isArray: true, minItems: 1, maxItems: MAX_ITEMS, description: `1 to ${MAX_ITEMS} lines; in a two-step declaration the items may omit value` })
  @IsListOf(1, MAX_ITEMS)
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_ITEMS} items`, `an object ${ITEM_SHAPE}`) })
  @ListShape(MAX_ITEMS)
  @Type((help) => ((help?.object as { mode?: unknown } | undefined)?.mode === 'two-step' ? SummaryDeclarationItem : DeclarationItem))
  items: DeclarationItem[];

  @ApiPropertyOptional({ type: () => DocumentReference, isArray: true, maxItems: MAX_DOCUMENTS, description: `0 to ${MAX_DOCUMENTS} accompanying documents; licenses are referenced here (code = license type)` })
  @Optional()
  @IsListOf(0, MAX_DOCUMENTS, false)
  @Rule('distinctDocuments', (value, args) => repeatedDocument(value, args.property))
  @ValidateNested({ each: true, message: nestedMessage(`a list of up to ${MAX_DOCUMENTS} documents`, 'an object { code, number }') })
  @ListShape(MAX_DOCUMENTS) @Type(() => DocumentReference)
  documents?: DocumentReference[];

  @ApiPropertyOptional({ type: () => DeclarationSummary, description: 'Required for mode two-step (the summary declaration: 涉证 / 涉检 / 涉税); refused for the other modes' })
  @Rule('summaryForMode', (value, args) => {
    const mode = (args.object as SubmitDeclarationRequest).mode;
    if (mode === 'two-step' && value === undefined) {
      return 'summary is missing: a two-step declaration must carry { licenseRequired, inspectionRequired, dutiable } (涉证, 涉检, 涉税)';
    }
    if ((mode === 'standard' || mode === 'advance') && value !== undefined) {
      return `summary is only for two-step declarations: ${mode === 'advance' ? 'an' : 'a'} ${mode} declaration must not carry one`;
    }
    return undefined;
  })
  @ValidateNested({ message: nestedMessage('an object { licenseRequired, inspectionRequired, dutiable }') })
  @ObjectShape() @Type(() => DeclarationSummary)
  summary?: DeclarationSummary;
}

// ---------------------------------------------------------------------------------------------
// POST /v1/declarations/{id}/complete
// ---------------------------------------------------------------------------------------------

/**
 * The complete declaration (完整申报) of a two-step declaration: its items, now every one with
 * its value, and the documents. The header (declarant, offices, transport, trade mode,
 * incoterm, currency) stays as the summary declaration filed it and is not sent again.
 */
export class CompleteDeclarationRequest {
  @ApiProperty({ type: () => DeclarationItem, isArray: true, minItems: 1, maxItems: MAX_ITEMS, description: `1 to ${MAX_ITEMS} lines, each with its value` })
  @IsListOf(1, MAX_ITEMS)
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_ITEMS} items`, `an object ${ITEM_SHAPE}`) })
  @ListShape(MAX_ITEMS) @Type(() => DeclarationItem)
  items: ValuedDeclarationItem[];

  @ApiPropertyOptional({ type: () => DocumentReference, isArray: true, maxItems: MAX_DOCUMENTS, description: `0 to ${MAX_DOCUMENTS} accompanying documents` })
  @Optional()
  @IsListOf(0, MAX_DOCUMENTS, false)
  @Rule('distinctDocuments', (value, args) => repeatedDocument(value, args.property))
  @ValidateNested({ each: true, message: nestedMessage(`a list of up to ${MAX_DOCUMENTS} documents`, 'an object { code, number }') })
  @ListShape(MAX_DOCUMENTS) @Type(() => DocumentReference)
  documents?: DocumentReference[];
}

// ---------------------------------------------------------------------------------------------
// Guarantees and payments, withdrawal
// ---------------------------------------------------------------------------------------------

const SETTLEMENT_AMOUNT: AmountSpec = { max: MAX_AMOUNT, decimals: 2, currencyProperty: 'currency' };

class SettlementRequest {
  @ApiProperty({ description: `A number > 0 and ≤ ${MAX_AMOUNT.toExponential()}, at most 2 decimal places (fewer when the currency has fewer, e.g. JPY)`, example: 18250.5, exclusiveMinimum: true, minimum: 0, maximum: MAX_AMOUNT })
  @IsAmount(SETTLEMENT_AMOUNT)
  amount: number;

  @ApiProperty({ description: 'ISO 4217 currency', example: 'CNY', minLength: 3, maxLength: 3 })
  @IsCurrency()
  currency: string;

  @ApiProperty({ description: `Bank or guarantee reference: ${SETTLEMENT_REFERENCE.allowed}`, example: 'BG-2026/000123', minLength: 1, maxLength: SETTLEMENT_REFERENCE.max })
  @Trim() @IsText(SETTLEMENT_REFERENCE)
  reference: string;
}

/** `POST /v1/declarations/{id}/guarantee` (担保). */
export class GuaranteeRequest extends SettlementRequest {}

/** `POST /v1/declarations/{id}/payments` (duties paid). */
export class PaymentRequest extends SettlementRequest {}

/** `POST /v1/declarations/{id}/withdraw`. */
export class WithdrawRequest {
  @ApiProperty({ description: 'Why the declaration is withdrawn', example: 'Shipment cancelled by the buyer', minLength: 1, maxLength: REASON.max })
  @Trim() @IsText(REASON)
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// POST /v1/arrivals
// ---------------------------------------------------------------------------------------------

/** 运抵报告 of a port operator. Whether arrivedAt lies in the future is the handler's to check. */
export class ArrivalRequest {
  @ApiProperty({ description: `Bill of lading, waybill or consignment-note number: ${BILL_OF_LADING.allowed}`, example: 'COSU6312345670', minLength: 1, maxLength: BILL_OF_LADING.max })
  @Trim() @IsText(BILL_OF_LADING)
  billOfLading: string;

  @ApiProperty({ description: `Vessel name, vehicle plate or train number: ${CONVEYANCE.allowed}`, example: 'MAERSK EMDEN', minLength: 1, maxLength: CONVEYANCE.max })
  @Trim() @IsText(CONVEYANCE)
  conveyance: string;

  @ApiProperty({ description: '4-digit customs code of the port of entry (进出境关别)', example: '4258', pattern: '^\\d{4}$' })
  @IsCustomsOffice()
  portOfEntry: string;

  @ApiPropertyOptional({ description: 'When the goods arrived: ISO 8601 date-time with an offset (default: now)', example: '2026-03-01T08:30:00+08:00', format: 'date-time' })
  @Optional() @IsDateTimeWithOffset()
  arrivedAt?: string;
}

// ---------------------------------------------------------------------------------------------
// GET /v1/declarations?status=&page=&pageSize=
// ---------------------------------------------------------------------------------------------

export class ListDeclarationsQuery {
  @ApiPropertyOptional({ enum: DECLARATION_STATUSES, description: 'Only declarations in this status' })
  @QueryOptional() @Optional() @IsOneOf(DECLARATION_STATUSES)
  status?: (typeof DECLARATION_STATUSES)[number];

  @ApiPropertyOptional({ description: `Page number, from 1 (at most ${MAX_PAGE})`, default: 1, minimum: 1, maximum: MAX_PAGE, type: Number })
  @QueryInteger(1) @IsIntegerBetween(1, MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ description: `Entries per page, 1 to ${MAX_PAGE_SIZE}`, default: 20, minimum: 1, maximum: MAX_PAGE_SIZE, type: Number })
  @QueryInteger(20) @IsIntegerBetween(1, MAX_PAGE_SIZE)
  pageSize: number = 20;
}
