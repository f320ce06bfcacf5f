import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IsListOf, Optional, Rule } from '@sw/reference-data';

export const DECISIONS = ['release', 'hold', 'reject', 'examine', 'return', 'request-information'] as const;
export type Decision = (typeof DECISIONS)[number];

export class DecisionRequest {
  @ApiProperty({ enum: DECISIONS, description: 'return: 退单, the declarant corrects and resubmits it; request-information: 补充申报, with the fields in question' })
  @IsIn(DECISIONS) decision: Decision;
  @ApiProperty({ description: 'why, in words (1 to 500 characters)' })
  @IsString() @Length(1, 500) reason: string;
  @ApiPropertyOptional({ type: [String], description: 'request-information only: the fields of the declaration in question (0 to 50), e.g. items[0].value' })
  @Optional() @IsListOf(0, 50, false)
  @Rule('fieldNames', (value, args) => {
    if (!Array.isArray(value)) return undefined;
    if ((args.object as DecisionRequest).decision !== 'request-information') return 'fields go with the decision request-information only';
    const bad = value.findIndex((f) => typeof f !== 'string' || f.trim() === '' || f.length > 100);
    return bad >= 0 ? `fields[${bad}] must be a field name of 1 to 100 characters` : undefined;
  })
  fields?: string[];
}
