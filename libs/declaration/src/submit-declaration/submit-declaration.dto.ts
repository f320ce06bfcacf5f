import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  ChargeAmount, DECLARATION_DIRECTIONS, DECLARATION_MODES, FREIGHT_TERMS, Declarant, DeclarationItem, DeclarationSummary, DocumentReference, ITEM_SHAPE, MAX_DOCUMENTS, MAX_ITEMS,
  SummaryDeclarationItem, Transport, repeatedDocument,
} from '../http/declaration.dtos';
import {
  IsCurrency, IsCustomsOffice, IsIncoterm, IsListOf, IsOneOf, IsPresent, IsTradeMode, ListShape, nestedMessage, ObjectShape, Optional, Rule,
} from '@sw/reference-data';
import type { DecMessageData, DeclarationBody } from '@sw/shipment';
import { agreementProblems, messageProblems } from '../dec-message/dec-message.validation';

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
  // 两步申报 is for imports (海关总署公告2019年第127号).
  @Rule('twoStepImport', (value, args) => (value === 'two-step' && (args.object as SubmitDeclarationRequest).direction === 'export'
    ? 'mode two-step (两步申报) is for imports only: declare an export as standard or advance' : undefined))
  mode: (typeof DECLARATION_MODES)[number];

  @ApiProperty({ enum: DECLARATION_DIRECTIONS, example: 'import' })
  @IsOneOf(DECLARATION_DIRECTIONS)
  direction: (typeof DECLARATION_DIRECTIONS)[number];

  @ApiProperty({ type: () => Declarant })
  @IsPresent('an object { uscc, name }')
  @ValidateNested({ message: nestedMessage('an object { uscc, name }') })
  @ObjectShape() @Type(() => Declarant)
  declarant: Declarant;

  @ApiPropertyOptional({ type: () => Declarant, description: '境内收发货人: the enterprise a broker files for (代理报关), under its power of attorney; absent when the declarant files for itself' })
  @Optional()
  @ValidateNested({ message: nestedMessage('an object { uscc, name }') })
  @ObjectShape() @Type(() => Declarant)
  consignee?: Declarant;

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

  @ApiPropertyOptional({ enum: ['consolidated'], description: '汇总征税: duties drawn on the declarant\'s general guarantee and paid on its monthly statement (imports; not for 失信 enterprises)' })
  @Optional() @IsOneOf(['consolidated'])
  @Rule('consolidatedImport', (value, args) => (value !== undefined && (args.object as SubmitDeclarationRequest).direction === 'export'
    ? 'settlement consolidated (汇总征税) is for imports only' : undefined))
  settlement?: 'consolidated';

  @ApiPropertyOptional({ type: () => ChargeAmount, description: `运费: required for an import under ${FREIGHT_TERMS.join(', ')} (added to the customs value)` })
  @Rule('freightForTerms', (value, args) => {
    const body = args.object as SubmitDeclarationRequest;
    const needed = body.direction === 'import' && FREIGHT_TERMS.includes(body.incoterm);
    return needed && value === undefined ? `freight is missing: an import under ${body.incoterm} adds its freight { amount, currency } to the customs value (CIF)` : undefined;
  })
  @ValidateNested({ message: nestedMessage('an object { amount, currency }') })
  @ObjectShape() @Type(() => ChargeAmount)
  freight?: ChargeAmount;

  @ApiPropertyOptional({ type: () => ChargeAmount, description: '保费: when absent on an FOB/FCA/FAS/EXW import, 3‰ of (goods + freight)' })
  @Optional() @ValidateNested({ message: nestedMessage('an object { amount, currency }') })
  @ObjectShape() @Type(() => ChargeAmount)
  insurance?: ChargeAmount;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: true,
    description: '报关单报文的全部数据项: every element of the DecMessage (head, items, containers, licenseDocus, attachments, freeText, sign …), keyed by '
      + 'element name with its leading capitals lowered (GModel → gModel), values as text; each checked against its code list, and the fields above must agree with it',
  })
  @Optional()
  @Rule('decMessage', (value, args) => {
    const problems = messageProblems(value);
    const all = problems.length > 0 ? problems : agreementProblems(args.object as DeclarationBody, value as DecMessageData, true);
    return all.length === 0 ? undefined : all.slice(0, 20).map((p) => p.message).join('; ');
  })
  message?: DecMessageData;
}
