import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DeciderRepository } from '@sw/event-store';
import { declarationDecider } from '@sw/declaration';
import { CLOCK, CurrentPrincipal, Roles, type Clock, type Principal } from '@sw/platform';
import { IsString, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { declarationStream } from '@sw/shipment';

export class GatePassRequest {
  @ApiProperty({ description: 'vehicle plate / vessel / train' })
  @IsString() @Matches(/^[\p{L}\p{N}][\p{L}\p{N} .\-]{0,39}$/u, { message: 'conveyance must be 1 to 40 letters, digits, spaces, dots or dashes' })
  conveyance: string;
  @ApiProperty({ description: '4-digit customs code of the port' })
  @IsString() @Matches(/^\d{4}$/, { message: 'portOfEntry must be a 4-digit customs code' })
  portOfEntry: string;
}

/** 卡口验放: the gate opens for a conveyance whose shipments are all released, and records their exit. */
@ApiTags('gate')
@ApiBearerAuth()
@Controller('v1/gate')
export class GateController {
  constructor(private readonly dataSource: DataSource, private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post('passes')
  @HttpCode(200)
  @Roles('gate')
  @ApiOperation({ summary: 'Ask the gate to open for a conveyance' })
  async pass(@Body() body: GatePassRequest, @CurrentPrincipal() principal: Principal) {
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from declaration_status where conveyance = $1 and port_of_entry = $2 and status not in ('withdrawn', 'rejected', 'exited') order by submitted_at`,
      [body.conveyance, body.portOfEntry],
    );
    if (rows.length === 0) return { open: false, reasons: [`no declaration awaits exit for ${body.conveyance} at ${body.portOfEntry}`] };
    // The read model finds the candidates; each declaration's own stream says whether it is released.
    const states = await Promise.all(rows.map(async ({ id }) => ({ id, state: (await this.repository.load(declarationStream(id), declarationDecider)).state })));
    const waiting = states.filter(({ state }) => state.lifecycle !== 'released' && state.lifecycle !== 'exited');
    if (waiting.length) return { open: false, reasons: waiting.map(({ id, state }) => `declaration ${id} is not released (${state.lifecycle})`) };
    const now = this.clock.now();
    for (const { id } of states) {
      await this.repository.handle(declarationStream(id), declarationDecider, { type: 'RecordExit', conveyance: body.conveyance, portOfEntry: body.portOfEntry, now }, {
        correlationId: id, actor: { kind: 'gate', id: principal.subject }, now,
      });
    }
    return { open: true, declarations: states.map((s) => s.id) };
  }
}
