import { Body, Controller, ForbiddenException, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CLOCK, CurrentPrincipal, Roles, requestContext, setCorrelationId, type Clock, type Principal } from '@sw/platform';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { Agency } from '@sw/shipment';
import { AgencyCases } from '@sw/agency-case';

const AGENCIES: Agency[] = ['customs', 'inspection', 'border'];

export class DecisionRequest {
  @ApiProperty({ enum: ['release', 'hold', 'reject', 'examine'] })
  @IsIn(['release', 'hold', 'reject', 'examine']) decision: 'release' | 'hold' | 'reject' | 'examine';
  @ApiProperty({ description: 'why, in words (1 to 500 characters)' })
  @IsString() @Length(1, 500) reason: string;
}

export class ConformityRequest {
  @ApiProperty({ enum: ['conforming', 'non-conforming'] }) @IsIn(['conforming', 'non-conforming']) result: 'conforming' | 'non-conforming';
  @ApiPropertyOptional({ description: 'laboratory report or certificate reference' }) @IsOptional() @IsString() @Length(1, 64) reference?: string;
  @ApiPropertyOptional({ description: 'what was found; for non-conforming goods, what the follow-up is about' }) @IsOptional() @IsString() @Length(1, 1000) note?: string;
}

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies/:agency')
export class AgenciesController {
  constructor(private readonly cases: AgencyCases, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post('cases/:declarationId/decisions')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Release, hold, reject, or send to examination; 409 where the case forbids it' })
  async decide(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: DecisionRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, false);
    setCorrelationId(declarationId);
    const { state } = await this.cases.load(own, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${own} case for declaration ${declarationId}`);
    const now = this.clock.now();
    const result = await this.cases.handle(own, declarationId, { type: 'Decide', decision: body.decision, reason: body.reason, officer: principal.subject, now }, {
      correlationId: declarationId, causationId: requestContext.getStore()?.requestId ?? randomUUID(), actor: { kind: 'officer', id: principal.subject, agency: principal.agency }, now,
    });
    return { declarationId, agency: own, status: result.state.status, revision: result.revision };
  }

  @Post('cases/:declarationId/conformity')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: '先放后检 stage 2 (合格评定): the conformity result of goods released before it; non-conforming raises a follow-up' })
  async conformity(@Param('agency') agency: string, @Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: ConformityRequest, @CurrentPrincipal() principal: Principal) {
    const own = this.authorize(agency, principal, false);
    setCorrelationId(declarationId);
    const { state } = await this.cases.load(own, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${own} case for declaration ${declarationId}`);
    const now = this.clock.now();
    const result = await this.cases.handle(own, declarationId, { type: 'AssessConformity', result: body.result, officer: principal.subject, note: body.note, reference: body.reference, now }, {
      correlationId: declarationId, causationId: requestContext.getStore()?.requestId ?? randomUUID(), actor: { kind: 'officer', id: principal.subject, agency: principal.agency }, now,
    });
    return { declarationId, agency: own, conformity: result.state.conformity, revision: result.revision };
  }

  /** Officers act (and read worklists) for their own agency only; auditors read every agency. */
  private authorize(agency: string, principal: Principal, read: boolean): Agency {
    if (!AGENCIES.includes(agency as Agency)) throw new NotFoundException(`No agency ${agency}`);
    if (principal.role === 'officer' && principal.agency !== agency) throw new ForbiddenException(`An officer of ${principal.agency} acts for ${principal.agency} only`);
    if (principal.role === 'auditor' && !read) throw new ForbiddenException('Auditors read; they do not decide');
    return agency as Agency;
  }
}
