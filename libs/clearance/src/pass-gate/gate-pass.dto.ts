import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class GatePassRequest {
  @ApiProperty({ description: 'vehicle plate / vessel / train' })
  @IsString() @Matches(/^[\p{L}\p{N}][\p{L}\p{N} .\-\uFF0D\u3000]{0,39}$/u, { message: 'conveyance must be 1 to 40 letters, digits, spaces, dots or dashes' })
  conveyance: string;
  @ApiProperty({ description: '4-digit customs code of the port' })
  @IsString() @Matches(/^\d{4}$/, { message: 'portOfEntry must be a 4-digit customs code' })
  portOfEntry: string;
}
