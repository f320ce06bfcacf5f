import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  DeclarationItem, DocumentReference, ITEM_SHAPE, MAX_DOCUMENTS, MAX_ITEMS, REASON, repeatedDocument, type ValuedDeclarationItem,
} from '../http/declaration.dtos';
import { IsListOf, IsText, ListShape, nestedMessage, Optional, Rule, Trim } from '@sw/reference-data';

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
// Withdrawal (payments and guarantees: libs/clearance/src/instruct-settlement)
// ---------------------------------------------------------------------------------------------

/** `POST /v1/declarations/{id}/withdraw`. */
export class WithdrawRequest {
  @ApiProperty({ description: 'Why the declaration is withdrawn', example: 'Shipment cancelled by the buyer', minLength: 1, maxLength: REASON.max })
  @Trim() @IsText(REASON)
  reason: string;
}
