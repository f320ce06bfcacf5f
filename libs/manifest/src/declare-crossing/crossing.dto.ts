import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IsCustomsOffice, IsListOf, IsOneOf, IsStrictBoolean, IsText, ListShape, nestedMessage, Optional, Rule, Trim, type TextSpec } from '@sw/reference-data';
import { CONVEYANCE, DIRECTIONS } from '../http/manifest.dtos';

const NAME: TextSpec = { min: 1, max: 100 };
const DOCUMENT: TextSpec = { min: 5, max: 24, pattern: /^[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]$/, allowed: 'letters and digits (spaces and dashes between them)' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CREW = 20;
const MAX_DECLARATIONS = 50;
export const CROSSING_DECISIONS = ['release', 'hold', 'reject'] as const;

export class CrewMemberEntry {
  @ApiProperty({ description: 'Name as on the travel document', example: 'Batbayar Dorj' })
  @Trim() @IsText(NAME)
  name: string;

  @ApiProperty({ description: `Passport or travel document number: ${DOCUMENT.allowed}`, example: 'E1234567' })
  @Trim() @IsText(DOCUMENT)
  document: string;
}

/** POST /v1/conveyances/crossings: 运输工具申报 of a road or rail conveyance at a border post. */
export class DeclareCrossingRequest {
  @ApiProperty({ description: `Vehicle plate or train number: ${CONVEYANCE.allowed}`, example: '蒙K12345' })
  @Trim() @IsText(CONVEYANCE)
  conveyance: string;

  @ApiProperty({ enum: DIRECTIONS, description: 'import: entering the country; export: leaving it', example: 'import' })
  @IsOneOf(DIRECTIONS)
  direction: (typeof DIRECTIONS)[number];

  @ApiProperty({ description: '4-digit customs code of the border post', example: '0700' })
  @IsCustomsOffice()
  portOfEntry: string;

  @ApiProperty({ type: () => CrewMemberEntry, isArray: true, description: `The driver and crew: 1 to ${MAX_CREW}` })
  @IsListOf(1, MAX_CREW)
  @ValidateNested({ each: true, message: nestedMessage(`a list of 1 to ${MAX_CREW} crew members`, 'an object { name, document }') })
  @ListShape(MAX_CREW) @Type(() => CrewMemberEntry)
  crew: CrewMemberEntry[];

  @ApiProperty({ description: 'true: the conveyance carries no goods (and lists no declarations)', example: false })
  @IsStrictBoolean()
  @Rule('loadedListsDeclarations', (value, args) => {
    const list = (args.object as DeclareCrossingRequest).declarations;
    return value === false && (!Array.isArray(list) || list.length === 0) ? 'a loaded conveyance (empty: false) lists the declarations on board in declarations' : undefined;
  })
  empty: boolean;

  @ApiPropertyOptional({ type: String, isArray: true, description: `The declarations on board (their ids): 1 to ${MAX_DECLARATIONS} for a loaded conveyance, none for an empty one` })
  @Optional() @IsListOf(0, MAX_DECLARATIONS, false)
  @Rule('declarationsOnBoard', (value, args) => {
    const empty = (args.object as DeclareCrossingRequest).empty;
    const list = Array.isArray(value) ? value : [];
    const bad = list.findIndex((id) => typeof id !== 'string' || !UUID.test(id));
    if (bad >= 0) return `declarations[${bad}] must be a declaration id (a UUID)`;
    if (new Set(list.map((id: string) => id.toLowerCase())).size !== list.length) return 'declarations lists a declaration more than once';
    if (empty === true && list.length) return 'an empty conveyance (empty: true) carries no declarations';
    return undefined;
  })
  declarations?: string[];
}

/** POST /v1/conveyances/crossings/{id}/decisions: a border officer's decision. */
export class CrossingDecisionRequest {
  @ApiProperty({ enum: CROSSING_DECISIONS, description: 'release (放行) clears the crossing; hold; reject refuses it' })
  @IsOneOf(CROSSING_DECISIONS)
  decision: (typeof CROSSING_DECISIONS)[number];

  @ApiProperty({ description: 'Why', example: 'crew member questioned, documents in order' })
  @Trim() @IsText({ min: 1, max: 500 })
  reason: string;
}
