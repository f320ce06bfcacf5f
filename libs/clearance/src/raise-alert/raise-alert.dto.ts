import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsString, Length, ValidateNested } from 'class-validator';

class AlertSubjectDto {
  @ApiProperty({ enum: ['enterprise', 'conveyance', 'commodity', 'origin', 'crew'], description: 'crew: a travel document number of a driver or crew member (运输工具申报)' }) @IsIn(['enterprise', 'conveyance', 'commodity', 'origin', 'crew'])
  kind: 'enterprise' | 'conveyance' | 'commodity' | 'origin' | 'crew';
  @ApiProperty({ description: 'USCC, vehicle plate / vessel / train, HS prefix (2-10 digits), ISO alpha-3 origin or travel document number' })
  @IsString() @Length(1, 40) value: string;
}

export class RaiseAlertRequest {
  @ApiProperty({ type: AlertSubjectDto }) @ValidateNested() @Type(() => AlertSubjectDto) subject: AlertSubjectDto;
  @ApiProperty() @IsString() @Length(1, 500) reason: string;
  @ApiProperty({ enum: ['hold', 'examine'] }) @IsIn(['hold', 'examine']) action: 'hold' | 'examine';
}
