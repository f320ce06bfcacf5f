import type { EntityManager } from 'typeorm';
import type { EventFilter, RecordedEvent } from '../event-store.port';

/**
 * Anything driven by the event log: a projection (read model) or a process manager.
 * The runner calls `handle` with a batch inside a PostgreSQL transaction that also moves the
 * subscriber's checkpoint, so read-model writes happen exactly once. A process manager that
 * appends to the event store cannot share that transaction: it appends with deterministic
 * event ids (`deterministicEventId`), so a batch handled again after a crash re-appends the
 * same ids, which the store treats as a no-op.
 */
export interface Subscriber {
  /** Checkpoint key; also names the subscription in /health. */
  readonly name: string;
  readonly filter?: EventFilter;
  /** Events per batch (default 500). */
  readonly batchSize?: number;
  /**
   * The read-model tables a projection owns and writes only from its events: such a projection
   * can be rebuilt from the event store (projection-rebuild.ts). Process managers, whose
   * handling issues commands, leave it out.
   */
  readonly tables?: string[];
  handle(events: RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Called after the batch's transaction committed (e.g. to push changes to SSE clients). */
  afterCommit?(events: RecordedEvent[]): void;
}

export interface SubscriptionStatus {
  name: string;
  state: 'starting' | 'running' | 'standby' | 'retrying' | 'stopped';
  /** Position of the last event handled and committed. */
  checkpoint: string | null;
  /** Events stored after the checkpoint (null when unknown). */
  lag: number | null;
  lastError?: string;
  /** Times a failing batch has been retried in a row. */
  failures: number;
}
