import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { DataSource } from 'typeorm';
import { GatePassRequest } from './gate-pass.dto';
import { PassGate, type GatePass } from './pass-gate.command';

/** 卡口验放: the gate opens for a conveyance whose shipments are all released, and records their exit. */
@ApiTags('gate')
@ApiBearerAuth()
@Controller('v1/gate')
export class GateController {
  constructor(private readonly dataSource: DataSource, private readonly commands: CommandBus) {}

  @Post('passes')
  @HttpCode(200)
  @Roles('gate')
  @ApiOperation({ summary: 'Ask the gate to open for a conveyance' })
  async pass(@Body() body: GatePassRequest, @CurrentPrincipal() principal: Principal): Promise<GatePass> {
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from declaration_status where conveyance = $1 and port_of_entry = $2 and status not in ('withdrawn', 'rejected', 'exited') order by submitted_at`,
      [body.conveyance, body.portOfEntry],
    );
    if (rows.length === 0) return { open: false, reasons: [`no declaration awaits exit for ${body.conveyance} at ${body.portOfEntry}`] };
    // The read model finds the candidates; the handler asks each one's own stream whether it is released.
    return this.commands.execute(new PassGate(body.conveyance, body.portOfEntry, rows.map((r) => r.id), principal));
  }
}
