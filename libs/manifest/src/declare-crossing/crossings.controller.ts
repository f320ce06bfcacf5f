import { Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository } from '@sw/event-store';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { crossingStream } from '@sw/shipment';
import { DecideCrossing } from '../decide-crossing/decide-crossing.command';
import { crossingDecider } from '../domain/crossing';
import { CrossingDecisionRequest, DeclareCrossingRequest } from './crossing.dto';
import { DeclareCrossing } from './declare-crossing.command';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such crossing') });

/** 运输工具申报: carriers declare crossings; border check decides them; the gate and auditors read them. */
@ApiTags('conveyances')
@ApiBearerAuth()
@Controller('v1/conveyances/crossings')
export class CrossingsController {
  constructor(private readonly commands: CommandBus, private readonly repository: DeciderRepository) {}

  @Post()
  @HttpCode(201)
  @Roles('carrier')
  @ApiOperation({ summary: 'Declare a road or rail conveyance crossing (运输工具申报): vehicle, direction, crew, loaded or empty, the declarations on board' })
  declare(@Body() body: DeclareCrossingRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new DeclareCrossing(body, principal));
  }

  @Post(':id/decisions')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Border check decides a crossing: release (clears it), hold or reject; 409 once it has exited or was refused' })
  decide(@Param('id', uuid) id: string, @Body() body: CrossingDecisionRequest, @CurrentPrincipal() principal: Principal) {
    if (principal.agency !== 'border') throw new ForbiddenException({ message: 'Conveyance crossings are decided by border check (边检)', code: 'agency-not-allowed' });
    return this.commands.execute(new DecideCrossing(id.toLowerCase(), body.decision, body.reason, principal));
  }

  @Get(':id')
  @Roles('carrier', 'officer', 'gate', 'auditor')
  @ApiOperation({ summary: 'A crossing: its conveyance, crew, declarations, status (declared, held, cleared, refused, exited) and the alerts that hold it' })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal) {
    const { state, revision } = await this.repository.load(crossingStream(id.toLowerCase()), crossingDecider);
    if (state.status === 'none' || (principal.role === 'carrier' && state.crossing!.carrier !== principal.uscc)) throw new NotFoundException('No such crossing');
    const { crossingId, declaredBy: _by, ...crossing } = state.crossing!;
    // The alerts' reasons are for officers; the carrier learns that its crossing is held, not why.
    const officer = principal.role === 'officer' || principal.role === 'auditor';
    return {
      id: crossingId, ...crossing, status: state.status, reasons: officer ? state.reasons : [],
      alerts: officer ? state.alerts : [], exitedAt: state.exitedAt ?? null, revision,
    };
  }
}
