import { randomUUID } from 'node:crypto';
import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, NO_STREAM, START, WrongExpectedVersionError, jsonEvent,
  type AppendExpectedRevision, type JSONType, type Position as EsPosition,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult, EventMetadata, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, SubscriptionBatch,
} from '../event-store.port';
import { canonicalEventText, chainHash } from '../hash-chain';
import { translate } from './error-mapping';
import { isSystemEvent, matchesFilter, toServerFilter } from './filters';
import { LogReader } from './log-reader';
import { comparePositions, decodePosition, encodePosition, knownPosition, sortByPosition, type LogPosition } from './positions';
import { findReappend } from './reappend';
import { untilTime, type StoredMetadata } from './stored-events';
import { subscribeFrom } from './subscription';
import { backoffMs, linkSignals, sleep } from './timing';
/**
 * The EventStoreDB / KurrentDB adapter (`@eventstore/db-client` 6.x, gRPC). For clusters the
 * connection string lists the nodes (`esdb://node1:2113,node2:2113,node3:2113?tls=false`, tls=false
 * for a local insecure cluster only) and the client follows the leader; appends and the reads that
 * precede them go to the leader.
 *
 * Server requirements
 * - EventStoreDB 22.6+ or KurrentDB: positions on stream reads (23.10+ also sends "caught up",
 *   which ends bounded reads of $all early; older servers end them on the end-of-catch-up checkpoint).
 * - Projections running with the standard ones started (`--run-projections=System` or `All` and
 *   `--start-standard-projections=true`; KURRENTDB_RUN_PROJECTIONS / KURRENTDB_START_STANDARD_PROJECTIONS):
 *   readByCorrelation reads the `$bc-<correlationId>` streams written by the `$by_correlation_id`
 *   system projection (every event carries `$correlationId` in its metadata for it), reads from
 *   `$all` only what the projection may not have linked yet, and falls back to a scan of the whole
 *   of `$all` (slow) when the projection is not running.
 * - In secure mode, a user that may read `$all` and projection statistics (admin or ops by default).
 *
 * Positions are `<commit>/<prepare>` of the transaction log, kept as bigint end to end.
 *
 * Where this adapter differs from the PostgreSQL one:
 * - An event id already stored in ANOTHER stream is not detected (no DuplicateEventIdError):
 *   EventStoreDB only deduplicates ids within a stream, and finding an id elsewhere would take a
 *   scan of `$all` or a second, non-atomic write per event. Re-appends to the same stream are
 *   recognised, and refused with DuplicateEventIdError when they only partly match what is stored.
 * - Re-appends are recognised within the newest `idempotencyWindow` events of the stream.
 * - Filtered reads of `$all`: 6.x `readAll` takes no filter (server-side filtering of plain reads
 *   arrived with `@kurrent/kurrentdb-client` 1.0), so `readAll` runs a filtered catch-up subscription
 *   bounded by the head of `$all` at the time of the call: the filtering still happens on the server.
 * - The hash chain is computed from the stream's last event read just before the write; the write
 *   expects exactly that revision, so a concurrent writer makes it fail rather than fork the chain.
 */
