import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  IsAmount, IsCustomsOffice, IsDateTimeWithOffset, IsIntegerBetween, IsListOf, IsOneOf, IsText, IsTransportMode, ListShape, nestedMessage, Optional, Rule, Trim, type TextSpec,
} from '@sw/reference-data';
import { repeatedBills } from '../domain/manifest';

/** A vessel name, vehicle plate or train number (as a declaration names it). */
export const CONVEYANCE: TextSpec = {
  min: 1, max: 40,
  pattern: /^[A-Za-z0-9\p{Script=Han}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A-]+(?: [A-Za-z0-9\p{Script=Han}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A-]+)*$/u,
  allowed: 'letters, digits, Chinese characters and dashes, words separated by single spaces',
};
export const BILL_OF_LADING: TextSpec = { min: 1, max: 40, pattern: /^[A-Z0-9-]+$/, allowed: 'capital letters, digits and dashes' };
const VOYAGE: TextSpec = { min: 1, max: 20, pattern: /^[A-Za-z0-9./-]+$/, allowed: 'letters, digits, dots, slashes and dashes' };
/** ISO 6346 container number: owner code (3 letters + U/J/Z) and 7 digits. */
const CONTAINER: TextSpec = { min: 11, max: 11, pattern: /^[A-Z]{3}[UJZ]\d{7}$/, allowed: 'an ISO 6346 container number such as MSKU1234565' };
const NAME: TextSpec = { min: 1, max: 200 };
const DESCRIPTION: TextSpec = { min: 1, max: 500 };
export const MAX_BILLS = 500;
const MAX_CONTAINERS = 50;
export const DIRECTIONS = ['import', 'export'] as const;

export class BillOfLadingEntry {
  @ApiProperty({ description: `Bill of lading, waybill or consignment-note number: ${BILL_OF_LADING.allowed}`, example: 'EL-2612-0001' })
  @Trim() @IsText(BILL_OF_LADING)
  number: string;

  @ApiPropertyOptional({ description: 'Consignee (收货人) named on the bill', example: '内蒙古二连浩特某进出口有限公司' })
  @Optional() @Trim() @IsText(NAME)
  consignee?: string;

  @ApiProperty({ description: 'Number of packages (件数)', example: 20 })
  @IsIntegerBetween(1, 1_000_000)
  packages: number;

  @ApiProperty({ description: 'Gross weight in kilograms (毛重)', example: 24000 })
  @IsAmount({ max: 10_000_000, decimals: 3 })
  grossWeightKg: number;

  @ApiProperty({ description: 'Description of the goods (货物描述)', example: 'copper concentrate' })
  @Trim() @IsText(DESCRIPTION)
  description: string;

  @ApiPropertyOptional({ type: String, isArray: true, description: `0 to ${MAX_CONTAINERS} container numbers (ISO 6346)` })
  @Optional() @IsListOf(0, MAX_CONTAINERS, false)
  @Rule('containers', (value) => (Array.isArray(value) ? value.map((c, i) => (typeof c === 'string' && CONTAINER.pattern!.test(c) ? undefined : `containers[${i}] must be ${CONTAINER.allowed}`)).find(Boolean) : undefined))
  containers?: string[];
}

const billsRule = Rule('distinctBills', (value) => {
  if (!Array.isArray(value)) return undefined;
  const repeated = repeatedBills(value.filter((b): b is { number: string } => typeof b?.number === 'string'));
  return repeated.length ? `billsOfLading lists ${repeated.join(', ')} more than once: a manifest lists each bill of lading once` : undefined;
});

/** POST /v1/manifests: 舱单 of one conveyance's voyage. */
export class FileManifestRequest {
  @ApiProperty({ description: `Vessel name, vehicle plate or train number: ${CONVEYANCE.allowed}`, example: '蒙K12345' })
  @Trim() @IsText(CONVEYANCE)
  conveyance: string;

  @ApiPropertyOptional({ description: `Voyage or trip number: ${VOYAGE.allowed}`, example: '2612E' })
  @Optional() @Trim() @IsText(VOYAGE)
  voyage?: string;

  @ApiProperty({ description: 'Customs transport-mode code (运输方式): 2 waterway, 3 rail, 4 road, 5 air, …', example: '4' })
  @IsTransportMode()
  transportMode: string;

  @ApiProperty({ enum: DIRECTIONS, example: 'import' })
  @IsOneOf(DIRECTIONS)
  direction: (typeof DIRECTIONS)[number];

  @ApiProperty({ description: '4-digit customs code of the port of entry or exit', example: '0700' })
  @IsCustomsOffice()
  portOfEntry: string;

  @ApiProperty({ description: 'When the conveyance is expected (ISO 8601 with an offset)', example: '2026-12-01T10:00:00+08:00', format: 'date-time' })
  @IsDateTimeWithOffset()
  expectedAt: string;

  @ApiProperty({ type: () => BillOfLadingEntry, isArray: true, description: `1 to ${MAX_BILLS} bills of lading, each once` })
  @IsListOf(1, MAX_BILLS) @billsRule
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_BILLS} bills of lading`, 'an object { number, consignee?, packages, grossWeightKg, description, containers? }') })
  @ListShape(MAX_BILLS) @Type(() => BillOfLadingEntry)
  billsOfLading: BillOfLadingEntry[];
}

/** POST /v1/manifests/{id}/amendments: 舱单变更, the manifest's bills as they now stand. */
export class AmendManifestRequest {
  @ApiProperty({ type: () => BillOfLadingEntry, isArray: true, description: `The manifest's bills of lading after the amendment: 1 to ${MAX_BILLS}, each once` })
  @IsListOf(1, MAX_BILLS) @billsRule
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_BILLS} bills of lading`, 'an object { number, consignee?, packages, grossWeightKg, description, containers? }') })
  @ListShape(MAX_BILLS) @Type(() => BillOfLadingEntry)
  billsOfLading: BillOfLadingEntry[];

  @ApiPropertyOptional({ description: 'A new expected arrival time', format: 'date-time' })
  @Optional() @IsDateTimeWithOffset()
  expectedAt?: string;
}
