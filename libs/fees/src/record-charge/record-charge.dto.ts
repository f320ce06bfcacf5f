import { ApiProperty } from '@nestjs/swagger';
import { IsAmount, IsText, Trim } from '@sw/reference-data';
import { FEE_CODE, MAX_FEE_AMOUNT } from '../publish-catalogue/publish-catalogue.dto';

const UUID = { min: 36, max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, allowed: 'a UUID' };

/** POST /v1/fees/charges: what a port operator charges on a shipment. */
export class RecordChargeRequest {
  @ApiProperty({ description: 'The shipment (declaration id)', format: 'uuid' })
  @IsText(UUID)
  declarationId: string;

  @ApiProperty({ description: 'The catalogue item\'s code', example: 'THC-20' })
  @Trim() @IsText(FEE_CODE)
  code: string;

  @ApiProperty({ description: 'Units of the item\'s basis (containers, tons, vehicles; 1 for a declaration)', example: 2 })
  @IsAmount({ max: 100_000, decimals: 3 })
  quantity: number;

  @ApiProperty({ description: 'The amount charged, in the item\'s currency', example: 960 })
  @IsAmount({ max: MAX_FEE_AMOUNT, decimals: 2 })
  amount: number;
}
