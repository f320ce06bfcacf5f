import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository, type Without } from '@sw/event-store';
import { CLOCK, CurrentPrincipal, Roles, requestContext, type Clock, type Principal } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { LICENSE_NUMBER, declarationDateOf, licenseDecider, licenseStatusOn, type LicenseCommand, type LicenseState } from '../domain/license';
import { licenseTypes } from '../domain/license-types';
import { IssueLicenseRequest, RevokeLicenseRequest } from './issue-license.dto';
import { licenseStream } from '@sw/shipment';

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
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post()
  @HttpCode(201)
  @Roles('issuer')
  @ApiOperation({ summary: 'Register a licence or certificate (issuer; the token\'s authority must issue that type); 409 if the number exists' })
  async issue(@Body() body: IssueLicenseRequest, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const type = licenseTypes().type(body.type)!;
    if (!type.authorities.includes(principal.authority!)) {
      throw new ForbiddenException({
        message: `The authority ${principal.authority} does not issue ${type.nameEn} (${type.code} ${type.nameZh}): ${type.authorities.join(', ')} does`,
        errors: [{ field: 'type', message: `type ${type.code} is issued by ${type.authorities.join(', ')}, not by ${principal.authority}` }],
      });
    }
    const result = await this.decide(body.number, principal, {
      type: 'IssueLicense',
      terms: {
        number: body.number, type: body.type, holder: body.holder, commodities: [...body.commodities], quantity: body.quantity, unit: body.unit,
        validFrom: body.validFrom, validUntil: body.validUntil, authority: principal.authority!,
      },
    });
    reply.header('location', `/v1/licenses/${body.number}`);
    return { number: body.number, revision: result.revision };
  }

  @Post(':number/revoke')
  @HttpCode(202)
  @Roles('issuer')
  @ApiOperation({ summary: 'Revoke a licence (its issuing authority only): later write-offs are refused, declarations under it are held' })
  async revoke(@Param('number') number: string, @Body() body: RevokeLicenseRequest, @CurrentPrincipal() principal: Principal) {
    await this.load(number, principal);
    const result = await this.decide(number, principal, { type: 'RevokeLicense', reason: body.reason });
    return { number, status: 'revoked', revision: result.revision };
  }

  @Get(':number')
  @Roles('enterprise', 'officer', 'auditor', 'issuer')
  @ApiOperation({ summary: 'A licence with its balance and write-offs: for its holder, officers, auditors and its issuing authority' })
  async view(@Param('number') number: string, @CurrentPrincipal() principal: Principal) {
    const { state, revision } = await this.load(number, principal);
    return licenseView(state, revision, declarationDateOf(this.clock.now()));
  }

  /** The licence, or 404 when it does not exist or is not the caller's to see (another holder, another authority). */
  private async load(number: string, principal: Principal) {
    const found = LICENSE_NUMBER.test(number) ? await this.repository.load(licenseStream(number), licenseDecider) : null;
    const terms = found?.state.terms;
    const visible = !!terms && (
      principal.role === 'officer' || principal.role === 'auditor'
      || (principal.role === 'enterprise' && principal.uscc === terms.holder)
      || (principal.role === 'issuer' && principal.authority === terms.authority));
    if (!found || !visible) throw new NotFoundException(`No licence ${number}`);
    return found;
  }

  private decide(number: string, principal: Principal, command: Without<LicenseCommand, 'now'>) {
    const now = this.clock.now();
    const stream = licenseStream(number);
    return this.repository.handle(stream, licenseDecider, { ...command, now } as LicenseCommand, {
      correlationId: stream, causationId: requestContext.getStore()?.requestId ?? randomUUID(), actor: { kind: 'issuer', id: principal.subject }, now,
    });
  }
}
