import {
  BACKWARDS, END, FORWARDS, START, StreamNotFoundError,
  type AllStreamResolvedEvent, type EventStoreDBClient, type Filter,
  type ReadAllOptions as EsReadAllOptions, type ReadStreamOptions as EsReadStreamOptions, type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import type { RecordedEvent } from '../event-store.port';
import { ignore, translate } from './error-mapping';
import { isSystemEvent } from './filters';
import { comparePositions, knownPosition, type LogPosition } from './positions';
import { readBatches } from './read-batches';
import { toRecorded } from './stored-events';
import { linkSignals } from './timing';

/**
 * The EventStoreDB adapter's reads from the server: one stream, pages of $all, $all bounded by a
 * head through a filtered catch-up subscription. Failures of the connection come out as
 * EventStoreUnavailableError.
 */
export class LogReader {
  constructor(
    private readonly client: EventStoreDBClient,
    /** The store's: aborted when it closes. */
    private readonly closing: AbortController,
    private readonly readIdleTimeoutMs: number,
    private readonly scanPageSize: number,
    /** Resolves once the server is known to send "caught up" (its version), which boundedRead relies on. */
    private readonly serverSendsCaughtUp: () => Promise<void>,
  ) {}

  /** Events of one stream (null when the stream does not exist). Links are resolved when asked. */
  async readStreamRaw(streamId: string, options: EsReadStreamOptions): Promise<RecordedEvent[] | null> {
    try {
      const events: RecordedEvent[] = [];
      const read = this.client.readStream(streamId, options);
      read.on('error', ignore);
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = resolved.event ? toRecorded(resolved.event) : null;
        if (event) events.push(event);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw translate(error);
    }
  }

  async readAllRaw(options: EsReadAllOptions): Promise<AllStreamResolvedEvent[]> {
    try {
      const events: AllStreamResolvedEvent[] = [];
      const read = this.client.readAll(options);
      read.on('error', ignore);
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) events.push(resolved);
      return events;
    } catch (error) {
      throw translate(error);
    }
  }

  /** The position of the newest record of $all, system events included (null: empty store). */
  async rawHead(): Promise<LogPosition | null> {
    const [newest] = await this.readAllRaw({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    return knownPosition(newest?.event?.position ?? newest?.link?.position);
  }

  /**
   * Reads $all after `after` with a server-side filter, through a catch-up subscription that is
   * closed once it has passed `head` (an event or checkpoint at or after it, or "caught up"), or
   * once `maxCount` events are accepted. Needs a server that sends "caught up" (23.10+): an
   * older one ends the read only on a checkpoint, which it need not send (the read would then
   * fail after readIdleTimeoutMs), so the version is checked first.
   */
  async boundedRead(args: {
    after: LogPosition | null; head: LogPosition; filter: Filter; maxCount: number; accept: (event: RecordedEvent) => boolean;
  }): Promise<RecordedEvent[]> {
    await this.serverSendsCaughtUp();
    const done = new AbortController();
    const idle = new AbortController();
    let reachedHead = false;
    let timer: NodeJS.Timeout | undefined;
    const progress = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.readIdleTimeoutMs);
    };
    const finish = () => { reachedHead = true; done.abort(); };
    const subscription = this.client.subscribeToAll({
      fromPosition: args.after ?? START,
      filter: {
        ...args.filter,
        checkpointReached: (_subscription, position) => {
          progress();
          if (comparePositions(position, args.head) >= 0) finish();
        },
      },
    });
    subscription.on('error', ignore);
    subscription.on('caughtUp', finish);
    const out: RecordedEvent[] = [];
    const abandon = linkSignals(idle.signal, this.closing.signal);
    progress();
    try {
      for await (const received of readBatches<AllStreamResolvedEvent>(subscription, {
        batchSize: 256, stop: done.signal, signal: abandon.signal,
      })) {
        progress();
        for (const resolved of received) {
          const position = knownPosition(resolved.event?.position);
          const event = resolved.event && position ? toRecorded(resolved.event) : null;
          if (!event || !position) continue;
          if (args.after && comparePositions(position, args.after) <= 0) continue;
          if (comparePositions(position, args.head) >= 0) reachedHead = true;
          if (!args.accept(event)) continue;
          out.push(event);
          if (out.length >= args.maxCount) return out;
        }
        if (reachedHead) done.abort();
      }
    } catch (error) {
      throw translate(error);
    } finally {
      clearTimeout(timer);
      abandon.dispose();
      subscription.unsubscribe().catch(() => undefined);
    }
    if (!reachedHead) {
      throw new EventStoreUnavailableError(
        this.closing.signal.aborted ? 'EventStoreDB event store closed' : `EventStoreDB read of $all made no progress for ${this.readIdleTimeoutMs} ms`,
      );
    }
    return out;
  }

  /** Pages through $all without a server filter (for predicates on metadata), from `after` up to `until`. */
  async scanAll(after: LogPosition | null, until: LogPosition | null, accept: (event: RecordedEvent) => boolean): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    let from: LogPosition | null = after;
    for (;;) {
      const page = await this.readAllRaw({ direction: FORWARDS, fromPosition: from ?? START, maxCount: this.scanPageSize });
      let newest: LogPosition | null = null;
      for (const resolved of page) {
        const raw = resolved.event;
        const position = knownPosition(raw?.position);
        if (!raw || !position) continue;
        if (from && comparePositions(position, from) <= 0) continue; // forwards reads include the start position
        if (until && comparePositions(position, until) > 0) return out;
        newest = position;
        if (isSystemEvent(raw)) continue;
        const event = toRecorded(raw);
        if (event && accept(event)) out.push(event);
      }
      if (page.length < this.scanPageSize || !newest) return out;
      from = newest;
    }
  }
}
