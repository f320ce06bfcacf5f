import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

export class DecisionRequest {
  @ApiProperty({ enum: ['release', 'hold', 'reject', 'examine'] })
  @IsIn(['release', 'hold', 'reject', 'examine']) decision: 'release' | 'hold' | 'reject' | 'examine';
  @ApiProperty({ description: 'why, in words (1 to 500 characters)' })
  @IsString() @Length(1, 500) reason: string;
}
