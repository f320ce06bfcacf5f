import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BILL_OF_LADING, CONVEYANCE } from '../http/declaration.dtos';
import { IsCustomsOffice, IsDateTimeWithOffset, IsText, Optional, Trim } from '@sw/reference-data';

// ---------------------------------------------------------------------------------------------
// POST /v1/arrivals
// ---------------------------------------------------------------------------------------------

/** 运抵报告 of a port operator. Whether arrivedAt lies in the future is the handler's to check. */
export class ArrivalRequest {
  @ApiProperty({ description: `Bill of lading, waybill or consignment-note number: ${BILL_OF_LADING.allowed}`, example: 'COSU6312345670', minLength: 1, maxLength: BILL_OF_LADING.max })
  @Trim() @IsText(BILL_OF_LADING)
  billOfLading: string;

  @ApiProperty({ description: `Vessel name, vehicle plate or train number: ${CONVEYANCE.allowed}`, example: 'MAERSK EMDEN', minLength: 1, maxLength: CONVEYANCE.max })
  @Trim() @IsText(CONVEYANCE)
  conveyance: string;

  @ApiProperty({ description: '4-digit customs code of the port of entry (进出境关别)', example: '4258', pattern: '^\\d{4}$' })
  @IsCustomsOffice()
  portOfEntry: string;

  @ApiPropertyOptional({ description: 'When the goods arrived: ISO 8601 date-time with an offset (default: now)', example: '2026-03-01T08:30:00+08:00', format: 'date-time' })
  @Optional() @IsDateTimeWithOffset()
  arrivedAt?: string;
}
