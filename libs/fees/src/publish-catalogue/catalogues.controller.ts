import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { PublishCatalogue } from './publish-catalogue.command';
import { PublishCatalogueRequest } from './publish-catalogue.dto';

/** 口岸收费目录清单: the port authority publishes; anyone reads (GET, on the read side). */
@ApiTags('fees')
@ApiBearerAuth()
@Controller('v1/fees/catalogues')
export class CataloguesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('port-authority')
  @ApiOperation({ summary: 'Publish a version of a port\'s fee catalogue (port authority), in force from effectiveFrom (today or later) until the next version' })
  async publish(@Body() body: PublishCatalogueRequest, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const items = body.items.map(({ examinationHandling, ...item }) => ({ ...item, ...(examinationHandling ? { examinationHandling } : {}) }));
    const result = await this.commands.execute(new PublishCatalogue(body.port, body.effectiveFrom, items, principal));
    reply.header('location', `/v1/fees/catalogues?port=${body.port}&asOf=${body.effectiveFrom}`);
    return result;
  }
}
