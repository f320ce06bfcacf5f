import { Controller, Get, Param, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeclarationIdPipe, ListDeclarationsQuery } from '@sw/declaration';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal, tokenExpiry } from '@sw/platform';
import { concat, concatMap, defer, filter, from, interval, map, merge, mergeMap, takeUntil, type Observable } from 'rxjs';
import { DeclarationStatusQueries } from './declaration-status.queries';
import type { StatusView } from './status-view';
import { StatusChanges } from './status-changes';
import { receiptsOf } from '../declaration-message/receipts';

/** 单一窗口申报: follow one status (the declaration context takes the POSTs on the same path). */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class DeclarationsQueryController {
  constructor(private readonly queries: DeclarationStatusQueries, private readonly changes: StatusChanges) {}

  @Get()
  @Roles('enterprise', 'broker', 'officer', 'auditor')
  @ApiOperation({ summary: 'Declarations, searched: an enterprise those it filed or were filed for it, a broker those it filed, an officer those routed to its agency, an auditor all' })
  list(@Query() query: ListDeclarationsQuery, @CurrentPrincipal() principal: Principal) {
    const { page, pageSize, ...search } = query;
    return this.queries.list(principal, { ...search, page: page ?? 1, pageSize: pageSize ?? 20 });
  }

  @Get(':id')
  @Roles('enterprise', 'broker', 'officer', 'auditor')
  @ApiOperation({ summary: 'The status view of one declaration (by its id or its 18-digit customs number 海关编号), with the port charges recorded on it' })
  view(@Param('id', DeclarationIdPipe) id: string, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(id);
    return this.queries.view(id, principal);
  }

  @Sse(':id/stream')
  @Roles('enterprise', 'broker', 'officer', 'auditor')
  @ApiOperation({ summary: 'Server-sent events: the status view each time it changes (执法结果反馈); by id or customs number' })
  async stream(@Param('id', DeclarationIdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<Observable<MessageEvent>> {
    const first = await this.queries.view(id, principal); // 404 before any stream opens
    let sent: StatusView | null = null;
    const updates = this.changes.ids.pipe(
      filter((changed) => changed === id),
      mergeMap(() => defer(() => this.queries.view(id, principal))),
    );
    const views = concat(from([first]), updates).pipe(
      // The reads run concurrently (mergeMap) and may answer out of order: a view older than the
      // last one sent is dropped, so the stream never steps back (nor repeats itself).
      filter((view) => {
        const fresh = !sent || view.eventCount > sent.eventCount || (view.eventCount === sent.eventCount && view.status !== sent.status);
        if (fresh) sent = view;
        return fresh;
      }),
      map((view): MessageEvent => ({ type: 'status', id: String(view.eventCount), data: view })),
    );
    // 回执: each receipt (DEC_RESULT) once, as the status changes (API.md "The real client's message").
    let receiptsSent = 0;
    const receipts = concat(from([id]), this.changes.ids.pipe(filter((changed) => changed === id))).pipe(
      concatMap(() => defer(() => this.queries.shipmentEvents(id))),
      mergeMap((events) => {
        const all = receiptsOf(events);
        const fresh = all.slice(receiptsSent);
        receiptsSent = Math.max(receiptsSent, all.length);
        return from(fresh.map((receipt): MessageEvent => ({ type: 'receipt', data: receipt })));
      }),
    );
    const keepAlive = interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    // The stream lives as long as the token that opened it: the client reconnects with a fresh one.
    return merge(views, receipts, keepAlive).pipe(takeUntil(tokenExpiry(principal)));
  }
}
