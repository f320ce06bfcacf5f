import { Controller, Get, Headers, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DeclarationIdPipe, exportDecMessage, receiptsXml } from '@sw/declaration';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@sw/event-store';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';
import type { FastifyReply } from 'fastify';
import { DeclarationStatusQueries } from '../declaration-status/declaration-status.queries';
import { receiptsOf } from './receipts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The declaration as its client's message (报关单报文) and its receipts (回执): API.md "The real client's message". */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class DeclarationMessageController {
  constructor(private readonly queries: DeclarationStatusQueries, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id/message')
  @Roles('enterprise', 'broker', 'officer', 'auditor')
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'The declaration as its DecMessage, element for element as sent (also GET /v1/declarations/{id} with Accept: application/xml; the id or the customs number); a staged (暂存) one to its declarant' })
  async message(@Param('id', DeclarationIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const { declaration } = await this.visible(id, principal, true);
    void reply.status(200).header('content-type', 'application/xml; charset=utf-8').send(exportDecMessage(declaration));
  }

  @Get(':id/receipts')
  @Roles('enterprise', 'broker', 'officer', 'auditor')
  @ApiProduces('application/json', 'application/xml')
  @ApiOperation({ summary: '回执: a DEC_RESULT per status change (CHANNEL L with the customs number, C, T, P, B, E, Z, R, D), JSON or XML (Accept)' })
  async receipts(@Param('id', DeclarationIdPipe) id: string, @CurrentPrincipal() principal: Principal, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const { events } = await this.visible(id, principal, false);
    const receipts = receiptsOf(events);
    if (/(application|text)\/xml/i.test(accept ?? '') && !/application\/json/i.test(accept ?? '')) {
      void reply.status(200).header('content-type', 'application/xml; charset=utf-8').send(receiptsXml(receipts));
      return;
    }
    void reply.status(200).header('content-type', 'application/json; charset=utf-8').send({ items: receipts });
  }

  /** The shipment's events and its declaration, or 404 for what the caller may not see (a staged one: its declarant only). */
  private async visible(id: string, principal: Principal, staged: boolean): Promise<{ events: RecordedEvent[]; declaration: DeclarationBody }> {
    if (!UUID.test(id)) throw new NotFoundException(`No declaration ${id}`);
    setCorrelationId(id);
    const events = await this.store.readByCorrelation(id);
    const submitted = events.find((e) => e.type === 'DeclarationSubmitted');
    if (submitted) {
      const view = await this.queries.view(id, principal); // 404 unless the caller may see it
      // As it stands: after an approved amendment or a resubmission, the view's body.
      return { events, declaration: view.declaration ?? (submitted.data as { declaration: DeclarationBody }).declaration };
    }
    const draft = staged ? events.filter((e) => e.type === 'DeclarationStaged').at(-1) : undefined;
    const declaration = (draft?.data as { declaration?: DeclarationBody } | undefined)?.declaration;
    if (!declaration || principal.role !== 'enterprise' || principal.uscc !== declaration.declarant.uscc) throw new NotFoundException(`No declaration ${id}`);
    return { events, declaration };
  }
}
