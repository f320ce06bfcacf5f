import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CLOCK, FieldValidationException, Public, parseIsoDuration, signHs256, type Clock, type TokenClaims } from '@sw/platform';
import { IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { AdvanceClockCommand } from '../engine-clock/advance-clock';
import { JWT_SECRET } from '../tokens';

const ROLES = ['enterprise', 'officer', 'port-operator', 'port-authority', 'gate', 'auditor', 'issuer', 'bank', 'broker', 'carrier'] as const;
const AGENCIES = ['customs', 'inspection', 'border'] as const;

export class DevTokenRequest {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: TokenClaims['role'];
  @ApiPropertyOptional({ description: '18-character unified social credit code; required for an enterprise, a broker or a carrier' })
  @ValidateIf((o: DevTokenRequest) => o.role === 'enterprise' || o.role === 'broker' || o.role === 'carrier' || o.uscc !== undefined)
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { message: 'uscc must be an 18-character unified social credit code' })
  uscc?: string;
  @ApiPropertyOptional({ enum: AGENCIES, description: 'required for an officer' })
  @ValidateIf((o: DevTokenRequest) => o.role === 'officer' || o.agency !== undefined)
  @IsIn(AGENCIES) agency?: TokenClaims['agency'];
  @ApiPropertyOptional({ description: 'issuing authority, e.g. MOFCOM; required for an issuer' })
  @ValidateIf((o: DevTokenRequest) => o.role === 'issuer' || o.authority !== undefined)
  @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'authority must be 2 to 32 letters, digits or dashes' }) authority?: string;
  @ApiPropertyOptional({ description: 'bank or insurer code, e.g. ICBC; required for a bank' })
  @ValidateIf((o: DevTokenRequest) => o.role === 'bank' || o.bank !== undefined)
  @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'bank must be 2 to 32 letters, digits or dashes' }) bank?: string;
  @ApiPropertyOptional({ description: 'port-operator or gate: the 4-digit customs code of its port (without it the token acts for every port, in DEV_MODE only)', example: '2200' })
  @ValidateIf((o: DevTokenRequest) => o.port !== undefined)
  @Matches(/^\d{4}$/, { message: 'port must be a 4-digit customs code' }) port?: string;
}

export class ClockAdvanceRequest {
  @ApiProperty({ example: 'P15D', description: 'ISO 8601 duration in weeks, days, hours, minutes, seconds' })
  @IsString() @MaxLength(40) advance: string;
}

/** Development helpers (API.md): registered only when DEV_MODE is on, so they are 404 otherwise. */
@ApiTags('development')
@Public()
@Controller('v1/dev')
export class DevController {
  constructor(@Inject(JWT_SECRET) private readonly secret: string, @Inject(CLOCK) private readonly clock: Clock, private readonly commands: CommandBus) {}

  @Post('tokens')
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed token for a role, for trying the API (DEV_MODE only)' })
  token(@Body() body: DevTokenRequest): { token: string; claims: TokenClaims } {
    const subject = body.role === 'enterprise' || body.role === 'broker' ? body.uscc! : body.role === 'carrier' ? `carrier-${body.uscc}` : body.role === 'officer' ? `${body.agency}-officer` : body.role === 'issuer' ? body.authority! : body.role === 'bank' ? `bank-${body.bank}` : body.role;
    const claims: TokenClaims = { sub: `dev:${subject}`, role: body.role };
    if (body.role === 'enterprise' || body.role === 'broker' || body.role === 'carrier') claims.uscc = body.uscc;
    if (body.role === 'officer') claims.agency = body.agency;
    if (body.role === 'issuer') claims.authority = body.authority;
    if (body.role === 'bank') claims.bank = body.bank;
    if (body.port !== undefined) {
      if (body.role !== 'port-operator' && body.role !== 'gate') throw new FieldValidationException([{ field: 'port', message: 'port is for a port-operator or gate token' }]);
      claims.port = body.port;
      claims.sub = `dev:${body.role}:${body.port}`;
    }
    return { token: signHs256(claims, this.secret), claims };
  }

  @Get('clock')
  @ApiOperation({ summary: "The engine's clock" })
  now(): { now: string } {
    return { now: this.clock.now().toISOString() };
  }

  @Post('clock')
  @HttpCode(202)
  @ApiOperation({ summary: "Moves the engine's clock forward (recorded in the engine-clock stream)" })
  async advance(@Body() body: ClockAdvanceRequest): Promise<{ now: string; revision: number }> {
    const ms = parseIsoDuration(body.advance);
    if (ms === null || ms <= 0) {
      throw new FieldValidationException([{ field: 'advance', message: 'advance must be a positive ISO 8601 duration such as P15D or PT48H (years and months are not accepted)' }]);
    }
    return this.commands.execute(new AdvanceClockCommand(ms, body.advance));
  }
}
