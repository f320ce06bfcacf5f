import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class ConformityRequest {
  @ApiProperty({ enum: ['conforming', 'non-conforming'] }) @IsIn(['conforming', 'non-conforming']) result: 'conforming' | 'non-conforming';
  @ApiPropertyOptional({ description: 'laboratory report or certificate reference' }) @IsOptional() @IsString() @Length(1, 64) reference?: string;
  @ApiPropertyOptional({ description: 'what was found; for non-conforming goods, what the follow-up is about' }) @IsOptional() @IsString() @Length(1, 1000) note?: string;
}
