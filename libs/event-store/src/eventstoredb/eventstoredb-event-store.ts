import { randomUUID } from 'node:crypto';
import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, NO_STREAM, WrongExpectedVersionError, jsonEvent,
  type AppendExpectedRevision, type JSONType, type Position as EsPosition,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult, EventMetadata, EventStore, EventStoreCapabilities, ExpectedRevision, NewEvent, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, SubscriptionBatch,
} from '../event-store.port';
import { canonicalEventText, chainHash } from '../hash-chain';
import { CorrelationHistory } from './correlation-history';
import { translate } from './error-mapping';
import { isSystemEvent, matchesFilter, toServerFilter } from './filters';
import { LogReader } from './log-reader';
import { comparePositions, decodePosition, encodePosition, knownPosition, type LogPosition } from './positions';
import { findReappend } from './reappend';
import { EventStoreDbSetupError, checkDeployment, reportedServerVersion, serverVersionProblem, type DeploymentReport } from './server-check';
import { untilTime, type StoredMetadata } from './stored-events';
import { subscribeFrom } from './subscription';
import { backoffMs, linkSignals, sleep } from './timing';
/**
 * The EventStoreDB / KurrentDB adapter (`@eventstore/db-client` 6.x, gRPC). The connection string
 * is the client's: `esdb://` or `esdb+discover://` (6.x parses no other scheme; `kurrentdb://` is
 * the successor client's). For clusters it lists the nodes (`esdb://node1:2113,node2:2113,node3:2113`)
 * and the client follows the leader; appends and the reads that precede them go to the leader.
 * `tls=false` for a local insecure cluster only.
 *
 * Server requirements (checkDeployment() checks them when the application starts)
 * - EventStoreDB 23.10 or later, or any KurrentDB: bounded reads of `$all` (readAll) end on the
 *   "caught up" message of a catch-up subscription, which older servers do not send. The version
 *   is also checked before the first such read.
 * - Projections running with the standard ones started (`--run-projections=System` or `All` and
 *   `--start-standard-projections=true`; KURRENTDB_RUN_PROJECTIONS / KURRENTDB_START_STANDARD_PROJECTIONS):
 *   readByCorrelation reads the `$bc-<correlationId>` streams written by the `$by_correlation_id`
 *   system projection (every event carries `$correlationId` in its metadata for it), reads from
 *   `$all` only what the projection may not have linked yet, and falls back to a scan of the whole
 *   of `$all` (slow) when the projection is not running. Without it the check warns.
 * - In secure mode, a user that may read `$all` and the `$bc-*` system streams: by default only
 *   members of `$admins` (`ops` is not enough). A refusal is EventStoreUnavailableError (HTTP 503)
 *   with what the user needs; subscriptions keep retrying until an operator grants it.
 *
 * Positions are `<commit>/<prepare>` of the transaction log, kept as bigint end to end.
 *
 * Where this adapter differs from the PostgreSQL one (declared in `capabilities`):
 * - Event ids are unique per stream only (`eventIdsUniqueAcrossStreams: false`): an id already
 *   stored in ANOTHER stream is not detected, as on the server. Finding it would take a scan of
 *   `$all` or a second, non-atomic write per event. Re-appends to the same stream are recognised
 *   wherever in the stream they are (the stream is read back until the first id is found: one read
 *   for streams of up to `scanPageSize` events), and refused with DuplicateEventIdError when they
 *   only partly match what is stored.
 * - Filtered reads of `$all`: 6.x `readAll` takes no filter (server-side filtering of plain reads
 *   arrived with `@kurrent/kurrentdb-client` 1.0), so `readAll` runs a filtered catch-up subscription
 *   bounded by the head of `$all` at the time of the call: the filtering still happens on the server.
 * - The hash chain is computed from the stream's last event read just before the write; the write
 *   expects exactly that revision, so a concurrent writer makes it fail rather than fork the chain
 *   (then the ids are looked for again: the winner may have written these very events).
 */
