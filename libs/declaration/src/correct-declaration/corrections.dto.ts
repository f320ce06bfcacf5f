import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IsListOf, IsPresent, IsText, ListShape, nestedMessage, Optional, Rule, Trim } from '@sw/reference-data';
import { DocumentReference, MAX_DOCUMENTS, REASON, repeatedDocument } from '../http/declaration.dtos';
import { AMENDABLE_FIELDS } from '../domain/corrections';

/** `POST /v1/declarations/{id}/amendments` (修改申请). */
export class AmendmentRequest {
  @ApiProperty({ description: 'Why the declaration is amended', example: 'the invoice value was mistyped', minLength: 1, maxLength: REASON.max })
  @Trim() @IsText(REASON)
  reason: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: `Any of the body's fields, each replaced whole: ${AMENDABLE_FIELDS.join(', ')}. After release only items' values and quantities, freight and insurance.` })
  @IsPresent('an object of the declaration fields to change')
  @Rule('amendableFields', (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'changes must be an object of the declaration fields to change';
    const unknown = Object.keys(value).filter((key) => !(AMENDABLE_FIELDS as readonly string[]).includes(key));
    if (unknown.length) return `changes may hold ${AMENDABLE_FIELDS.join(', ')}; not ${unknown.join(', ')} (the declarant, mode and direction are not amended)`;
    return Object.keys(value).length === 0 ? 'changes must change at least one field of the declaration' : undefined;
  })
  changes: Record<string, unknown>;
}

/** `POST /v1/declarations/{id}/responses` (补充申报: the answer to an officer's request for information). */
export class InformationResponse {
  @ApiProperty({ description: 'The request for information answered (its id in the view\'s requests)', format: 'uuid' })
  @Trim() @IsText({ min: 1, max: 64 })
  requestId: string;

  @ApiProperty({ description: 'The answer, in words', minLength: 1, maxLength: 2000 })
  @Trim() @IsText({ min: 1, max: 2000 })
  note: string;

  @ApiPropertyOptional({ type: () => DocumentReference, isArray: true, maxItems: MAX_DOCUMENTS, description: `0 to ${MAX_DOCUMENTS} documents sent with the answer` })
  @Optional()
  @IsListOf(0, MAX_DOCUMENTS, false)
  @Rule('distinctDocuments', (value, args) => repeatedDocument(value, args.property))
  @ValidateNested({ each: true, message: nestedMessage(`a list of up to ${MAX_DOCUMENTS} documents`, 'an object { code, number }') })
  @ListShape(MAX_DOCUMENTS) @Type(() => DocumentReference)
  documents?: DocumentReference[];
}
