import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository } from '@sw/event-store';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import { manifestStream } from '@sw/shipment';
import { AmendManifest } from '../amend-manifest/amend-manifest.command';
import { manifestDecider } from '../domain/manifest';
import { AmendManifestRequest, FileManifestRequest } from '../http/manifest.dtos';
import { FileManifest } from './file-manifest.command';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such manifest') });

/** 舱单: carriers file and amend their manifests; officers and auditors read them. */
@ApiTags('manifests')
@ApiBearerAuth()
@Controller('v1/manifests')
export class ManifestsController {
  constructor(private readonly commands: CommandBus, private readonly repository: DeciderRepository) {}

  @Post()
  @HttpCode(201)
  @Roles('carrier')
  @ApiOperation({ summary: 'File a manifest (舱单) of a conveyance\'s voyage with its bills of lading, before arrival: 409 when a bill is already on another manifest' })
  file(@Body() body: FileManifestRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new FileManifest(body, principal));
  }

  @Post(':id/amendments')
  @HttpCode(202)
  @Roles('carrier')
  @ApiOperation({ summary: 'Amend a manifest (舱单变更) before its conveyance arrives: the bills of lading as they now stand; 409 after arrival' })
  amend(@Param('id', uuid) id: string, @Body() body: AmendManifestRequest, @CurrentPrincipal() principal: Principal) {
    return this.commands.execute(new AmendManifest(id.toLowerCase(), body, principal));
  }

  @Get(':id')
  @Roles('carrier', 'officer', 'auditor')
  @ApiOperation({ summary: 'A manifest: its conveyance, port, bills of lading, amendments and arrival (the filing carrier, officers, auditors)' })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal) {
    const { state, revision } = await this.repository.load(manifestStream(id.toLowerCase()), manifestDecider);
    if (state.status === 'none' || (principal.role === 'carrier' && state.header!.carrier !== principal.uscc)) throw new NotFoundException('No such manifest');
    return { id: id.toLowerCase(), ...state.header, status: state.status, billsOfLading: state.billsOfLading, amendments: state.amendments, arrivedAt: state.arrivedAt ?? null, revision };
  }
}
