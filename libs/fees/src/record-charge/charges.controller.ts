import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { RecordCharge } from './record-charge.command';
import { RecordChargeRequest } from './record-charge.dto';

/** Port charges: recorded within the catalogue in force, refused (409, and listed for oversight) outside it. */
@ApiTags('fees')
@ApiBearerAuth()
@Controller('v1/fees/charges')
export class ChargesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('port-operator')
  @ApiOperation({ summary: 'Record a charge on a shipment (port operator): 409 when the code is not in the catalogue in force today or the amount exceeds it (清单之外无收费)' })
  record(@Body() body: RecordChargeRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new RecordCharge(body.declarationId.toLowerCase(), body.code, body.quantity, body.amount, principal));
  }
}
