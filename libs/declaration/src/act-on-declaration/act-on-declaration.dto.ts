import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  ChargeAmount, DECLARATION_DIRECTIONS, DECLARATION_MODES, Declarant, DeclarationItem, DeclarationSummary, DocumentReference, ITEM_SHAPE, MAX_DOCUMENTS, MAX_ITEMS, REASON,
  Transport, repeatedDocument, type ValuedDeclarationItem,
} from '../http/declaration.dtos';
import {
  IsCurrency, IsCustomsOffice, IsIncoterm, IsListOf, IsOneOf, IsText, IsTradeMode, ListShape, nestedMessage, ObjectShape, Optional, Rule, Trim,
} from '@sw/reference-data';

// ---------------------------------------------------------------------------------------------
// POST /v1/declarations/{id}/complete
// ---------------------------------------------------------------------------------------------

/**
 * The complete declaration (完整申报) of a two-step declaration: the full declaration body (API.md
 * v1), its items now every one with its value. The header fields (declarant, offices,
 * transport, trade mode, incoterm, currency, …) may be sent again or left out; each one sent
 * must be the summary's (400 naming every one that differs). Freight and insurance complete
 * the customs value like the items' values.
 */
export class CompleteDeclarationRequest {
  @ApiPropertyOptional({ enum: DECLARATION_MODES, description: 'When sent: two-step, as the summary' })
  @Optional() @IsOneOf(DECLARATION_MODES)
  mode?: (typeof DECLARATION_MODES)[number];

  @ApiPropertyOptional({ enum: DECLARATION_DIRECTIONS })
  @Optional() @IsOneOf(DECLARATION_DIRECTIONS)
  direction?: (typeof DECLARATION_DIRECTIONS)[number];

  @ApiPropertyOptional({ type: () => Declarant })
  @Optional() @ValidateNested({ message: nestedMessage('an object { uscc, name }') })
  @ObjectShape() @Type(() => Declarant)
  declarant?: Declarant;

  @ApiPropertyOptional({ description: '申报地海关, as the summary' })
  @Optional() @IsCustomsOffice()
  customsOffice?: string;

  @ApiPropertyOptional({ description: '进出境关别, as the summary' })
  @Optional() @IsCustomsOffice()
  portOfEntry?: string;

  @ApiPropertyOptional({ type: () => Transport })
  @Optional() @ValidateNested({ message: nestedMessage('an object { mode, conveyance, voyage?, billOfLading }') })
  @ObjectShape() @Type(() => Transport)
  transport?: Transport;

  @ApiPropertyOptional({ description: '监管方式, as the summary' })
  @Optional() @IsTradeMode()
  tradeMode?: string;

  @ApiPropertyOptional({ description: 'Incoterms rule, as the summary' })
  @Optional() @IsIncoterm()
  incoterm?: string;

  @ApiPropertyOptional({ description: 'Currency of the item values, as the summary' })
  @Optional() @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({ type: () => DeclarationSummary, description: 'The summary\'s flags (涉证 / 涉检 / 涉税), as filed' })
  @Optional() @ValidateNested({ message: nestedMessage('an object { licenseRequired, inspectionRequired, dutiable }') })
  @ObjectShape() @Type(() => DeclarationSummary)
  summary?: DeclarationSummary;

  @ApiPropertyOptional({ enum: ['consolidated'], description: 'As the summary' })
  @Optional() @IsOneOf(['consolidated'])
  settlement?: 'consolidated';

  @ApiPropertyOptional({ type: () => ChargeAmount, description: '运费 (FOB/FCA/FAS/EXW imports): completes the customs value' })
  @Optional() @ValidateNested({ message: nestedMessage('an object { amount, currency }') })
  @ObjectShape() @Type(() => ChargeAmount)
  freight?: ChargeAmount;

  @ApiPropertyOptional({ type: () => ChargeAmount, description: '保费: when absent, the summary\'s, else 3‰ of (goods + freight)' })
  @Optional() @ValidateNested({ message: nestedMessage('an object { amount, currency }') })
  @ObjectShape() @Type(() => ChargeAmount)
  insurance?: ChargeAmount;

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
// Withdrawal (payments and guarantees: libs/clearance/src/instruct-settlement)
// ---------------------------------------------------------------------------------------------

/** `POST /v1/declarations/{id}/withdraw`. */
export class WithdrawRequest {
  @ApiProperty({ description: 'Why the declaration is withdrawn', example: 'Shipment cancelled by the buyer', minLength: 1, maxLength: REASON.max })
  @Trim() @IsText(REASON)
  reason: string;
}
