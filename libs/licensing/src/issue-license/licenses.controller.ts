import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, CurrentPrincipal, Roles, type Clock, type Principal } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { declarationDateOf, licenseStatusOn, type LicenseState } from '../domain/license';
import { licenseTypes } from '../license-types.loader';
import { loadVisibleLicense } from '../license-access';
import { RevokeLicense } from '../revoke-license/revoke-license.command';
import { RevokeLicenseRequest } from '../revoke-license/revoke-license.dto';
import { IssueLicense } from './issue-license.command';
import { IssueLicenseRequest } from './issue-license.dto';

/** A licence as GET /v1/licenses/{number} shows it: its terms, its balance and its write-offs (核销记录). */
export function licenseView(state: LicenseState, revision: number, today: string) {
  const terms = state.terms!;
  const type = licenseTypes().type(terms.type);
  return {
    number: terms.number,
    type: terms.type,
    typeName: type ? { zh: type.nameZh, en: type.nameEn } : null,
    holder: terms.holder,
    commodities: terms.commodities,
    quantity: terms.quantity,
    unit: terms.unit,
    validFrom: terms.validFrom,
    validUntil: terms.validUntil,
    authority: terms.authority,
    /** On today's date (China time, the engine's clock). */
    status: licenseStatusOn(state, today),
    balance: state.balance,
    writeOffs: state.writeOffs.map((w) => ({
      declarationId: w.declarationId, quantity: w.quantity, balanceAfter: w.balanceAfter, writtenOffAt: w.writtenOffAt, ...(w.reversed ? { reversed: w.reversed } : {}),
    })),
    issuedAt: state.issuedAt,
    revoked: state.revoked ?? null,
    revision,
  };
}

/** 监管证件: the register the issuing authorities keep and the engine verifies declarations against. */
@ApiTags('licenses')
@ApiBearerAuth()
@Controller('v1/licenses')
export class LicensesController {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock, private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('issuer')
  @ApiOperation({ summary: 'Register a licence or certificate (issuer; the token\'s authority must issue that type); 409 if the number exists' })
  async issue(@Body() body: IssueLicenseRequest, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(new IssueLicense({
      number: body.number, type: body.type, holder: body.holder, commodities: [...body.commodities], quantity: body.quantity, unit: body.unit,
      validFrom: body.validFrom, validUntil: body.validUntil,
    }, principal));
    reply.header('location', `/v1/licenses/${body.number}`);
    return result;
  }

  @Post(':number/revoke')
  @HttpCode(202)
  @Roles('issuer')
  @ApiOperation({ summary: 'Revoke a licence (its issuing authority only): later write-offs are refused, declarations under it are held' })
  revoke(@Param('number') number: string, @Body() body: RevokeLicenseRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new RevokeLicense(number, body.reason, principal));
  }

  @Get(':number')
  @Roles('enterprise', 'officer', 'auditor', 'issuer')
  @ApiOperation({ summary: 'A licence with its balance and write-offs: for its holder, officers, auditors and its issuing authority' })
  async view(@Param('number') number: string, @CurrentPrincipal() principal: Principal) {
    const { state, revision } = await this.load(number, principal);
    return licenseView(state, revision, declarationDateOf(this.clock.now()));
  }

  /** The licence, or 404 when it does not exist or is not the caller's to see (another holder, another authority). */
  private load(number: string, principal: Principal) {
    return loadVisibleLicense(this.repository, number, principal);
  }
}
