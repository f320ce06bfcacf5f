import { ApiProperty } from '@nestjs/swagger';
import { IsText, Trim } from '@sw/reference-data';

export class RevokeLicenseRequest {
  @ApiProperty({ description: 'Why the licence is revoked (1 to 500 characters)', example: 'obtained with false documents' })
  @Trim() @IsText({ min: 1, max: 500 })
  reason: string;
}
