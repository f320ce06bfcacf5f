import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export class AppointmentRequest {
  @ApiProperty({ example: '2026-11-24T09:00:00+08:00' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ example: '2026-11-24T10:00:00+08:00' }) @IsISO8601({ strict: true }) to: string;
  @ApiPropertyOptional({ description: 'inspection site, e.g. a yard or berth' }) @IsOptional() @IsString() @Length(1, 200) location?: string;
}
