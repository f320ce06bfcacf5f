import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, requirePort, type Principal } from '@sw/platform';
import { GatePassRequest } from './gate-pass.dto';
import { PassGate, type GatePass } from './pass-gate.command';

/** 卡口验放: the gate opens for a conveyance whose shipments are all released, and records their exit. */
@ApiTags('gate')
@ApiBearerAuth()
@Controller('v1/gate')
export class GateController {
  constructor(private readonly commands: CommandBus) {}

  @Post('passes')
  @HttpCode(200)
  @Roles('gate')
  @ApiOperation({ summary: 'Ask the gate to open for a conveyance' })
  async pass(@Body() body: GatePassRequest, @CurrentPrincipal() principal: Principal): Promise<GatePass> {
    requirePort(principal, body.portOfEntry);
    return this.commands.execute(new PassGate(body.conveyance, body.portOfEntry, principal));
  }
}
