import { ApiProperty } from '@nestjs/swagger';
import { IsAmount, IsText, Trim } from '@sw/reference-data';
import { MAX_MONEY, SETTLEMENT_REFERENCE } from '../http/money.dtos';
import { IsCny, IsMonth } from '../lodge-guarantee/guarantee.dtos';

/** `POST /v1/guarantees/{id}/statement-payments` — a bank confirms the holder's payment of a month's statement. */
export class StatementPaymentRequest {
  @ApiProperty({ description: 'The statement month', example: '2026-11' })
  @IsMonth()
  month: string;

  @ApiProperty({ description: 'What the statement owes, to the fen', example: 18250.5 })
  @IsAmount({ max: MAX_MONEY, decimals: 2 })
  amount: number;

  @ApiProperty({ enum: ['CNY'] })
  @IsCny()
  currency: 'CNY';

  @ApiProperty({ description: `The bank's reference of the payment: ${SETTLEMENT_REFERENCE.allowed}` })
  @Trim() @IsText(SETTLEMENT_REFERENCE)
  reference: string;
}
