/**
 * Group commit: appends that arrive while others are being written go together, as one
 * statement and one commit, instead of one commit (one WAL flush, one round trip) each.
 *
 * At most `maxInFlight` statements run at once. An append that finds a free slot is written at
 * once, alone (no added latency when the store is quiet); the appends that arrive while every
 * slot is busy queue, and the next free slot takes up to `maxBatch` of them in one statement.
 * Under load the batches grow by themselves: the busier the store, the fewer commits per append.
 *
 * Each append keeps its own outcome: when a group's statement fails (one append's wrong
 * expected revision or duplicate id rolls the whole statement back; a deadlock; anything),
 * its appends are written again one by one, in their order, each then succeeding or failing
 * on its own, exactly as it would have alone. A group's appends to the same stream keep their
 * order, so the second of two appends with the same expected revision fails, as it would.
 */
export interface GroupCommitOptions {
  /** Statements at once (default 2; the PostgreSQL store passes its pool size). */
  maxInFlight?: number;
  /** Appends in one statement at most (default 64). */
  maxBatch?: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R> {
  private readonly queue: Waiting<T, R>[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  /** Statements run and appends written through them, for tests and diagnostics. */
  readonly stats = { statements: 0, grouped: 0, fallbacks: 0 };

  constructor(
    /** Writes several appends in one statement, results in their order; throws when any is refused. */
    private readonly writeMany: (items: T[]) => Promise<R[]>,
    /** Writes one append alone, with its own refusal. */
    private readonly writeOne: (item: T) => Promise<R>,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
  }

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.flush(batch);
    }
  }

  /**
   * Writes a batch, frees its slot, then settles its callers: a caller that appends again as soon
   * as it is answered finds the slot free (settling first would queue it behind its own slot and
   * group appends that never needed to wait).
   */
  private async flush(batch: Waiting<T, R>[]): Promise<void> {
    this.stats.statements++;
    const outcomes = await this.outcomes(batch.map((w) => w.item));
    this.inFlight--;
    outcomes.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.value) : batch[index].reject(outcome.error)));
    this.pump();
  }

  private async outcomes(items: T[]): Promise<({ ok: true; value: R } | { ok: false; error: unknown })[]> {
    const alone = (item: T) => this.writeOne(item).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
    if (items.length === 1) return [await alone(items[0])];
    try {
      const results = await this.writeMany(items);
      this.stats.grouped += items.length;
      return results.map((value) => ({ ok: true as const, value }));
    } catch {
      // Nothing of the group was written (one statement, one transaction): each on its own now, in order.
      this.stats.fallbacks++;
      const outcomes = [];
      for (const item of items) outcomes.push(await alone(item));
      return outcomes;
    }
  }
}
