import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, requirePort, type Principal } from '@sw/platform';
import { DECLARATIONS_BY_TRANSPORT, type DeclarationsByTransport } from '../application/declarations-by-transport';
import { ArrivalRequest } from './arrival.dto';
import { ReportArrivalCommand } from './report-arrival.command';

/** 运抵报告 from the port operator. */
@ApiTags('arrivals')
@ApiBearerAuth()
@Controller('v1/arrivals')
export class ArrivalsController {
  constructor(private readonly commands: CommandBus, @Inject(DECLARATIONS_BY_TRANSPORT) private readonly declarations: DeclarationsByTransport) {}

  @Post()
  @HttpCode(202)
  @Roles('port-operator')
  @ApiOperation({ summary: 'Report goods arrived under a bill of lading; declarations filed before or after it count as arrived' })
  async report(@Body() body: ArrivalRequest, @CurrentPrincipal() principal: Principal) {
    requirePort(principal, body.portOfEntry);
    const arrivedAt = body.arrivedAt ? new Date(body.arrivedAt) : undefined;
    const result = await this.commands.execute(new ReportArrivalCommand(body.billOfLading, body.conveyance, body.portOfEntry, arrivedAt, principal));
    // Declarations already known under this bill of lading; the clearance process records the
    // arrival on each of them (and on any filed later) from the event.
    const matched = await this.declarations.byBillOfLading(body.billOfLading.toUpperCase(), { portOfEntry: body.portOfEntry, conveyance: body.conveyance });
    return { matched, arrivedAt: result.arrivedAt, revision: result.revision };
  }
}