export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113,host2:2113?tls=false` (tls=false for local use only). */
  connectionString: string;
  /** How many of the newest events of a stream are searched for an idempotent re-append (default 64). */
  idempotencyWindow?: number;
  /** Attempts of an 'any' / 'stream-exists' append that keeps losing races, before it gives up with WrongExpectedRevisionError (default 100; a write that failed in transit is retried at most 5 times). */
  maxAppendAttempts?: number;
  /** Longest wait for `$by_correlation_id` to catch up with the head in readByCorrelation (default 2000 ms). */
  projectionWaitMs?: number;
  /** A bounded read of `$all` that receives nothing (no event, no checkpoint) for this long fails (default 15000 ms). */
  readIdleTimeoutMs?: number;
  /** Page size of unfiltered `$all` scans (default 500). */
  scanPageSize?: number;
}

interface PreparedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash'>;
}

export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb' as const;
  private readonly client: EventStoreDBClient;
  private readonly closing = new AbortController();
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;
  private readonly scanPageSize: number;
  /** Reads of streams, of $all, and of the correlation projection's progress. */
  private readonly reads: LogReader;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.idempotencyWindow = Math.max(1, options.idempotencyWindow ?? 64);
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 100);
    const projectionWaitMs = Math.max(0, options.projectionWaitMs ?? 2000);
    const readIdleTimeoutMs = Math.max(100, options.readIdleTimeoutMs ?? 15_000);
    this.scanPageSize = Math.max(1, options.scanPageSize ?? 500);
    this.reads = new LogReader(this.client, this.closing, readIdleTimeoutMs, this.scanPageSize, projectionWaitMs);
  }

  /** One after the other: EventStoreDB writes one stream per call. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const { streamId, events, expected } of appends) results.push(await this.append(streamId, events, expected));
    return results;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared: PreparedEvent[] = events.map((event) => ({
      id: event.id ?? randomUUID(),
      type: event.type,
      // Stored and hashed from the same JSON, so the verifier recomputes the same text.
      data: JSON.parse(JSON.stringify(event.data ?? null)),
      metadata: JSON.parse(JSON.stringify({
        ...event.metadata,
        occurredAt: event.metadata.occurredAt ?? new Date().toISOString(),
        schemaVersion: event.metadata.schemaVersion ?? 1,
      })),
    }));
    const ids = prepared.map((event) => event.id);
    const callerGaveIds = events.some((event) => event.id !== undefined);
    let inDoubt = false; // a previous attempt may have been written (the connection failed mid-call)

    for (let attempt = 1; ; attempt++) {
      const searchIds = prepared.length > 0 && (callerGaveIds || inDoubt);
      const tail = await this.readTail(streamId, searchIds ? this.idempotencyWindow + prepared.length : 1);
      if (searchIds && tail) {
        const found = findReappend(streamId, tail, ids);
        if (found) return found;
      }
      const last = tail?.[0] ?? null; // newest first
      const current = last ? last.revision : null;
      if (expected === 'no-stream' && current !== null) throw new WrongExpectedRevisionError(streamId, expected, current);
      if (expected === 'stream-exists' && current === null) throw new WrongExpectedRevisionError(streamId, expected, 'no-stream');
      if (typeof expected === 'number' && current !== expected) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no-stream');
      if (prepared.length === 0) return { nextRevision: current ?? -1, position: '' };

      let previousHash = last?.metadata.hash ?? '';
      const payload = prepared.map((event) => {
        const hash = chainHash(previousHash, canonicalEventText({ streamId, ...event }));
        previousHash = hash;
        const metadata: StoredMetadata = { ...event.metadata, hash, $correlationId: event.metadata.correlationId };
        if (event.metadata.causationId !== undefined) metadata.$causationId = event.metadata.causationId;
        return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata });
      });
      // Always the exact state read: the hashes chain onto that event and no other.
      const expectedRevision: AppendExpectedRevision = current === null ? NO_STREAM : BigInt(current);

      try {
        const result = await this.client.appendToStream(streamId, payload, { expectedRevision });
        const position = knownPosition(result.position);
        return {
          nextRevision: Number(result.nextExpectedRevision),
          position: position ? encodePosition(position) : await this.positionOf(streamId, Number(result.nextExpectedRevision)),
        };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if ((expected === 'any' || expected === 'stream-exists') && attempt < this.maxAppendAttempts) {
            await sleep(backoffMs(attempt, { baseMs: 2, capMs: 100 }));
            continue;
          }
          const actual = error.actualVersion;
          throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' && actual >= 0n ? Number(actual) : 'no-stream');
        }
        const translated = translate(error);
        if (translated instanceof EventStoreUnavailableError && attempt < Math.min(this.maxAppendAttempts, 5) && !this.closing.signal.aborted) {
          // The write may or may not have happened: the next attempt looks for these ids first.
          inDoubt = true;
          await sleep(backoffMs(attempt, { baseMs: 100, capMs: 2000 }), this.closing.signal);
          continue;
        }
        throw translated;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = Math.max(0, options.fromRevision ?? 0);
    const to = options.toRevision;
    if (to !== undefined && to < from) return [];
    const events = await this.reads.readStreamRaw(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(from),
      ...(to !== undefined ? { maxCount: to - from + 1 } : {}),
    }) ?? [];
    return untilTime(events, options.untilTime);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1000;
    if (maxCount <= 0) return [];
    const filter = toServerFilter(options.filter);
    if (!filter) return [];
    const after = options.after ? decodePosition(options.after) : null;
    const head = await this.reads.rawHead();
    if (!head || (after && comparePositions(after, head) >= 0)) return [];
    return this.reads.boundedRead({
      after, head, filter, maxCount,
      accept: (event) => !isSystemEvent(event) && matchesFilter(event, options.filter),
    });
  }

  async readByCorrelation(correlationId: string, options: { untilTime?: Date } = {}): Promise<RecordedEvent[]> {
    const belongs = (event: RecordedEvent) => !isSystemEvent(event) && event.metadata?.correlationId === correlationId;
    const headText = await this.headPosition();
    if (!headText) return [];
    const head = decodePosition(headText); // everything appended before this call, at least
    const projection = await this.reads.correlationProjection(head);
    let events: RecordedEvent[];
    if (!projection) {
      // $by_correlation_id is not running (or not readable): the slow but complete way.
      events = await this.reads.scanAll(null, head, belongs);
    } else {
      const linked = (await this.reads.readStreamRaw(`$bc-${correlationId}`, { direction: FORWARDS, fromRevision: START, resolveLinkTos: true })) ?? [];
      // Links are certainly written for events up to the projection's last checkpoint, or up to
      // its position when no link write is pending; the events after that are read from $all.
      const from = projection.settled ? projection.position : projection.lastCheckpoint;
      const recent = !from || comparePositions(from, head) < 0
        ? await this.reads.scanAll(from, head, belongs).catch((error) => {
          if (error instanceof EventStoreUnavailableError || !from) throw error;
          return this.reads.scanAll(null, head, belongs); // a projection position that $all does not accept
        })
        : [];
      const byId = new Map<string, RecordedEvent>();
      for (const event of linked) if (belongs(event)) byId.set(event.id, event);
      for (const event of recent) byId.set(event.id, event); // read from $all: its position is certain
      events = sortByPosition([...byId.values()]);
    }
    return untilTime(events, options.untilTime);
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    const batchSize = Math.max(1, options.batchSize ?? 500);
    const filter = toServerFilter(options.filter);
    const after = options.after ? decodePosition(options.after) : null;
    const linked = linkSignals(options.signal, this.closing.signal);
    const stop = linked.signal;
    try {
      if (!filter) {
        while (!stop.aborted) await sleep(60_000, stop); // matches nothing: wait for the end
        return;
      }
      yield* subscribeFrom(this.client, after, filter, options, batchSize, stop);
    } finally {
      linked.dispose();
    }
  }

  async headPosition(): Promise<Position | null> {
    // Backwards from the end, past the system events (projection links, checkpoints) written last.
    let from: EsPosition | typeof END = END;
    let seen: LogPosition | null = null;
    for (let pageSize = Math.min(32, this.scanPageSize); ; pageSize = Math.min(pageSize * 2, this.scanPageSize)) {
      const page = await this.reads.readAllRaw({ direction: BACKWARDS, fromPosition: from, maxCount: pageSize });
      let oldest: LogPosition | null = null;
      for (const resolved of page) {
        const event = resolved.event;
        const position = knownPosition(event?.position);
        if (!event || !position || (seen && comparePositions(position, seen) >= 0)) continue;
        oldest = position;
        if (!isSystemEvent(event)) return encodePosition(position);
      }
      if (page.length < pageSize || !oldest) return null;
      seen = oldest;
      from = oldest;
    }
  }

  async ping(): Promise<void> {
    await this.reads.readAllRaw({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.dispose();
  }

  /* -------------------------------------------------------------------------------------------- */

  /** The newest events of a stream, newest first (null: no stream). Read on the leader. */
  private async readTail(streamId: string, count: number): Promise<RecordedEvent[] | null> {
    const events = await this.reads.readStreamRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: count, requiresLeader: true });
    return events && events.length > 0 ? events : null;
  }

  /** The position of one event, for a server that did not report the position of an append. */
  private async positionOf(streamId: string, revision: number): Promise<Position> {
    const events = await this.reads.readStreamRaw(streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1, requiresLeader: true });
    return events?.[0]?.position ?? '';
  }
}
