import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { unchainedEvents } from './chain-check';

/**
 * Threads that re-hash the events `verify --against` reads (chain-worker.ts), so that parsing,
 * canonical JSON and SHA-256 run on every core while the reading thread fetches rows and folds the
 * Merkle tree. A batch goes to the thread with the fewest waiting; `check` waits while every
 * thread has two, so memory stays bounded. No threads: the work is done inline.
 */
export class HashingPool {
  private readonly workers: { worker: Worker; waiting: Map<number, { resolve(broken: number[]): void; reject(error: Error): void }> }[] = [];
  private nextId = 0;
  private inFlight = 0;
  private readonly drained: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(readonly threads: number = defaultThreads(), workerFile = path.join(__dirname, 'chain-worker.js')) {
    if (threads <= 0) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerFile);
      const entry = { worker, waiting: new Map<number, { resolve(broken: number[]): void; reject(error: Error): void }>() };
      worker.on('message', ({ id, broken }: { id: number; broken: number[] }) => {
        entry.waiting.get(id)?.resolve(broken);
        entry.waiting.delete(id);
        this.inFlight--;
        this.drained.shift()?.();
      });
      worker.on('error', (error) => {
        this.failure = error;
        for (const job of entry.waiting.values()) job.reject(error);
        this.inFlight -= entry.waiting.size;
        entry.waiting.clear();
        for (const wake of this.drained.splice(0)) wake();
      });
      this.workers.push(entry);
    }
  }

  /**
   * Hands a batch (chain-check.ts, FIELDS texts per event) to a thread; resolves, once there is
   * room for it, to `broken`: a promise of the indexes of the batch's broken events.
   */
  async check(texts: string[]): Promise<{ broken: Promise<number[]> }> {
    if (this.workers.length === 0) return { broken: Promise.resolve(unchainedEvents(texts)) };
    while (this.inFlight >= this.workers.length * 2 && !this.failure) await new Promise<void>((resolve) => this.drained.push(resolve));
    if (this.failure) throw new Error(`a hashing thread failed: ${this.failure.message}`);
    const entry = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    this.inFlight++;
    const broken = new Promise<number[]>((resolve, reject) => entry.waiting.set(id, { resolve, reject }));
    broken.catch(() => undefined); // the caller awaits it later; a failure must not go unhandled meanwhile
    entry.worker.postMessage({ id, texts });
    return { broken };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/**
 * One thread per core but two: the reading thread has its share of work (rows from PostgreSQL,
 * the Merkle tree), and PostgreSQL's backend sends the rows on a core of its own when the
 * database is local. Two cores or fewer: none, inline (measured on the project's 2-core machine,
 * one million events: inline 20.6 s of CPU and 102 s of wall time under a load of 17, one
 * hashing thread 23.3 s and 139 s; bench/verify-against.ts).
 */
export function defaultThreads(): number {
  return Math.max(0, availableParallelism() - 2);
}
