import type { DataSource, QueryRunner } from 'typeorm';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { advanceCheckpoint, ensureCheckpoint, readCheckpoint } from './checkpoints';
import type { Subscriber, SubscriptionStatus } from './subscriber';

export interface SubscriptionRunnerOptions {
  /** How often a standby instance tries to take over a subscription (default 2 s). */
  takeoverIntervalMs?: number;
  /**
   * Longest pause between retries of a failing batch (default 5 s): also how long a subscription
   * may stay idle after the database is back from an outage, so kept short; a retry is one read.
   */
  maxRetryDelayMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

class CheckpointMovedError extends Error {}

/** Progress past filtered-out events is stored at most this often. */
const PROGRESS_STORE_INTERVAL_MS = 1000;

/**
 * Runs subscribers: one loop each, from its stored checkpoint, in global order, at least once,
 * with read-model effects exactly once (checkpoint and writes commit together).
 *
 * One active consumer per subscription across server instances: the loop holds a session
 * advisory lock on a dedicated connection while it runs; other instances stand by and take
 * over when that connection ends (the process died). The checkpoint is also moved with a
 * compare-and-set, so even two consumers that both believe they own it never apply a batch twice.
 */
export class SubscriptionRunner {
  private readonly controller = new AbortController();
  private readonly statuses = new Map<string, SubscriptionStatus>();
  private readonly loops: Promise<void>[] = [];
  /** What each loop is awaiting now (reported when a wait for it times out). */
  private readonly steps = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly subscribers: Subscriber[],
    private readonly options: SubscriptionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const subscriber of subscribers) {
      if (names.has(subscriber.name)) throw new Error(`two subscribers are named ${subscriber.name}`);
      names.add(subscriber.name);
    }
  }

  start(): void {
    for (const subscriber of this.subscribers) {
      this.statuses.set(subscriber.name, { name: subscriber.name, state: 'starting', checkpoint: null, lag: null, failures: 0 });
      this.loops.push(this.own(subscriber));
    }
  }

  /** Stops every loop after its current batch (drains in-flight work). */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.loops);
    for (const status of this.statuses.values()) status.state = 'stopped';
  }

  /** Status of every subscription, with lag measured now. */
  async status(): Promise<SubscriptionStatus[]> {
    const result: SubscriptionStatus[] = [];
    for (const status of this.statuses.values()) {
      const filter = this.subscribers.find((s) => s.name === status.name)?.filter;
      let lag: number | null = null;
      if (status.state === 'running' || status.state === 'retrying') {
        lag = this.store.countAfter ? await this.store.countAfter(status.checkpoint, filter).catch(() => null) : null;
      } else if (status.state === 'standby') {
        const checkpoint = await readCheckpoint(this.dataSource.manager, status.name).catch(() => status.checkpoint);
        lag = this.store.countAfter ? await this.store.countAfter(checkpoint, filter).catch(() => null) : null;
        status.checkpoint = checkpoint;
      }
      status.lag = lag;
      result.push({ ...status });
    }
    return result;
  }

  /** Resolves once every running subscription has handled everything stored so far (tests, tools). */
  async waitUntilCaughtUp(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind: string[] = [];
      for (const subscriber of this.subscribers) {
        if (this.statuses.get(subscriber.name)?.state === 'stopped') continue;
        const checkpoint = await readCheckpoint(this.dataSource.manager, subscriber.name);
        // Only the events the subscriber takes: its stored checkpoint may lag behind events its
        // filter left out, so counting every later event would not reach 0 at once.
        const pending = await this.store.readAll({ after: checkpoint, filter: subscriber.filter, maxCount: 1 });
        if (pending.length > 0) {
          const status = this.statuses.get(subscriber.name);
          behind.push(`${subscriber.name} (${status?.state ?? 'unknown'}, ${this.steps.get(subscriber.name) ?? '-'}${status?.lastError ? `; last error: ${status.lastError}` : ''})`);
        }
      }
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`subscriptions still behind after ${timeoutMs} ms: ${behind.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private step(subscriber: Subscriber, what: string): void {
    this.steps.set(subscriber.name, `${what} since ${new Date().toISOString()}`);
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, message, fields);
  }

  /** Takes the subscription's lock (waiting on standby while another instance holds it), then consumes. */
  private async own(subscriber: Subscriber): Promise<void> {
    const status = this.statuses.get(subscriber.name)!;
    while (!this.signal.aborted) {
      let lockConnection: QueryRunner | null = null;
      try {
        this.step(subscriber, 'connecting');
        lockConnection = this.dataSource.createQueryRunner();
        await lockConnection.connect();
        this.step(subscriber, 'locking');
        const [{ locked }] = await lockConnection.query(`select pg_try_advisory_lock(hashtext('sw_subscription'), hashtext($1)) as locked`, [subscriber.name]);
        if (!locked) {
          status.state = 'standby';
          await lockConnection.release();
          lockConnection = null;
          await this.pause(this.options.takeoverIntervalMs ?? 2000);
          continue;
        }
        this.step(subscriber, 'ensuring its checkpoint');
        await ensureCheckpoint(lockConnection, subscriber.name);
        this.step(subscriber, 'consuming');
        status.state = 'running';
        this.log('info', 'subscription running', { subscription: subscriber.name });
        await this.consume(subscriber, status, lockConnection);
      } catch (error) {
        if (this.signal.aborted) break;
        status.state = 'retrying';
        status.failures++;
        status.lastError = (error as Error).message;
        const delay = Math.min(this.options.maxRetryDelayMs ?? 5_000, 100 * 2 ** Math.min(status.failures, 10));
        this.log(error instanceof CheckpointMovedError ? 'warn' : 'error', 'subscription interrupted; resuming from its checkpoint', {
          subscription: subscriber.name, error: status.lastError, failures: status.failures, retryInMs: delay,
        });
        this.step(subscriber, `pausing ${delay} ms`);
        await this.pause(delay);
      } finally {
        if (lockConnection) {
          this.step(subscriber, 'unlocking');
          // An unlock that fails leaves no pooled session holding the lock: the connection broke
          // (the pool drops it), or its query timed out (TimeoutSafeClient ended it).
          await lockConnection.query(`select pg_advisory_unlock(hashtext('sw_subscription'), hashtext($1))`, [subscriber.name]).catch(() => undefined);
          await lockConnection.release().catch(() => undefined);
        }
      }
    }
    status.state = 'stopped';
  }

  private async consume(subscriber: Subscriber, status: SubscriptionStatus, lockConnection: QueryRunner): Promise<void> {
    let checkpoint = await readCheckpoint(lockConnection, subscriber.name);
    status.checkpoint = checkpoint;
    let storedAt = Date.now();
    // Progress past filtered-out events waiting to be stored, and the timer that will store it.
    let progress: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let failed: unknown = null;
    // Every checkpoint write goes through this chain, so a delayed progress write never races a batch.
    let writes: Promise<void> = Promise.resolve();
    const write = (work: () => Promise<void>): Promise<void> => (writes = writes.then(work));
    const storeProgress = (): Promise<void> => write(async () => {
      if (progress === null) return;
      const next = progress;
      progress = null;
      await this.dataSource.transaction(async (manager) => {
        // Losing this write in a crash only means reading those events again: no need to wait for the disk.
        await manager.query('set local synchronous_commit = off');
        if (!(await advanceCheckpoint(manager, subscriber.name, checkpoint, next))) {
          throw new CheckpointMovedError(`checkpoint of ${subscriber.name} was moved by another consumer`);
        }
      });
      checkpoint = next;
      storedAt = Date.now();
    });
    const batches = this.store.subscribe({ after: checkpoint, filter: subscriber.filter, batchSize: subscriber.batchSize ?? 500, signal: this.signal });
    try {
      for await (const { events, position } of batches) {
        if (this.signal.aborted) break;
        if (failed) throw failed;
        if (events.length === 0) {
          // Only progress past events the filter left out: remembered at once, stored at most once
          // a second (a timer stores the last of a burst), so that a restart does not read them again.
          status.checkpoint = position;
          progress = position;
          if (!timer) {
            timer = setTimeout(() => {
              timer = undefined;
              storeProgress().catch((error) => { failed = error; });
            }, Math.max(0, PROGRESS_STORE_INTERVAL_MS - (Date.now() - storedAt)));
          }
          continue;
        }
        await write(async () => {
          progress = null; // this batch's position is further
          await this.dataSource.transaction(async (manager) => {
            await subscriber.handle(events, manager);
            if (!(await advanceCheckpoint(manager, subscriber.name, checkpoint, position))) {
              throw new CheckpointMovedError(`checkpoint of ${subscriber.name} was moved by another consumer`);
            }
          });
          checkpoint = position;
          storedAt = Date.now();
        });
        // Its transaction may have held back what every subscriber here can read: read again now.
        this.store.wakeSubscribers?.();
        status.checkpoint = position;
        status.failures = 0;
        status.lastError = undefined;
        status.state = 'running';
        this.notify(subscriber, events);
      }
    } finally {
      clearTimeout(timer);
      await writes.catch(() => undefined);
    }
    if (failed) throw failed;
  }

  private notify(subscriber: Subscriber, batch: RecordedEvent[]): void {
    try {
      subscriber.afterCommit?.(batch);
    } catch (error) {
      this.log('warn', 'afterCommit hook failed', { subscription: subscriber.name, error: (error as Error).message });
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) return resolve();
      const signal = this.signal;
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done); // a standby loop pauses for ever: no listener may pile up
        resolve();
      }
    });
  }
}
