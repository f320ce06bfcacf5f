import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, CurrentPrincipal, Roles, type Clock, type Principal } from '@sw/platform';
import { chinaDate } from '@sw/shipment';
import { powerOfAttorneyStatus, type PowerOfAttorney } from './domain/power-of-attorney';
import { IssuePowerOfAttorney } from './issue-power-of-attorney/issue-power-of-attorney.command';
import { IssuePowerOfAttorneyRequest, ListPowersOfAttorneyQuery, RevokePowerOfAttorneyRequest } from './issue-power-of-attorney/issue-power-of-attorney.dto';
import { PowersOfAttorneyTable } from './powers-of-attorney.table';
import { RevokePowerOfAttorney } from './revoke-power-of-attorney/revoke-power-of-attorney.command';

/** 代理报关委托 (API.md "Parties: filing for a client"): the principal issues and revokes; the principal and its broker read. */
@ApiTags('powers-of-attorney')
@ApiBearerAuth()
@Controller('v1/powers-of-attorney')
export class PowersOfAttorneyController {
  constructor(private readonly commands: CommandBus, private readonly table: PowersOfAttorneyTable, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post()
  @HttpCode(201)
  @Roles('enterprise')
  @ApiOperation({ summary: 'Issue a power of attorney to a customs broker (代理报关委托): period and scope (directions, customs offices)' })
  issue(@Body() body: IssuePowerOfAttorneyRequest, @CurrentPrincipal() principal: Principal): Promise<{ id: string }> {
    const scope = { directions: [...body.scope.directions], customsOffices: body.scope.customsOffices ? [...body.scope.customsOffices] : null };
    return this.commands.execute(new IssuePowerOfAttorney(body.agent, body.validFrom, body.validUntil, scope, principal));
  }

  @Post(':id/revoke')
  @HttpCode(202)
  @Roles('enterprise')
  @ApiOperation({ summary: 'Revoke it: the broker files nothing new under it; what it filed stays' })
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RevokePowerOfAttorneyRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new RevokePowerOfAttorney(id, body.reason?.trim() ?? null, principal));
  }

  @Get()
  @Roles('enterprise', 'broker')
  @ApiOperation({ summary: 'The powers of attorney an enterprise issued, or a broker holds (its clients), newest first, each with its status today' })
  async list(@Query() query: ListPowersOfAttorneyQuery, @CurrentPrincipal() principal: Principal) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.table.of({ role: principal.role as 'enterprise' | 'broker', uscc: principal.uscc! }, page, pageSize);
    const today = chinaDate(this.clock.now());
    return { items: items.map((poa) => present(poa, today)), page, pageSize, total };
  }
}

function present(poa: PowerOfAttorney, today: string) {
  return { ...poa, status: powerOfAttorneyStatus(poa, today) };
}
