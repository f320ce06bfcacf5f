import { Body, Controller, HttpCode, Inject, Optional, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@sw/event-store';
import { CurrentPrincipal, Roles, requirePort, type Principal } from '@sw/platform';
import { MANIFEST_OF_BILL, type ManifestOfBill } from '@sw/shipment';
import { DECLARATIONS_BY_TRANSPORT, type DeclarationsByTransport } from '../application/declarations-by-transport';
import { ArrivalRequest } from './arrival.dto';
import { ReportArrivalCommand } from './report-arrival.command';

/** 运抵报告 from the port operator. */
@ApiTags('arrivals')
@ApiBearerAuth()
@Controller('v1/arrivals')
export class ArrivalsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(DECLARATIONS_BY_TRANSPORT) private readonly declarations: DeclarationsByTransport,
    @Optional() @Inject(MANIFEST_OF_BILL) private readonly manifests?: ManifestOfBill,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('port-operator')
  @ApiOperation({ summary: 'Report goods arrived under a bill of lading; declarations filed before or after it count as arrived' })
  async report(@Body() body: ArrivalRequest, @CurrentPrincipal() principal: Principal) {
    requirePort(principal, body.portOfEntry);
    // 舱单: a bill on a manifest arrives at the manifest's port, by its conveyance (409 otherwise); a bill on none is taken as reported.
    const misfit = await this.manifests?.arrivalMisfit(body.billOfLading.toUpperCase(), { portOfEntry: body.portOfEntry, conveyance: body.conveyance });
    if (misfit) throw new DomainError(misfit.code, misfit.message);
    const arrivedAt = body.arrivedAt ? new Date(body.arrivedAt) : undefined;
    const result = await this.commands.execute(new ReportArrivalCommand(body.billOfLading, body.conveyance, body.portOfEntry, arrivedAt, principal));
    // Declarations already known under this bill of lading; the clearance process records the
    // arrival on each of them (and on any filed later) from the event.
    const matched = await this.declarations.byBillOfLading(body.billOfLading.toUpperCase(), { portOfEntry: body.portOfEntry, conveyance: body.conveyance });
    return { matched, arrivedAt: result.arrivedAt, revision: result.revision };
  }
}
