/**
 * One benchmark section of docs/benchmarks.json (`append`, later `peer`, `e2e`, `replay`,
 * `rebuild`, `memory`). run.ts starts the server, runs each benchmark in turn and merges
 * what they return into the report.
 */
export interface BenchContext {
  /** The bench's own database on the measured server (fresh, dropped at the end). */
  databaseUrl: string;
  databaseName: string;
  quick: boolean;
  /** Flags from the command line; a benchmark applies them where they make sense. */
  overrides: { rounds?: number; roundSeconds?: number; warmupSeconds?: number; concurrency?: number };
  log: (line: string) => void;
}

export interface BenchOutcome<Section, Settings> {
  /** Goes to docs/benchmarks.json under the benchmark's key. */
  section: Section;
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
  run(context: BenchContext): Promise<BenchOutcome<Section, Settings>>;
}
