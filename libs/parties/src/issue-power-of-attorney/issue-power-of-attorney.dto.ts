import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { customsOfficeProblem, IsIntegerBetween, IsPresent, IsUscc, nestedMessage, ObjectShape, Optional, QueryInteger, Rule } from '@sw/reference-data';
import { isIsoDate } from '@sw/shipment';

const DIRECTIONS = ['import', 'export'] as const;
const MAX_OFFICES = 50;

const isoDate = (property: string, value: unknown) => (isIsoDate(value) ? undefined : `${property} must be a calendar date YYYY-MM-DD (China time), such as 2026-12-31`);

export class PowerOfAttorneyScopeRequest {
  @ApiProperty({ enum: DIRECTIONS, isArray: true, description: 'The directions the broker may declare: import, export or both' })
  @Rule('directions', (value) => (Array.isArray(value) && value.length >= 1 && value.length <= 2 && value.every((d) => DIRECTIONS.includes(d)) && new Set(value).size === value.length
    ? undefined : 'scope.directions must be a list of import and/or export, each once'))
  directions: ('import' | 'export')[];

  @ApiPropertyOptional({ type: String, isArray: true, description: 'The customs offices (申报地海关, 4 digits) it may declare at; absent: every office', example: ['2200'] })
  @Optional()
  @Rule('offices', (value) => {
    if (!Array.isArray(value) || value.length < 1 || value.length > MAX_OFFICES || new Set(value).size !== value.length) {
      return `scope.customsOffices must be a list of 1 to ${MAX_OFFICES} different 4-digit customs codes`;
    }
    return value.map((office, i) => customsOfficeProblem(`scope.customsOffices[${i}]`, office)).find(Boolean);
  })
  customsOffices?: string[];
}

/** POST /v1/powers-of-attorney: 代理报关委托, issued by the principal (the enterprise of the token). */
export class IssuePowerOfAttorneyRequest {
  @ApiProperty({ description: "The broker's USCC (报关企业)", example: '91440300MA5D8T3W1W' })
  @IsUscc()
  agent: string;

  @ApiProperty({ description: 'First day it is in force (China calendar day)', example: '2026-01-01' })
  @Rule('date', (value, args) => isoDate(args.property, value))
  validFrom: string;

  @ApiProperty({ description: 'Last day it is in force (China calendar day, included)', example: '2026-12-31' })
  @Rule('date', (value, args) => isoDate(args.property, value))
  @Rule('untilAfterFrom', (value, args) => {
    const from = (args.object as IssuePowerOfAttorneyRequest).validFrom;
    return isIsoDate(value) && isIsoDate(from) && value < from ? 'validUntil must not be before validFrom' : undefined;
  })
  validUntil: string;

  @ApiProperty({ type: () => PowerOfAttorneyScopeRequest })
  @IsPresent('an object { directions, customsOffices? }')
  @ValidateNested({ message: nestedMessage('an object { directions, customsOffices? }') })
  @ObjectShape() @Type(() => PowerOfAttorneyScopeRequest)
  scope: PowerOfAttorneyScopeRequest;
}

export class RevokePowerOfAttorneyRequest {
  @ApiPropertyOptional({ description: 'Why it is revoked', maxLength: 500 })
  @Optional()
  @Rule('reason', (value) => (typeof value === 'string' && value.trim().length >= 1 && value.length <= 500 ? undefined : 'reason must be a text of 1 to 500 characters'))
  reason?: string;
}

export class ListPowersOfAttorneyQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, type: Number })
  @QueryInteger(1) @IsIntegerBetween(1, 1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100, type: Number })
  @QueryInteger(20) @IsIntegerBetween(1, 100)
  pageSize: number = 20;
}

