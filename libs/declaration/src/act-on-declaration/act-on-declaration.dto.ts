import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  DeclarationItem, DocumentReference, ITEM_SHAPE, MAX_AMOUNT, MAX_DOCUMENTS, MAX_ITEMS, REASON, SETTLEMENT_REFERENCE, repeatedDocument, type ValuedDeclarationItem,
} from '../http/declaration.dtos';
import { IsAmount, IsCurrency, IsListOf, IsText, ListShape, nestedMessage, Optional, Rule, Trim, type AmountSpec } from '@sw/reference-data';

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
