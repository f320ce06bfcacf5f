import { Client, type Pool } from 'pg';
import { EventStoreUnavailableError } from '../errors';
import type { EventFilter, Position, RecordedEvent, SubscribeOptions, SubscriptionBatch } from '../event-store.port';
import type { PostgresEventStoreOptions } from './postgres-event-store';
import { comparePositions } from './positions';
import { TailCache } from './tail-cache';

/** Events one shared read of the log's tail takes at most. */
const SHARED_READ_SIZE = 1000;

/** The store's read of the events after `after` through the filter, and how far it went (PostgresEventStore.readWithProgress). */
type ReadWithProgress = (after: Position | null, limit: number, filter: EventFilter | undefined) => Promise<{ events: RecordedEvent[]; readTo: Position | null }>;

/**
 * The subscriber side of the PostgreSQL event store: each subscriber's read loop, the newest
 * stretch of the log read once for all of them, and how they learn of new events (a wake-up in
 * this process, a NOTIFY on sw_events from the others, a poll as the safety net).
 */
export class PostgresSubscriptions {
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;
  /** Bumped on every notification; subscribers wait for it to move. */
  private wakeGeneration = 0;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  private notifying = false;
  private notifyAgain = false;
  /** The log's newest stretch, read once for every subscriber here (null until one reads). */
  private tail: TailCache | null = null;
  private extendingTail: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
    private readonly readWithProgress: ReadWithProgress,
  ) {}

  /**
   * Wakes subscribers after a commit: at once in this process, and in others through a NOTIFY
   * sent at most once per coalescing window (appends that commit meanwhile share the next one;
   * the subscribers of other processes wait that long after a wake-up anyway).
   */
  announce(): void {
    this.wake();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    const send = (): void => {
      this.notifyAgain = false;
      this.pool.query("select pg_notify('sw_events', '')").catch(() => undefined).finally(() => {
        if (this.closed) {
          this.notifying = false;
          return;
        }
        setTimeout(() => {
          if (this.notifyAgain && !this.closed) send();
          else this.notifying = false;
        }, this.options.coalesceMs ?? 5).unref();
      });
    };
    send();
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    let after = options.after;
    let failures = 0;
    const batchSize = options.batchSize ?? 500;
    await this.listen().catch(() => undefined); // without notifications the poll still delivers
    let polled = true; // the first read goes to the store
    while (!options.signal.aborted && !this.closed) {
      const generation = this.wakeGeneration;
      let read: { events: RecordedEvent[]; readTo: Position | null };
      try {
        read = await this.readForSubscriber(after, batchSize, options.filter, polled);
        failures = 0;
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError)) throw error;
        failures++;
        await this.sleep(Math.min(5000, 100 * 2 ** failures), options.signal);
        this.listen().catch(() => undefined);
        continue;
      }
      const { events, readTo } = read;
      if (events.length > 0 || (readTo && comparePositions(readTo, after) > 0)) {
        after = readTo ?? events[events.length - 1].position;
        yield { events, position: after };
        if (events.length === batchSize) continue; // more to come at once
      }
      // A poll that no notification cut short reads the store again even with no wake-up seen:
      // a transaction that held back the horizon may have ended.
      polled = this.wakeGeneration === generation ? !(await this.waitForWake(options.signal)) : false;
      const coalesce = this.options.coalesceMs ?? 5;
      if (coalesce > 0) await this.sleep(coalesce, options.signal);
    }
  }

  /**
   * A subscriber's next batch: from the shared tail when its checkpoint lies in it (extending
   * the tail first, once for every subscriber waiting there, when there may be more), else
   * from the store. `polled`: read the store even when no wake-up came since the tail was read.
   */
  private async readForSubscriber(after: Position | null, limit: number, filter: EventFilter | undefined, polled: boolean): Promise<{ events: RecordedEvent[]; readTo: Position | null }> {
    const size = this.options.sharedTailEvents ?? 5000;
    if (size <= 0) return this.readWithProgress(after, limit, filter);
    const tail = this.tail;
    if (tail) {
      let location = tail.locate(after);
      if (location === 'end') {
        if (!polled && tail.generation === this.wakeGeneration) return { events: [], readTo: after };
        await this.extendTail();
        location = tail.locate(after);
        if (location === 'end') return { events: [], readTo: after };
      }
      if (location === 'inside') return tail.serve(after, limit, filter);
    }
    // Before the tail (catching up), or beyond it: its own read, through its filter in SQL.
    const read = await this.readWithProgress(after, limit, filter);
    // The tail starts where a subscriber caught up with the log: it only ever holds the live end,
    // never drags a subscriber's catch-up through memory (a new one starts at the beginning).
    if (!this.tail && read.events.length < limit && read.readTo !== null) this.tail = new TailCache(read.readTo, size);
    return read;
  }

  /** Reads on from the tail's end (one read at a time, shared by every caller meanwhile). */
  private extendTail(): Promise<void> {
    this.extendingTail ??= (async () => {
      const tail = this.tail!;
      const generation = this.wakeGeneration;
      const { events, readTo } = await this.readWithProgress(tail.readTo, SHARED_READ_SIZE, undefined);
      tail.extend(events, readTo, generation);
      // Subscribers waiting at the old end have more to take, whether or not a wake-up came.
      if (events.length > 0) for (const waiter of [...this.waiters]) waiter();
    })().finally(() => { this.extendingTail = null; });
    return this.extendingTail;
  }

  /** Stops every subscriber loop and the LISTEN connection (the store then ends the pool). */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** One LISTEN connection per store, shared by every subscriber in this process. */
  private listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    if (this.listening) return this.listening;
    this.listening = (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      client.on('notification', () => this.wake());
      client.on('error', () => {
        if (this.listener === client) this.listener = null; // the next subscriber loop reconnects
        this.wake();
      });
      client.on('end', () => { if (this.listener === client) this.listener = null; });
      await client.connect();
      await client.query('listen sw_events');
      if (this.closed) await client.end();
      else this.listener = client;
    })().finally(() => { this.listening = null; });
    return this.listening;
  }

  wake(): void {
    this.wakeGeneration++;
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /** Resolves true when woken (or aborted), false when the poll interval ran out first. */
  private waitForWake(signal: AbortSignal): Promise<boolean> {
    // Polling stays on as a safety net: a transaction holding back the horizon ends without a notification.
    const interval = this.listener ? (this.options.pollIntervalMs ?? 500) : 100;
    return this.sleep(interval, signal, true);
  }

  /** Resolves false when the time ran out, true when cut short (a wake-up, or the abort). */
  private sleep(ms: number, signal: AbortSignal, wakeOnNotify = false): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (early: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', cut);
        this.waiters.delete(cut);
        resolve(early);
      };
      const cut = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener('abort', cut, { once: true });
      if (wakeOnNotify) this.waiters.add(cut);
    });
  }
}
