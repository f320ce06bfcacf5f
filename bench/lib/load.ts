import { performance } from 'node:perf_hooks';
import { percentile, round } from './stats';

export interface LoadResult {
  /** Calls of `op` that completed (appends, INSERT statements). */
  operations: number;
  /** Units the calls reported (events, rows). */
  units: number;
  elapsedMs: number;
  unitsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/**
 * Runs `concurrency` workers, each calling `op` back to back until `durationMs` have passed.
 * Calls in flight at the deadline finish and count; the elapsed time runs until the last one
 * ends. `op` returns how many units (events, rows) it wrote.
 */
export async function runFixedConcurrency(options: {
  concurrency: number;
  durationMs: number;
  op: (worker: number) => Promise<number>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let operations = 0;
  let units = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (index: number): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const written = await options.op(index); // not `units += await ...`: that reads `units` before the await
      units += written;
      latencies.push(performance.now() - t0);
      operations++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  const elapsedMs = performance.now() - started;
  return {
    operations,
    units,
    elapsedMs: round(elapsedMs, 1),
    unitsPerSecond: units / (elapsedMs / 1000),
    latencyMs: {
      p50: round(percentile(latencies, 50), 2),
      p95: round(percentile(latencies, 95), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(percentile(latencies, 100), 2),
    },
  };
}
