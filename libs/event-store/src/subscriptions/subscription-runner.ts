import type { DataSource, QueryRunner } from 'typeorm';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { advanceCheckpoint, ensureCheckpoint, readCheckpoint } from './checkpoints';
import type { Subscriber, SubscriptionStatus } from './subscriber';

export interface SubscriptionRunnerOptions {
  /** How often a standby instance tries to take over a subscription (default 2 s). */
  takeoverIntervalMs?: number;
  /** Longest pause between retries of a failing batch (default 30 s). */
  maxRetryDelayMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

class CheckpointMovedError extends Error {}

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
        // Only the events the subscriber takes: a filtered subscription's checkpoint never moves
        // past the events its filter leaves out, so counting every later event never reaches 0.
        const pending = await this.store.readAll({ after: checkpoint, filter: subscriber.filter, maxCount: 1 });
        if (pending.length > 0) behind.push(subscriber.name);
      }
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`subscriptions still behind after ${timeoutMs} ms: ${behind.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
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
        lockConnection = this.dataSource.createQueryRunner();
        await lockConnection.connect();
        const [{ locked }] = await lockConnection.query(`select pg_try_advisory_lock(hashtext('sw_subscription'), hashtext($1)) as locked`, [subscriber.name]);
        if (!locked) {
          status.state = 'standby';
          await lockConnection.release();
          lockConnection = null;
          await this.pause(this.options.takeoverIntervalMs ?? 2000);
          continue;
        }
        await ensureCheckpoint(lockConnection, subscriber.name);
        status.state = 'running';
        this.log('info', 'subscription running', { subscription: subscriber.name });
        await this.consume(subscriber, status, lockConnection);
      } catch (error) {
        if (this.signal.aborted) break;
        status.state = 'retrying';
        status.failures++;
        status.lastError = (error as Error).message;
        const delay = Math.min(this.options.maxRetryDelayMs ?? 30_000, 100 * 2 ** Math.min(status.failures, 10));
        this.log(error instanceof CheckpointMovedError ? 'warn' : 'error', 'subscription interrupted; resuming from its checkpoint', {
          subscription: subscriber.name, error: status.lastError, failures: status.failures, retryInMs: delay,
        });
        await this.pause(delay);
      } finally {
        if (lockConnection) {
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
    const batches = this.store.subscribe({ after: checkpoint, filter: subscriber.filter, batchSize: subscriber.batchSize ?? 500, signal: this.signal });
    for await (const batch of batches) {
      if (this.signal.aborted) break;
      const next = batch[batch.length - 1].position;
      const expected = checkpoint;
      await this.dataSource.transaction(async (manager) => {
        await subscriber.handle(batch, manager);
        if (!(await advanceCheckpoint(manager, subscriber.name, expected, next))) {
          throw new CheckpointMovedError(`checkpoint of ${subscriber.name} was moved by another consumer`);
        }
      });
      checkpoint = next;
      status.checkpoint = next;
      status.failures = 0;
      status.lastError = undefined;
      status.state = 'running';
      this.notify(subscriber, batch);
    }
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
      const timer = setTimeout(done, ms);
      this.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
