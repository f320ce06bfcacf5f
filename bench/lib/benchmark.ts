import type { BenchDatabase } from './postgres-server';

/**
 * One benchmark section of docs/benchmarks.json (`append`, `peer`, and the pipeline's `e2e`,
 * `replay`, `rebuild`, `memory`, `scaling`). run.ts starts the server, runs each benchmark in
 * turn and merges what they return into the report.
 */
export interface BenchContext {
  /** The bench's own database on the measured server (fresh, dropped at the end). */
  databaseUrl: string;
  databaseName: string;
  /** Another fresh database on the same server (dropped at the end of the benchmark). */
  newDatabase(): Promise<BenchDatabase>;
  /** The postmaster's pid when the bench runs its own PostgreSQL (for its CPU), else null. */
  postmasterPid: number | null;
  /** pg_stat_statements is loaded (--profile). */
  statements: boolean;
  quick: boolean;
  /** --profile: statement and server CPU profiles in the e2e run. */
  profile: boolean;
  /** Flags from the command line; a benchmark applies them where they make sense. */
  overrides: {
    rounds?: number; roundSeconds?: number; warmupSeconds?: number; concurrency?: number;
    e2eSeconds?: number; e2eWarmupSeconds?: number; e2eConcurrency?: number; drainSeconds?: number; sizes?: string[]; sweep?: number[]; overload?: boolean;
    /** --baseline=DIR, --baseline-rounds=N: another build's e2e against this one's (baseline-run.ts). */
    baseline?: string; baselineRounds?: number;
  };
  log: (line: string) => void;
}

export interface BenchOutcome<Section, Settings> {
  /** Goes to docs/benchmarks.json under the benchmark's key. */
  section?: Section;
  /** Or several top-level sections at once (the pipeline: e2e, replay, rebuild, memory, scaling). */
  sections?: Record<string, unknown>;
  /** Goes to docs/benchmarks.json under settings[key]. */
  settings: Settings;
  /** The benchmark's chapter of docs/benchmarks.md (starts with a `##` heading). */
  markdown: string;
  /** Lines printed at the end of the run. */
  summary: string[];
}

export interface Benchmark<Section = unknown, Settings = unknown> {
  key: string;
  title: string;
  /** The top-level keys of docs/benchmarks.json it writes (default: [key]); --only matches any of them. */
  provides?: string[];
  run(context: BenchContext): Promise<BenchOutcome<Section, Settings>>;
}
