import { Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, tokenExpiry, type Principal } from '@sw/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { bufferTime, concat, concatMap, defer, filter, from, interval, map, merge, mergeMap, takeUntil, type Observable } from 'rxjs';
import { DeclarationStatusQueries } from './declaration-status.queries';
import { StatusChanges } from './status-changes';

export class ExaminationListQuery {
  @ApiPropertyOptional({ enum: ['scheduled', 'completed'] }) @IsOptional() @IsIn(['scheduled', 'completed']) status?: 'scheduled' | 'completed';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** The scheduled examinations a stream opens with (the yard's list, as GET /v1/examinations?status=scheduled reads it). */
const STANDING = 200;
/** Changes are read together, at most this often: one query for a burst of status changes, not one each. */
const GATHER_MS = 250;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Notice = { declarationId: string; status?: unknown; round?: unknown; agencies?: unknown; appointment?: unknown; [key: string]: unknown };

/** 联合查验: the list of examinations, from the status view (one examination, and its view, per shipment). */
@ApiTags('examinations')
@ApiBearerAuth()
@Controller('v1/examinations')
export class ExaminationsQueryController {
  constructor(private readonly queries: DeclarationStatusQueries, private readonly changes: StatusChanges) {}

  @Get()
  @Roles('officer', 'auditor', 'enterprise', 'port-operator')
  @ApiOperation({ summary: 'Examinations: an officer those of shipments routed to its agency, an enterprise its own, a port operator its port\'s (查验通知: bill of lading, conveyance, appointment), an auditor all' })
  list(@Query() query: ExaminationListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.examinations(principal, { status: query.status, page: query.page ?? 1, pageSize: query.pageSize ?? 20 });
  }

  /**
   * 推送查验通知: the yard hears of each examination at its port as it is scheduled, booked, joined
   * or completed, so the container is moved before the officers come. It opens with the standing
   * scheduled ones; a notice is sent again only when what it says changed; a completed one only to
   * a stream that heard of it scheduled (the yard moves the container back).
   */
  @Sse('stream')
  @Roles('port-operator', 'officer', 'auditor')
  @ApiOperation({ summary: 'Server-sent events `notice` (推送查验通知): a port operator\'s port\'s examinations (an officer its agency\'s) as they are scheduled, booked, joined and completed; the scheduled ones first' })
  async stream(@CurrentPrincipal() principal: Principal): Promise<Observable<MessageEvent>> {
    const standing = await this.queries.examinations(principal, { status: 'scheduled', page: 1, pageSize: STANDING });
    const sent = new Map<string, string>();
    const fresh = (notice: Notice): MessageEvent[] => {
      const said = JSON.stringify([notice.status, notice.round, notice.agencies, notice.appointment]);
      if (sent.get(notice.declarationId) === said) return [];
      if (notice.status === 'completed' && !sent.has(notice.declarationId)) return [];
      sent.set(notice.declarationId, said);
      return [{ type: 'notice', id: `${notice.declarationId}:${notice.round ?? 1}:${String(notice.status)}`, data: notice }];
    };
    const changed = this.changes.ids.pipe(
      bufferTime(GATHER_MS),
      map((ids) => [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))]),
      filter((ids) => ids.length > 0),
      concatMap((ids) => defer(() => this.queries.examinations(principal, { ids, page: 1, pageSize: ids.length }))),
    );
    const notices = concat(from([standing]), changed).pipe(mergeMap((page) => from((page.items as Notice[]).flatMap(fresh))));
    const keepAlive = interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    // The stream lives as long as the token that opened it: the client reconnects with a fresh one.
    return merge(notices, keepAlive).pipe(takeUntil(tokenExpiry(principal)));
  }
}
