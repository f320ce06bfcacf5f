import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsAmount, IsCurrency, IsCustomsOffice, IsListOf, IsOneOf, IsStrictBoolean, IsText, ListShape, Optional, Rule, Trim, nestedMessage, shown,
} from '@sw/reference-data';
import { isIsoDate } from '@sw/shipment';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { FEE_BASES, FEE_PAYERS, type FeeBasis, type FeePayer } from '../domain/fee-catalogue';

export const MAX_FEE_ITEMS = 200;
export const MAX_FEE_AMOUNT = 10_000_000;
const ITEM_SHAPE = '{ code, nameZh, payer, basis, amount, currency, legalBasis, examinationHandling? }';
export const FEE_CODE = { min: 1, max: 20, pattern: /^[A-Z0-9][A-Z0-9-]*$/, allowed: 'capital letters, digits and dashes' };

export class FeeItemRequest {
  @ApiProperty({ description: `The item's code: 1 to 20 ${FEE_CODE.allowed}`, example: 'THC-20' })
  @Trim() @IsText(FEE_CODE)
  code: string;

  @ApiProperty({ description: 'The item\'s name in Chinese, as published', example: '码头作业费（20英尺集装箱）' })
  @Trim() @IsText({ min: 1, max: 60 })
  nameZh: string;

  @ApiProperty({ enum: FEE_PAYERS, description: 'Who pays: enterprise (货主), carrier (承运人), government (政府购买服务)' })
  @IsOneOf(FEE_PAYERS)
  payer: FeePayer;

  @ApiProperty({ enum: FEE_BASES, description: 'What the amount is per' })
  @IsOneOf(FEE_BASES)
  basis: FeeBasis;

  @ApiProperty({ description: 'The most that may be charged per unit of the basis', example: 480 })
  @IsAmount({ max: MAX_FEE_AMOUNT, decimals: 2, currencyProperty: 'currency' })
  amount: number;

  @ApiProperty({ description: 'ISO 4217', example: 'CNY' })
  @IsCurrency()
  currency: string;

  @ApiProperty({ description: 'The rule that sets the amount (政府定价 / 市场调节价 document)', example: '交水发〔2019〕136号' })
  @Trim() @IsText({ min: 1, max: 200 })
  legalBasis: string;

  @ApiPropertyOptional({ description: '查验吊装移位仓储费: handling for an examination, paid by the government when the examination found nothing' })
  @Optional() @IsStrictBoolean()
  examinationHandling?: boolean;
}

/** POST /v1/fees/catalogues: one version of a port's 口岸收费目录清单. */
export class PublishCatalogueRequest {
  @ApiProperty({ description: '4-digit customs code of the port (口岸 / 关别)', example: '2200' })
  @IsCustomsOffice()
  port: string;

  @ApiProperty({ description: 'The China calendar day it takes effect (today or later)', example: '2026-12-01', format: 'date' })
  @Rule('isoDate', (value, args) => (isIsoDate(value) ? undefined : `${args.property} must be a date such as 2026-12-01 (${shown(value)} is not)`))
  effectiveFrom: string;

  @ApiProperty({ type: () => FeeItemRequest, isArray: true, minItems: 1, maxItems: MAX_FEE_ITEMS })
  @IsListOf(1, MAX_FEE_ITEMS)
  @Rule('distinctCodes', (value, args) => {
    if (!Array.isArray(value)) return undefined;
    const codes = value.map((item) => (item as { code?: unknown })?.code);
    const index = codes.findIndex((code, i) => typeof code === 'string' && codes.indexOf(code) !== i);
    return index < 0 ? undefined : `${args.property}[${index}].code repeats ${String(codes[index])}: each code is listed once`;
  })
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_FEE_ITEMS} items`, `an object ${ITEM_SHAPE}`) })
  @ListShape(MAX_FEE_ITEMS) @Type(() => FeeItemRequest)
  items: FeeItemRequest[];
}
