import { ApiProperty } from '@nestjs/swagger';
import { IsAmount, IsText, IsUscc, Rule, Trim, mustBe } from '@sw/reference-data';
import { MAX_MONEY, SETTLEMENT_REFERENCE } from '../http/money.dtos';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const IsCny = () => Rule('cny', (value, args) => (value === 'CNY' ? undefined : mustBe(args.property, '"CNY" (a general guarantee and its statements are in renminbi)', value)));
const IsIsoDate = () => Rule('isoDate', (value, args) => (typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : mustBe(args.property, 'a date YYYY-MM-DD', value)));
export const IsMonth = () => Rule('month', (value, args) => (typeof value === 'string' && MONTH.test(value) ? undefined : mustBe(args.property, 'a month YYYY-MM', value)));

/** `POST /v1/guarantees` — a bank lodges a general guarantee (总担保) for consolidated tax (汇总征税). */
export class LodgeGuaranteeRequest {
  @ApiProperty({ description: 'USCC of the enterprise it guarantees (not a 失信 enterprise)', example: '91310115MA1HK7Q24A' })
  @IsUscc()
  holder: string;

  @ApiProperty({ description: 'The guaranteed amount in CNY, the balance declarations draw on', example: 500000 })
  @IsAmount({ max: MAX_MONEY, decimals: 2 })
  amount: number;

  @ApiProperty({ enum: ['CNY'] })
  @IsCny()
  currency: 'CNY';

  @ApiProperty({ description: 'Last day it covers new declarations (China time)', example: '2026-12-31' })
  @IsIsoDate()
  validUntil: string;

  @ApiProperty({ description: `The bank's reference of the guarantee (保函编号): ${SETTLEMENT_REFERENCE.allowed}`, example: 'BG-2026-000777' })
  @Trim() @IsText(SETTLEMENT_REFERENCE)
  reference: string;
}

export class StatementQuery {
  @ApiProperty({ description: 'The statement month YYYY-MM', example: '2026-11' })
  @IsMonth()
  month: string;
}
