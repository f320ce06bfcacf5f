import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { DataSource } from 'typeorm';
import { ArrivalRequest } from './arrival.dto';
import { ReportArrivalCommand } from './report-arrival.command';

/** 运抵报告 from the port operator. */
@ApiTags('arrivals')
@ApiBearerAuth()
@Controller('v1/arrivals')
export class ArrivalsController {
  constructor(private readonly commands: CommandBus, private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(202)
  @Roles('port-operator')
  @ApiOperation({ summary: 'Report goods arrived under a bill of lading; declarations filed before or after it count as arrived' })
  async report(@Body() body: ArrivalRequest, @CurrentPrincipal() principal: Principal) {
    const arrivedAt = body.arrivedAt ? new Date(body.arrivedAt) : undefined;
    const result = await this.commands.execute(new ReportArrivalCommand(body.billOfLading, body.conveyance, body.portOfEntry, arrivedAt, principal));
    // Declarations already known under this bill of lading; the clearance process records the
    // arrival on each of them (and on any filed later) from the event.
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from declaration_status where bill_of_lading = $1 and status not in ('withdrawn', 'rejected') order by submitted_at`,
      [body.billOfLading.toUpperCase()],
    );
    return { matched: rows.map((r) => r.id), arrivedAt: result.arrivedAt, revision: result.revision };
  }
}
