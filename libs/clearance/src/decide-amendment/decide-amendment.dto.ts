import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** `POST /v1/agencies/customs/cases/{id}/amendments/{amendmentId}/decisions`. */
export class AmendmentDecisionRequest {
  @ApiProperty({ enum: ['approve', 'refuse'] })
  @IsIn(['approve', 'refuse']) decision: 'approve' | 'refuse';
  @ApiProperty({ description: 'why, in words (1 to 500 characters)' })
  @IsString() @Length(1, 500) reason: string;
}
