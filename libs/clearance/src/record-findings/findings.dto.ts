import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHECK_KINDS } from '@sw/shipment';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

class FindingSourceDto {
  @ApiProperty({ enum: ['agency', 'third-party-lab'] }) @IsIn(['agency', 'third-party-lab']) kind: 'agency' | 'third-party-lab';
  @ApiProperty({ description: 'the lab or agency that produced the result (第三方检验结果采信)' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) reference?: string;
}

class FindingDto {
  @ApiProperty({ enum: CHECK_KINDS }) @IsIn(CHECK_KINDS as unknown as string[]) check: (typeof CHECK_KINDS)[number];
  @ApiProperty({ enum: ['pass', 'fail'] }) @IsIn(['pass', 'fail']) result: 'pass' | 'fail';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) note?: string;
  @ApiPropertyOptional({ type: FindingSourceDto }) @IsOptional() @ValidateNested() @Type(() => FindingSourceDto) source?: FindingSourceDto;
}

export class FindingsRequest {
  @ApiProperty({ type: [FindingDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @ValidateNested({ each: true }) @Type(() => FindingDto) checks: FindingDto[];
}
