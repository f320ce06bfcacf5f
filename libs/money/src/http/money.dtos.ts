import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsAmount, IsCurrency, IsOneOf, IsText, Optional, Rule, Trim, mustBe, type AmountSpec, type TextSpec } from '@sw/reference-data';

/** The largest amount of money a request may carry. */
export const MAX_MONEY = 1e12;
/** A bank or guarantee reference (the bank's own number for the payment or the 保函). */
export const SETTLEMENT_REFERENCE: TextSpec = { min: 1, max: 64, pattern: /^[A-Za-z0-9_/-]+$/, allowed: 'letters, digits, -, _ and /' };
const SETTLEMENT_AMOUNT: AmountSpec = { max: MAX_MONEY, decimals: 2, currencyProperty: 'currency' };
const REASON: TextSpec = { min: 1, max: 500 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
export const IsUuid = (what: string) => Rule('uuid', (value, args) => (isUuid(value) ? undefined : mustBe(args.property, `the id of ${what} (a UUID)`, value)));

/** `POST /v1/declarations/{id}/payments` and `/guarantee`: the declarant's instruction (pending until a bank confirms). */
export class SettlementRequest {
  @ApiProperty({ description: `A number > 0 and ≤ ${MAX_MONEY.toExponential()}, at most 2 decimal places (fewer when the currency has fewer, e.g. JPY)`, example: 18250.5, exclusiveMinimum: true, minimum: 0, maximum: MAX_MONEY })
  @IsAmount(SETTLEMENT_AMOUNT)
  amount: number;

  @ApiProperty({ description: 'ISO 4217 currency', example: 'CNY', minLength: 3, maxLength: 3 })
  @IsCurrency()
  currency: string;

  @ApiProperty({ description: `The bank's reference of the payment or guarantee: ${SETTLEMENT_REFERENCE.allowed}`, example: 'BG-2026/000123', minLength: 1, maxLength: SETTLEMENT_REFERENCE.max })
  @Trim() @IsText(SETTLEMENT_REFERENCE)
  reference: string;
}

export const CONFIRMATION_KINDS = ['payment', 'guarantee'] as const;
export const CONFIRMATION_STATUSES = ['confirmed', 'refused'] as const;

/** `POST /v1/bank/confirmations`: a bank's (or insurer's) answer to a declarant's instruction. */
export class BankConfirmationRequest extends SettlementRequest {
  @ApiProperty({ description: 'The declaration the instruction is for', format: 'uuid' })
  @IsUuid('a declaration')
  declarationId: string;

  @ApiProperty({ enum: CONFIRMATION_KINDS })
  @IsOneOf(CONFIRMATION_KINDS)
  kind: (typeof CONFIRMATION_KINDS)[number];

  @ApiProperty({ enum: CONFIRMATION_STATUSES, description: 'confirmed: the money was taken or the guarantee issued; refused: it was not' })
  @IsOneOf(CONFIRMATION_STATUSES)
  status: (typeof CONFIRMATION_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Why it was refused', maxLength: REASON.max })
  @Optional() @Trim() @IsText(REASON)
  reason?: string;
}
