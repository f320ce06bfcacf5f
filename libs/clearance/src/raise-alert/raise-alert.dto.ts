import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsString, Length, ValidateNested } from 'class-validator';

class AlertSubjectDto {
  @ApiProperty({ enum: ['enterprise', 'conveyance', 'commodity', 'origin'] }) @IsIn(['enterprise', 'conveyance', 'commodity', 'origin'])
  kind: 'enterprise' | 'conveyance' | 'commodity' | 'origin';
  @ApiProperty({ description: 'USCC, vehicle plate / vessel / train, HS prefix (2-10 digits) or ISO alpha-3 origin' })
  @IsString() @Length(1, 40) value: string;
}

export class RaiseAlertRequest {
  @ApiProperty({ type: AlertSubjectDto }) @ValidateNested() @Type(() => AlertSubjectDto) subject: AlertSubjectDto;
  @ApiProperty() @IsString() @Length(1, 500) reason: string;
  @ApiProperty({ enum: ['hold', 'examine'] }) @IsIn(['hold', 'examine']) action: 'hold' | 'examine';
}
