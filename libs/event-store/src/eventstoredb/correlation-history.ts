import { AccessDeniedError, FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import type { RecordedEvent } from '../event-store.port';
import { translate } from './error-mapping';
import { isSystemEvent } from './filters';
import type { LogReader } from './log-reader';
import { comparePositions, decodePosition, parseProjectionPosition, sortByPosition, type LogPosition } from './positions';
import { sleep } from './timing';

const BY_CORRELATION_PROJECTION = '$by_correlation_id';

/** Where `$by_correlation_id` has got to: its position, its last checkpoint, and whether no link write is pending. */
export interface ProjectionProgress {
  position: LogPosition;
  lastCheckpoint: LogPosition | null;
  settled: boolean;
}

export interface CorrelationHistoryOptions {
  /** Longest wait for the projection to reach the head (default 2000 ms). */
  projectionWaitMs: number;
  /** First pause between two looks at the projection's statistics; doubled each time (default 20 ms). */
  firstPollMs?: number;
  /** Longest pause between two looks (default 400 ms). */
  maxPollMs?: number;
  /** Most events of the projection's lag kept between requests (default 10 000; a longer lag is read again each time). */
  maxRecentEvents?: number;
}

/**
 * A shipment's events (readByCorrelation) on EventStoreDB: the `$bc-<correlationId>` stream that
 * the `$by_correlation_id` projection links, plus what the projection may not have linked yet,
 * read from $all. Concurrent requests share one look at the projection's statistics, the looks
 * back off (about 9 in the 2 s wait instead of one every 10 ms), and the events of $all after the
 * projection's checkpoint are read once and kept: the next request reads only what is newer.
 */
export class CorrelationHistory {
  private inflight: Promise<ProjectionProgress | null> | null = null;
  private lastLook: { at: number; progress: ProjectionProgress | null } | null = null;
  /** The non-system events of $all in (from, to], all shipments. */
  private recent: { from: LogPosition | null; to: LogPosition; events: RecordedEvent[] } | null = null;
  private readonly firstPollMs: number;
  private readonly maxPollMs: number;
  private readonly maxRecentEvents: number;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly reads: LogReader,
    private readonly closing: AbortSignal,
    private readonly options: CorrelationHistoryOptions,
  ) {
    this.firstPollMs = Math.max(1, options.firstPollMs ?? 20);
    this.maxPollMs = Math.max(this.firstPollMs, options.maxPollMs ?? 400);
    this.maxRecentEvents = Math.max(0, options.maxRecentEvents ?? 10_000);
  }

  /** Every event of the shipment up to `head`, in global order. */
  async read(correlationId: string, head: LogPosition): Promise<RecordedEvent[]> {
    const belongs = (event: RecordedEvent) => !isSystemEvent(event) && event.metadata?.correlationId === correlationId;
    const projection = await this.progress(head);
    if (!projection) {
      // $by_correlation_id is not running (or not readable): the slow but complete way.
      return this.reads.scanAll(null, head, belongs);
    }
    const linked = (await this.reads.readStreamRaw(`$bc-${correlationId}`, { direction: FORWARDS, fromRevision: START, resolveLinkTos: true })) ?? [];
    // Links are certainly written for events up to the projection's last checkpoint, or up to
    // its position when no link write is pending; the events after that are read from $all.
    const from = projection.settled ? projection.position : projection.lastCheckpoint;
    const recent = !from || comparePositions(from, head) < 0
      ? (await this.recentEvents(from, head).catch((error) => {
        if (error instanceof EventStoreUnavailableError || !from) throw error;
        return this.reads.scanAll(null, head, () => true); // a projection position that $all does not accept
      })).filter(belongs)
      : [];
    const byId = new Map<string, RecordedEvent>();
    for (const event of linked) if (belongs(event)) byId.set(event.id, event);
    for (const event of recent) byId.set(event.id, event); // read from $all: its position is certain
    return sortByPosition([...byId.values()]);
  }

  /**
   * Where the projection has got to, once it has reached `head` (or the wait is over). Null when
   * it is not running, does not report a position, or its statistics may not be read.
   */
  async progress(head: LogPosition): Promise<ProjectionProgress | null> {
    const deadline = Date.now() + this.options.projectionWaitMs;
    for (let look = 0; ; look++) {
      const progress = await this.status();
      if (!progress) return null;
      const left = deadline - Date.now();
      if (comparePositions(progress.position, head) >= 0 || left <= 0 || this.closing.aborted) return progress;
      await sleep(Math.min(left, this.maxPollMs, this.firstPollMs * 2 ** Math.min(look, 20)), this.closing);
    }
  }

  /** One look at the projection's statistics, shared by the requests that ask meanwhile or within `firstPollMs` of it. */
  private status(): Promise<ProjectionProgress | null> {
    if (this.inflight) return this.inflight;
    if (this.lastLook && Date.now() - this.lastLook.at < this.firstPollMs) return Promise.resolve(this.lastLook.progress);
    const look = this.fetchStatus();
    this.inflight = look;
    look.then((progress) => { this.lastLook = { at: Date.now(), progress }; }, () => { this.lastLook = null; })
      .finally(() => { if (this.inflight === look) this.inflight = null; });
    return look;
  }

  private async fetchStatus(): Promise<ProjectionProgress | null> {
    let details: Awaited<ReturnType<EventStoreDBClient['getProjectionStatus']>> | undefined;
    try {
      details = await this.client.getProjectionStatus(BY_CORRELATION_PROJECTION);
    } catch (error) {
      if (error instanceof AccessDeniedError) return null; // statistics not readable: scan instead
      const translated = translate(error);
      if (translated instanceof EventStoreUnavailableError) throw translated;
      return null; // projections subsystem off, or projection not found
    }
    if (!details || details.projectionStatus !== 'Running') return null;
    const position = parseProjectionPosition(details.position);
    if (!position) return null;
    return {
      position,
      lastCheckpoint: parseProjectionPosition(details.lastCheckpoint),
      settled: details.writesInProgress === 0 && details.writePendingEventsBeforeCheckpoint === 0 && details.writePendingEventsAfterCheckpoint === 0,
    };
  }

  /** The non-system events of $all in (from, head]: what was read for an earlier request and still applies, and only the rest from the server. */
  private async recentEvents(from: LogPosition | null, head: LogPosition): Promise<RecordedEvent[]> {
    const cached = this.recent;
    const usable = cached
      && (cached.from === null || (from !== null && comparePositions(cached.from, from) <= 0))
      && (from === null || comparePositions(cached.to, from) >= 0);
    let events: RecordedEvent[];
    let to: LogPosition;
    if (cached && usable) {
      const newer = comparePositions(head, cached.to) > 0 ? await this.reads.scanAll(cached.to, head, () => true) : [];
      events = [...cached.events, ...newer];
      to = comparePositions(head, cached.to) > 0 ? head : cached.to;
    } else {
      events = await this.reads.scanAll(from, head, () => true);
      to = head;
    }
    const after = from ? events.filter((event) => comparePositions(decodePosition(event.position), from) > 0) : events;
    this.recent = after.length <= this.maxRecentEvents ? { from, to, events: after } : null;
    return after.filter((event) => comparePositions(decodePosition(event.position), head) <= 0);
  }
}
