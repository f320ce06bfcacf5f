import { Client, Pool, type PoolConfig } from 'pg';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult, EventFilter, EventStore, EventStoreCapabilities, ExpectedRevision, NewEvent, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, SubscriptionBatch,
} from '../event-store.port';
import { translate } from './error-mapping';
import { comparePositions, parsePosition } from './positions';
import { GroupCommit, type GroupCommitOptions } from './group-commit';
import { prepare, type PreparedAppend } from './prepared-append';
import { EVENT_STORE_SCHEMA } from './schema';
import {
  APPEND_MANY_SQL, APPEND_SQL, FIND_APPENDED_SQL, FIRST_WAITING_SQL, HEAD_SQL, READ_CORRELATION_SQL, READ_STREAM_SQL, countAfterSql, filterClause,
  linesOf, readAllSql, readWithProgressSql, toRecorded, type EventRow,
} from './sql';
import { PostgresSubscriptions } from './subscriptions';
import { TimeoutSafeClient } from './timeout-safe-client';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections for appends and reads (default 10). */
  poolSize?: number;
  /** Longest wait for a notification before a subscriber polls anyway (default 500 ms). */
  pollIntervalMs?: number;
  /**
   * After a wake-up, a caught-up subscriber waits this long before it reads (default 5 ms), so
   * that the appends of that moment arrive as one batch rather than one each: under load, every
   * append wakes every subscriber.
   */
  coalesceMs?: number;
  /** A query with no answer after this long fails as unavailable (default 15 s): a frozen server must not hang requests. */
  queryTimeoutMs?: number;
  /**
   * Newest events kept in memory for the subscribers of this process (default 5,000; 0: none).
   * They read the log once between them instead of once each; one further behind reads the store.
   */
  sharedTailEvents?: number;
  /**
   * Group commit of concurrent appends (group-commit.ts): on by default, as many statements at
   * once as the pool has connections, up to 64 appends each (bench/group-commit-ab.ts: fewer at
   * once than the writers' concurrency cost throughput on 2 cores; more writers than connections
   * gain from it); `false` writes every append alone.
   */
  groupCommit?: GroupCommitOptions | false;
}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres' as const;
  readonly capabilities: EventStoreCapabilities = { eventIdsUniqueAcrossStreams: true };
  private readonly pool: Pool;
  /** Wake-ups, the shared tail of the log, and each subscriber's read loop. */
  private readonly subscriptions: PostgresSubscriptions;
  /** Concurrent appends coalesced into one statement and one commit (null: each alone). */
  private readonly group: GroupCommit<PreparedAppend, AppendResult> | null;

  constructor(private readonly options: PostgresEventStoreOptions) {
    const config: PoolConfig = { connectionString: options.connectionString, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, query_timeout: options.queryTimeoutMs ?? 15_000, Client: TimeoutSafeClient };
    this.pool = new Pool(config);
    this.pool.on('error', () => { /* an idle client died (server restart): the pool replaces it */ });
    this.subscriptions = new PostgresSubscriptions(this.pool, options, (after, limit, filter) => this.readWithProgress(after, limit, filter));
    this.group = options.groupCommit === false ? null
      // As many statements at once as the pool has connections: below that every append goes alone
      // (nothing changes); above it, those that would wait for a connection go together instead.
      : new GroupCommit((items) => this.appendGroup(items), (item) => this.appendPrepared(item), { maxInFlight: options.poolSize ?? 10, ...options.groupCommit });
  }

  /** Creates the tables and the append function (the app does this through its TypeORM migration). */
  static async createSchema(connectionString: string): Promise<void> {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await client.query(`select pg_advisory_lock(hashtext('sw_event_store_schema'))`);
      await client.query(EVENT_STORE_SCHEMA);
    } finally {
      await client.end();
    }
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepare({ streamId, events, expected });
    return this.group ? this.group.write(prepared) : this.appendPrepared(prepared);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const prepared = appends.map(prepare);
    if (prepared.length === 1) return [await this.appendPrepared(prepared[0])];
    if (prepared.length === 0) return [];
    try {
      return await this.appendManyStatement(prepared);
    } catch (error) {
      const err = error as { code?: string; constraint?: string };
      if (err.code !== 'SW001' && !(err.code === '23505' && err.constraint === 'events_event_id')) throw translate(error);
      // Refused, so nothing was written: one by one, each says which stream refused and why,
      // and finds the appends of an earlier attempt (the same ids) already done.
      const results: AppendResult[] = [];
      for (const append of prepared) results.push(await this.appendPrepared(append));
      return results;
    }
  }

  /**
   * A group commit's statement: the appends of several callers, sorted by stream (so that two
   * groups lock streams in one order and cannot deadlock; appends to one stream keep their
   * order), results in the callers' order. Throws as the statement fails (GroupCommit then
   * writes each alone).
   */
  private async appendGroup(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    const order = prepared.map((_, index) => index).sort((a, b) => (prepared[a].streamId < prepared[b].streamId ? -1 : prepared[a].streamId > prepared[b].streamId ? 1 : a - b));
    const sorted = await this.appendManyStatement(order.map((index) => prepared[index]));
    const results: AppendResult[] = new Array(prepared.length);
    order.forEach((index, at) => (results[index] = sorted[at]));
    return results;
  }

  /** sw_append once per stream, in order, in one statement (one transaction); throws the raw error. */
  private async appendManyStatement(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    // The slices of the flat id and text arrays are each stream's events.
    const first: number[] = [];
    const last: number[] = [];
    let count = 0;
    for (const append of prepared) {
      first.push(count + 1);
      count += append.ids.length;
      last.push(count);
    }
    const { rows } = await this.pool.query<{ next_revision: string; tx: string | null; last_position: string | null }>({
      name: 'sw_append_many',
      text: APPEND_MANY_SQL,
      values: [prepared.map((a) => a.streamId), prepared.map((a) => a.code), first, last, prepared.flatMap((a) => a.ids), linesOf(prepared.flatMap((a) => a.canonical))],
    });
    if (rows.some((row) => row.tx !== null)) this.subscriptions.announce();
    const results: AppendResult[] = [];
    for (const [index, row] of rows.entries()) {
      const nextRevision = Number(row.next_revision);
      results.push({ nextRevision, position: row.tx === null ? await this.positionOfNothing(prepared[index].streamId, nextRevision) : `${row.tx}/${row.last_position}` });
    }
    return results;
  }

  private async appendPrepared({ streamId, expected, code, ids, canonical }: PreparedAppend): Promise<AppendResult> {
    try {
      const { rows } = await this.pool.query({
        name: 'sw_append',
        text: APPEND_SQL,
        values: [streamId, code, ids, linesOf(canonical)],
      });
      const row = rows[0];
      if (row.tx !== null) this.subscriptions.announce();
      const nextRevision = Number(row.next_revision);
      return { nextRevision, position: row.tx === null ? await this.positionOfNothing(streamId, nextRevision) : `${row.tx}/${row.last_position}` };
    } catch (error) {
      const err = error as { code?: string; detail?: string; constraint?: string };
      const duplicate = err.code === '23505' && err.constraint === 'events_event_id';
      if (err.code === 'SW001' || duplicate) {
        // A retried append fails here: if these very events are stored, return the first result.
        const replay = await this.findAppended(streamId, ids);
        if (replay) return replay;
      }
      if (err.code === 'SW001') {
        const actual = Number(err.detail);
        throw new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no-stream' : actual);
      }
      if (duplicate) throw new DuplicateEventIdError(/\(event_id\)=\(([^)]+)\)/.exec(err.detail ?? '')?.[1] ?? '', streamId);
      throw translate(error);
    }
  }

  /** The position of an append of no events (AppendResult): where the stream ends, or the head when there is no stream. */
  private async positionOfNothing(streamId: string, revision: number): Promise<Position> {
    const [last] = revision >= 0 ? await this.readStream(streamId, { fromRevision: revision, toRevision: revision }) : [];
    return last?.position ?? (await this.headPosition()) ?? '';
  }

  /** The result of an earlier append of exactly these events to this stream, or null. */
  private async findAppended(streamId: string, ids: string[]): Promise<AppendResult | null> {
    if (ids.length === 0) return null;
    const { rows } = await this.query<{ event_id: string; stream_id: string; revision: string; tx: string; global_position: string }>({
      name: 'sw_find_appended',
      text: FIND_APPENDED_SQL,
      values: [ids],
    });
    if (rows.length !== ids.length) return null;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const first = Number(byId.get(ids[0])!.revision);
    const inPlace = ids.every((id, i) => byId.get(id)!.stream_id === streamId && Number(byId.get(id)!.revision) === first + i);
    if (!inPlace) return null;
    const last = byId.get(ids[ids.length - 1])!;
    return { nextRevision: Number(last.revision), position: `${last.tx}/${last.global_position}` };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.query<EventRow>({
      name: 'sw_read_stream',
      text: READ_STREAM_SQL,
      values: [streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER, options.untilTime ?? null],
    });
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const [tx, position] = parsePosition(options.after ?? null);
    const { clause, value } = filterClause(options.filter);
    const { rows } = await this.query<EventRow>({
      text: readAllSql(clause),
      values: value === undefined ? [tx, position, options.maxCount ?? 1000] : [tx, position, options.maxCount ?? 1000, value],
    });
    return rows.map(toRecorded);
  }

  async readByCorrelation(correlationId: string, options: { untilTime?: Date; after?: Position | null } = {}): Promise<RecordedEvent[]> {
    const [tx, position] = parsePosition(options.after ?? null);
    const { rows } = await this.query<EventRow>({
      name: 'sw_read_correlation_after',
      text: READ_CORRELATION_SQL,
      values: [correlationId, options.untilTime ?? null, tx, position],
    });
    return rows.map(toRecorded);
  }

  /**
   * The next events after `after` that pass the filter, and how far that read went: the last
   * event's position when the batch is full, else the newest stable position (everything up to
   * it was read, and the filter left the rest out). One statement, so both come from one snapshot.
   */
  private async readWithProgress(after: Position | null, limit: number, filter?: EventFilter): Promise<{ events: RecordedEvent[]; readTo: Position | null }> {
    const [tx, position] = parsePosition(after);
    const { clause, value } = filterClause(filter);
    const { rows } = await this.query<EventRow & { head_tx: string; head_position: string }>({
      name: `sw_subscribe_${!filter ? 'all' : 'streamPrefixes' in filter ? 'prefix' : 'type'}`,
      text: readWithProgressSql(clause),
      values: value === undefined ? [tx, position, limit] : [tx, position, limit, value],
    });
    const events = rows.filter((row) => row.event_id !== null).map(toRecorded);
    if (events.length === limit) return { events, readTo: events[events.length - 1].position };
    const head = rows[0] ? `${rows[0].head_tx}/${rows[0].head_position}` : null;
    // No further than `after` only when nothing is stored, or `after` is the head already.
    return { events, readTo: head !== null && comparePositions(head, after) > 0 ? head : after };
  }

  async headPosition(): Promise<Position | null> {
    const { rows } = await this.query<{ tx: string; global_position: string }>({
      name: 'sw_head',
      text: HEAD_SQL,
    });
    return rows.length ? `${rows[0].tx}/${rows[0].global_position}` : null;
  }

  /** Counts at most 100,000 events after the checkpoint, through the filter (enough to report lag). */
  async countAfter(position: Position | null, filter?: EventFilter): Promise<number> {
    const [tx, global] = parsePosition(position);
    const { clause, value } = filterClause(filter);
    const { rows } = await this.query<{ n: string }>({
      text: countAfterSql(clause),
      values: value === undefined ? [tx, global] : [tx, global, value],
    });
    return Number(rows[0].n);
  }

  /** One statement for every read (the backlog monitor's: one a subscription, twice a second). */
  async firstWaiting(reads: { after: Position | null; filter?: EventFilter }[]): Promise<(string | null)[]> {
    if (reads.length === 0) return [];
    const json = reads.map(({ after, filter }, i) => {
      const [tx, position] = parsePosition(after);
      const { value } = filterClause(filter);
      return { i, tx, position, kind: !filter ? 'all' : 'streamPrefixes' in filter ? 'prefix' : 'type', vals: value ?? [] };
    });
    const { rows } = await this.query<{ recorded_at: Date | null }>({ name: 'sw_first_waiting', text: FIRST_WAITING_SQL, values: [JSON.stringify(json)] });
    return rows.map((row) => (row.recorded_at ? row.recorded_at.toISOString() : null));
  }

  subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    return this.subscriptions.subscribe(options);
  }

  wakeSubscribers(): void {
    this.subscriptions.wake();
  }

  async ping(): Promise<void> {
    await this.query({ text: 'select 1' });
  }

  async close(): Promise<void> {
    await this.subscriptions.close();
    await this.pool.end();
  }

  private async query<Row extends object>(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Row[] }> {
    try {
      return await this.pool.query<Row>(config);
    } catch (error) {
      throw translate(error);
    }
  }
}