export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113,host2:2113?tls=false` (tls=false for local use only). */
  connectionString: string;
  /** A client made elsewhere, used instead of one from `connectionString` (unit tests give one with a scripted gRPC transport). */
  client?: EventStoreDBClient;
  /** Attempts of an 'any' / 'stream-exists' append that keeps losing races, before it gives up with WrongExpectedRevisionError (default 100; a write that failed in transit is retried at most 5 times). */
  maxAppendAttempts?: number;
  /** Longest wait for `$by_correlation_id` to catch up with the head in readByCorrelation (default 2000 ms). */
  projectionWaitMs?: number;
  /** A bounded read of `$all` that receives nothing (no event, no checkpoint) for this long fails (default 15000 ms). */
  readIdleTimeoutMs?: number;
  /** Page size of unfiltered `$all` scans and of the search of a stream for re-appended ids (default 500). */
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
  readonly capabilities: EventStoreCapabilities = { eventIdsUniqueAcrossStreams: false };
  private readonly client: EventStoreDBClient;
  private readonly closing = new AbortController();
  private readonly maxAppendAttempts: number;
  private readonly scanPageSize: number;
  /** Reads of streams and of $all. */
  private readonly reads: LogReader;
  private readonly history: CorrelationHistory;
  /** The server's version, found good (reset on failure: the next read asks again). */
  private versionChecked: Promise<void> | null = null;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = options.client ?? EventStoreDBClient.connectionString(options.connectionString);
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 100);
    const projectionWaitMs = Math.max(0, options.projectionWaitMs ?? 2000);
    const readIdleTimeoutMs = Math.max(100, options.readIdleTimeoutMs ?? 15_000);
    this.scanPageSize = Math.max(1, options.scanPageSize ?? 500);
    this.reads = new LogReader(this.client, this.closing, readIdleTimeoutMs, this.scanPageSize, () => this.requireServerVersion());
    this.history = new CorrelationHistory(this.client, this.reads, this.closing.signal, { projectionWaitMs });
  }

  /**
   * What the deployment needs of the server: its version, the user's rights to read `$all` and
   * `$bc-*`, and (a warning only) the `$by_correlation_id` projection. Throws EventStoreDbSetupError
   * with what to change, or EventStoreUnavailableError when the server cannot be reached.
   */
  async checkDeployment(): Promise<DeploymentReport> {
    const report = await checkDeployment(this.client);
    this.versionChecked ??= Promise.resolve();
    return report;
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
    let recheckedAfterConflict = false;

    for (let attempt = 1; ; attempt++) {
      const searchIds = prepared.length > 0 && (callerGaveIds || inDoubt);
      const tail = await this.readTail(streamId, searchIds ? this.scanPageSize : 1);
      if (searchIds && tail) {
        const found = findReappend(streamId, await this.readBackTo(streamId, tail, ids[0]), ids);
        if (found) return found;
      }
      const last = tail?.[0] ?? null; // newest first
      const current = last ? last.revision : null;
      if (expected === 'no-stream' && current !== null) throw new WrongExpectedRevisionError(streamId, expected, current);
      if (expected === 'stream-exists' && current === null) throw new WrongExpectedRevisionError(streamId, expected, 'no-stream');
      if (typeof expected === 'number' && current !== expected) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no-stream');
      if (prepared.length === 0) {
        // Nothing written: where the stream ends, or (no stream) the head of the log, so that a
        // reader "after" it skips nothing of this call's and reads nothing before it again.
        return { nextRevision: current ?? -1, position: last?.position || (await this.headPosition()) || '' };
      }

      let previousHash = last?.metadata.hash ?? '';
      const payload = prepared.map((event) => {
        const hash = chainHash(previousHash, canonicalEventText({ streamId, ...event }));
        previousHash = hash;
        const metadata: StoredMetadata = { ...event.metadata, hash, $correlationId: event.metadata.correlationId };
        if (event.metadata.causationId !== undefined) metadata.$causationId = event.metadata.causationId;
        return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata });
      });
      // Always the exact state read: the hashes chain onto that event and no other. (The server
      // then checks no ids: the search above is what recognises a re-append.)
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
          if (callerGaveIds && !recheckedAfterConflict) {
            // The writer that won may have written these very events (the same command, twice).
            recheckedAfterConflict = true;
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

  async readByCorrelation(correlationId: string, options: { untilTime?: Date; after?: Position | null } = {}): Promise<RecordedEvent[]> {
    const headText = await this.headPosition();
    if (!headText) return [];
    // Everything appended before this call, at least.
    const events = untilTime(await this.history.read(correlationId, decodePosition(headText)), options.untilTime);
    const after = options.after ? decodePosition(options.after) : null;
    return after ? events.filter((event) => event.position && comparePositions(decodePosition(event.position), after) > 0) : events;
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

  /** Fails unless the server is new enough for boundedRead (asked once; again after a failure). */
  private requireServerVersion(): Promise<void> {
    this.versionChecked ??= reportedServerVersion(this.client).then((version) => {
      const problem = serverVersionProblem(version);
      if (problem) throw new EventStoreDbSetupError(`EventStoreDB event store cannot be used: ${problem}`);
    }).catch((error) => {
      this.versionChecked = null;
      throw translate(error);
    });
    return this.versionChecked;
  }

  /**
   * The stream's events from the newest back to the one with `id`, or back to the start when it
   * is not there: `newest` is the first page (newest first), read further page by page.
   */
  private async readBackTo(streamId: string, newest: RecordedEvent[], id: string): Promise<RecordedEvent[]> {
    const events = [...newest];
    let page = newest;
    while (page.length >= this.scanPageSize && !page.some((event) => event.id === id)) {
      const oldest = page[page.length - 1].revision;
      if (oldest <= 0) break;
      page = (await this.reads.readStreamRaw(streamId, {
        direction: BACKWARDS, fromRevision: BigInt(oldest - 1), maxCount: this.scanPageSize, requiresLeader: true,
      })) ?? [];
      events.push(...page);
    }
    return events;
  }

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
