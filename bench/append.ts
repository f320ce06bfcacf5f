import { Pool } from 'pg';
import { PostgresEventStore, verifyChain } from '@sw/event-store';
import type { Benchmark, BenchContext } from './lib/benchmark';
import { declarationEvents, type BenchEvent } from './lib/declaration-events';
import { runFixedConcurrency, type LoadResult } from './lib/load';
import { startCpuMeter, type CpuUse } from './lib/cpu';
import { median, round } from './lib/stats';
import { WaitSampler, type WaitProfile } from './lib/wait-sampler';
import { bar, formatNumber, table } from './lib/markdown';

/**
 * Append throughput: PostgresEventStore.append (one sw_append call per append: revision check,
 * SHA-256 hash chain, events insert, streams update; subscribers are woken after commit) against the floor PostgreSQL sets
 * for the same rows: a plain INSERT into a copy of the events table (same columns, unique
 * constraints and indexes), one statement per append, autocommit, through `pg` directly.
 * Both run on the same database with the same concurrency and pool size, alternating in rounds.
 */

export interface Figures { eventsPerSecond: number; rawInsertRowsPerSecond: number; ratio: number }

interface PhaseFigures {
  eventsPerSecond: number;
  appendsPerSecond: number;
  events: number;
  elapsedMs: number;
  latencyMs: LoadResult['latencyMs'];
  walBytesPerEvent: number;
  waits: WaitProfile;
  cpu: CpuUse;
}

export interface AppendRound {
  round: number;
  order: VariantKey[];
  single: Figures;
  batch5: Figures;
  phases: Record<VariantKey, PhaseFigures>;
}

export interface AppendSection extends Figures {
  batch5: Figures;
  /**
   * Median of the per-round ratios. Each round's ours and baseline phases ran back to back, so
   * this pairs them under the same machine load; on a noisy machine it is the steadier figure.
   */
  pairedRatio: { single: number; batch5: number };
  rounds: AppendRound[];
  /** Medians over the rounds, per variant: latency of one append, WAL per event, backend states. */
  diagnostics: Record<VariantKey, { appendsPerSecond: number; latencyMs: LoadResult['latencyMs']; walBytesPerEvent: number; cpu: CpuUse; waits: WaitProfile }>;
}

export interface AppendSettings {
  concurrency: number;
  poolSize: number;
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
  eventsPerStream: number;
  eventBytes: { data: number; metadata: number };
  baselineTable: string;
}

type VariantKey = 'ours' | 'baseline' | 'ours5' | 'baseline5';
const VARIANTS: Record<VariantKey, { system: 'ours' | 'baseline'; batch: number; label: string }> = {
  ours: { system: 'ours', batch: 1, label: 'ours, 1 event/append' },
  baseline: { system: 'baseline', batch: 1, label: 'raw INSERT, 1 row/statement' },
  ours5: { system: 'ours', batch: 5, label: 'ours, 5 events/append' },
  baseline5: { system: 'baseline', batch: 5, label: 'raw INSERT, 5 rows/statement' },
};
const EVENTS_PER_STREAM = 20; // a declaration's life: ~20 events, then the writer moves to a new stream
export const BASELINE_TABLE = 'bench_raw_events';
const INSERT_COLUMNS = 'stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at';
/** The baseline stores the metadata the store would store, with a hash of the same length (not computed). */
const HASH_PLACEHOLDER = '0'.repeat(64);

/** Each writer appends to streams of its own, always with the exact expected revision. */
export class StreamCursor {
  private stream = 0;
  private revision = -1; // last revision written
  constructor(private readonly prefix: string) {}

  next(batch: number): { streamId: string; declarationId: string; expected: number } {
    if (this.revision + batch >= EVENTS_PER_STREAM) {
      this.stream++;
      this.revision = -1;
    }
    const declarationId = `${this.prefix}-${String(this.stream).padStart(6, '0')}`;
    const expected = this.revision;
    this.revision += batch;
    return { streamId: `declaration-${declarationId}`, declarationId, expected };
  }
}

export function baselineInsertText(batch: number): string {
  const rows = Array.from({ length: batch }, (_, r) => '(' + Array.from({ length: 8 }, (_, c) => `$${r * 8 + c + 1}`).join(', ') + ')');
  return `insert into ${BASELINE_TABLE} (${INSERT_COLUMNS}) values ${rows.join(', ')}`;
}

export function baselineValues(streamId: string, firstRevision: number, events: BenchEvent[]): unknown[] {
  const values: unknown[] = [];
  events.forEach((event, i) => {
    const metadata = { ...event.metadata, schemaVersion: 1, hash: HASH_PLACEHOLDER };
    values.push(streamId, firstRevision + i, event.id, event.type, JSON.stringify(event.data), JSON.stringify(metadata),
      event.metadata.correlationId, event.metadata.occurredAt);
  });
  return values;
}

export const appendBenchmark: Benchmark<AppendSection, AppendSettings> = {
  key: 'append',
  title: 'Append throughput',
  async run(context: BenchContext) {
    const { log } = context;
    const concurrency = context.overrides.concurrency ?? 8;
    const rounds = context.overrides.rounds ?? (context.quick ? 3 : 9);
    const roundSeconds = context.overrides.roundSeconds ?? (context.quick ? 1.5 : 5);
    const warmupSeconds = context.overrides.warmupSeconds ?? (context.quick ? 1 : 3);
    const sample = declarationEvents('DEC-SAMPLE', 0, 1)[0];
    const settings: AppendSettings = {
      concurrency, poolSize: concurrency, rounds, roundSeconds, warmupSeconds, eventsPerStream: EVENTS_PER_STREAM,
      eventBytes: { data: JSON.stringify(sample.data).length, metadata: JSON.stringify({ ...sample.metadata, schemaVersion: 1, hash: HASH_PLACEHOLDER }).length },
      baselineTable: `${BASELINE_TABLE} (create table ... (like events including all))`,
    };

    await PostgresEventStore.createSchema(context.databaseUrl);
    const store = new PostgresEventStore({ connectionString: context.databaseUrl, poolSize: concurrency });
    const pool = new Pool({ connectionString: context.databaseUrl, max: concurrency });
    const admin = new Pool({ connectionString: context.databaseUrl, max: 1 });
    // An idle connection dropped (the server stopping on Ctrl-C) must not crash the run before cleanup.
    pool.on('error', () => undefined);
    admin.on('error', () => undefined);
    const sampler = await WaitSampler.open(context.databaseUrl, context.databaseName);
    try {
      // Same columns, defaults, identity, unique constraints and indexes as the store's table.
      await admin.query(`create table if not exists ${BASELINE_TABLE} (like events including all)`);

      let phaseCounter = 0;
      const runPhase = async (key: VariantKey, seconds: number, check: boolean): Promise<PhaseFigures> => {
        const { system, batch } = VARIANTS[key];
        // Same start for every phase: empty tables, nothing dirty left from the previous phase.
        await admin.query(system === 'ours' ? 'truncate events, streams' : `truncate ${BASELINE_TABLE}`);
        await admin.query('checkpoint');
        const tag = `P${++phaseCounter}`;
        const cursors = Array.from({ length: concurrency }, (_, w) => new StreamCursor(`${tag}-W${w}`));
        const text = baselineInsertText(batch);
        const op = system === 'ours'
          ? async (worker: number) => {
            const { streamId, declarationId, expected } = cursors[worker].next(batch);
            const events = declarationEvents(declarationId, expected + 1, batch);
            const result = await store.append(streamId, events, expected < 0 ? 'no-stream' : expected);
            if (result.nextRevision !== expected + batch) throw new Error(`append to ${streamId}: revision ${result.nextRevision}, expected ${expected + batch}`);
            return batch;
          }
          : async (worker: number) => {
            const { streamId, declarationId, expected } = cursors[worker].next(batch);
            const events = declarationEvents(declarationId, expected + 1, batch);
            await pool.query({ name: `sw_bench_insert_${batch}`, text, values: baselineValues(streamId, expected + 1, events) });
            return batch;
          };
        const { rows: [before] } = await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
        sampler.start();
        const cpuMeter = startCpuMeter();
        const result = await runFixedConcurrency({ concurrency, durationMs: seconds * 1000, op });
        const cpu = cpuMeter();
        const waits = await sampler.stop();
        const { rows: [wal] } = await admin.query<{ bytes: string }>(`select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint as bytes`, [before.lsn]);
        if (check) {
          // Sanity: every event is there, and the store's hash chain verifies.
          const table = system === 'ours' ? 'events' : BASELINE_TABLE;
          const { rows: [count] } = await admin.query<{ n: string }>(`select count(*) as n from ${table}`);
          if (Number(count.n) !== result.units) throw new Error(`${key}: ${count.n} rows stored, ${result.units} written`);
          if (system === 'ours') {
            const chain = verifyChain(await store.readStream(`declaration-${tag}-W0-000000`));
            if (!chain.valid) throw new Error(`${key}: the hash chain of a bench stream does not verify`);
          }
        }
        return {
          eventsPerSecond: round(result.unitsPerSecond, 1),
          appendsPerSecond: round(result.operations / (result.elapsedMs / 1000), 1),
          events: result.units,
          elapsedMs: result.elapsedMs,
          latencyMs: result.latencyMs,
          walBytesPerEvent: Math.round(Number(wal.bytes) / Math.max(1, result.units)),
          waits,
          cpu,
        };
      };

      log(`append: warm-up ${warmupSeconds}s per variant, then ${rounds} rounds of 4 x ${roundSeconds}s (concurrency ${concurrency})`);
      for (const key of Object.keys(VARIANTS) as VariantKey[]) {
        const warm = await runPhase(key, warmupSeconds, true);
        log(`  warm-up  ${VARIANTS[key].label.padEnd(30)} ${formatNumber(warm.eventsPerSecond).padStart(8)} events/s`);
      }

      const roundResults: AppendRound[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate who goes first, so drift and neighbours' noise hit both sides alike.
        const order: VariantKey[] = r % 2 === 0 ? ['ours', 'baseline', 'ours5', 'baseline5'] : ['baseline', 'ours', 'baseline5', 'ours5'];
        const phases = {} as Record<VariantKey, PhaseFigures>;
        for (const key of order) phases[key] = await runPhase(key, roundSeconds, r === 0);
        const figures = (o: PhaseFigures, b: PhaseFigures): Figures => ({
          eventsPerSecond: o.eventsPerSecond, rawInsertRowsPerSecond: b.eventsPerSecond, ratio: round(o.eventsPerSecond / b.eventsPerSecond, 3),
        });
        const result: AppendRound = { round: r + 1, order, single: figures(phases.ours, phases.baseline), batch5: figures(phases.ours5, phases.baseline5), phases };
        roundResults.push(result);
        log(`  round ${r + 1}: 1/append ${formatNumber(result.single.eventsPerSecond)} vs ${formatNumber(result.single.rawInsertRowsPerSecond)} (ratio ${result.single.ratio.toFixed(3)}); ` +
          `5/append ${formatNumber(result.batch5.eventsPerSecond)} vs ${formatNumber(result.batch5.rawInsertRowsPerSecond)} (ratio ${result.batch5.ratio.toFixed(3)})`);
      }

      const medianOf = (key: VariantKey, pick: (p: PhaseFigures) => number) => median(roundResults.map((r) => pick(r.phases[key])));
      const summaryFigures = (o: VariantKey, b: VariantKey): Figures => {
        const eventsPerSecond = round(medianOf(o, (p) => p.eventsPerSecond), 1);
        const rawInsertRowsPerSecond = round(medianOf(b, (p) => p.eventsPerSecond), 1);
        return { eventsPerSecond, rawInsertRowsPerSecond, ratio: round(eventsPerSecond / rawInsertRowsPerSecond, 3) };
      };
      const diagnostics = {} as AppendSection['diagnostics'];
      for (const key of Object.keys(VARIANTS) as VariantKey[]) {
        const waits: WaitProfile = {};
        for (const r of roundResults) for (const [state, share] of Object.entries(r.phases[key].waits)) waits[state] = (waits[state] ?? 0) + share / roundResults.length;
        const sortedWaits = Object.fromEntries(Object.entries(waits).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v, 3)]));
        diagnostics[key] = {
          appendsPerSecond: round(medianOf(key, (p) => p.appendsPerSecond), 1),
          latencyMs: {
            p50: round(medianOf(key, (p) => p.latencyMs.p50), 2), p95: round(medianOf(key, (p) => p.latencyMs.p95), 2),
            p99: round(medianOf(key, (p) => p.latencyMs.p99), 2), max: round(medianOf(key, (p) => p.latencyMs.max), 2),
          },
          walBytesPerEvent: Math.round(medianOf(key, (p) => p.walBytesPerEvent)),
          cpu: {
            machineBusy: roundResults.some((r) => r.phases[key].cpu.machineBusy === null) ? null : round(medianOf(key, (p) => p.cpu.machineBusy ?? 0), 3),
            clientCores: round(medianOf(key, (p) => p.cpu.clientCores), 3),
          },
          waits: sortedWaits,
        };
      }
      const section: AppendSection = {
        ...summaryFigures('ours', 'baseline'),
        batch5: summaryFigures('ours5', 'baseline5'),
        pairedRatio: { single: round(median(roundResults.map((r) => r.single.ratio)), 3), batch5: round(median(roundResults.map((r) => r.batch5.ratio)), 3) },
        rounds: roundResults,
        diagnostics,
      };
      return {
        section,
        settings,
        markdown: appendMarkdown(section, settings),
        summary: [
          `append, 1 event/append:  ours ${formatNumber(section.eventsPerSecond)} events/s, raw INSERT ${formatNumber(section.rawInsertRowsPerSecond)} rows/s, ratio ${section.ratio.toFixed(3)} (median of round ratios ${section.pairedRatio.single.toFixed(3)})`,
          `append, 5 events/append: ours ${formatNumber(section.batch5.eventsPerSecond)} events/s, raw INSERT ${formatNumber(section.batch5.rawInsertRowsPerSecond)} rows/s, ratio ${section.batch5.ratio.toFixed(3)} (median of round ratios ${section.pairedRatio.batch5.toFixed(3)})`,
        ],
      };
    } finally {
      await sampler.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  },
};

function appendMarkdown(section: AppendSection, settings: AppendSettings): string {
  const lines: string[] = [];
  lines.push('## Append throughput', '');
  lines.push(
    `**What is compared.** *Ours*: \`PostgresEventStore.append\`, i.e. one call of the PL/pgSQL function \`sw_append\` per append ` +
    `(stream row lock and exact expected-revision check, SHA-256 hash chain, insert into \`events\` of the rows parsed from each event's canonical JSON, ` +
    `update of \`streams\`, or one insert for a new stream; a retried append is recognised by its event ids), ` +
    `plus the client-side work (each event's canonical JSON, which is both hashed and stored) and the coalesced \`NOTIFY\` that wakes subscribers after commit. ` +
    `*Baseline*: a plain \`INSERT\` of the same rows (stream id, revision, event id, type, data jsonb, metadata jsonb, correlation id, occurred_at) ` +
    `into \`${BASELINE_TABLE}\`, created as \`(like events including all)\` so it has the same columns, defaults, unique constraints and indexes; ` +
    `one statement per append (a ${5}-row \`INSERT\` for the batch case), autocommit, through \`pg\` directly. The baseline checks no revision, ` +
    `computes no hash and keeps no stream table: it is the floor PostgreSQL sets for writing these rows durably.`,
    '',
    `**Load.** ${settings.concurrency} concurrent writers, pool size ${settings.poolSize} on both sides, each writer appending to streams of its own ` +
    `(${settings.eventsPerStream} events per stream, then a new stream) with the exact expected revision. Events are declaration-like: ` +
    `~${settings.eventBytes.data} bytes of JSON data (declarant, consignee, transport, containers, 3 goods items) and ~${settings.eventBytes.metadata} bytes of metadata ` +
    `(correlationId, causationId, actor, occurredAt, schemaVersion, hash).`,
    '',
    `**Rounds.** A ${settings.warmupSeconds} s warm-up of each variant, then ${settings.rounds} rounds; each round runs the four variants for ` +
    `${settings.roundSeconds} s each, ours and baseline alternating (the order flips every round). Before every phase its table is truncated ` +
    `and a \`CHECKPOINT\` is taken, so every phase starts from the same state. Figures are medians over the rounds; ` +
    `ratio = ours events/s ÷ baseline rows/s.`,
    '',
  );
  lines.push('### Results', '');
  const rows = section.rounds.map((r) => [
    String(r.round), r.order[0] === 'ours' ? 'ours first' : 'baseline first',
    formatNumber(r.single.eventsPerSecond), formatNumber(r.single.rawInsertRowsPerSecond), r.single.ratio.toFixed(3),
    formatNumber(r.batch5.eventsPerSecond), formatNumber(r.batch5.rawInsertRowsPerSecond), r.batch5.ratio.toFixed(3),
  ]);
  rows.push([
    '**median**', '',
    `**${formatNumber(section.eventsPerSecond)}**`, `**${formatNumber(section.rawInsertRowsPerSecond)}**`, `**${section.ratio.toFixed(3)}**`,
    `**${formatNumber(section.batch5.eventsPerSecond)}**`, `**${formatNumber(section.batch5.rawInsertRowsPerSecond)}**`, `**${section.batch5.ratio.toFixed(3)}**`,
  ]);
  lines.push(table(
    ['Round', 'Order', 'Ours, 1/append (events/s)', 'Raw INSERT, 1 row (rows/s)', 'Ratio', 'Ours, 5/append (events/s)', 'Raw INSERT, 5 rows (rows/s)', 'Ratio'],
    rows, ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  ), '');
  lines.push(`**Ratio (1 event per append): ${section.ratio.toFixed(3)}** — ours reaches ${(section.ratio * 100).toFixed(1)}% of raw INSERT throughput. ` +
    `With 5 events per append: ${section.batch5.ratio.toFixed(3)} (${(section.batch5.ratio * 100).toFixed(1)}%). ` +
    `Median of the per-round ratios (each round's pair ran back to back, under the same load): ` +
    `${section.pairedRatio.single.toFixed(3)} and ${section.pairedRatio.batch5.toFixed(3)}.`, '');

  const max = Math.max(section.eventsPerSecond, section.rawInsertRowsPerSecond, section.batch5.eventsPerSecond, section.batch5.rawInsertRowsPerSecond);
  const chart: [string, number, string][] = [
    ['1/append  ours      ', section.eventsPerSecond, 'events/s'],
    ['1/append  raw INSERT', section.rawInsertRowsPerSecond, 'rows/s'],
    ['5/append  ours      ', section.batch5.eventsPerSecond, 'events/s'],
    ['5/append  raw INSERT', section.batch5.rawInsertRowsPerSecond, 'rows/s'],
  ];
  lines.push('```text', ...chart.map(([label, value, unit]) => `${label} ${bar(value, max, 40)} ${formatNumber(value).padStart(8)} ${unit}`), '```', '');

  lines.push('### Per append (medians over the rounds)', '');
  const keys = Object.keys(VARIANTS) as VariantKey[];
  lines.push(table(
    ['Variant', 'Appends/s', 'Latency p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'WAL bytes/event', 'Machine CPU busy', 'Node client CPU'],
    keys.map((k) => {
      const d = section.diagnostics[k];
      return [VARIANTS[k].label, formatNumber(d.appendsPerSecond), d.latencyMs.p50.toFixed(2), d.latencyMs.p95.toFixed(2), d.latencyMs.p99.toFixed(2), formatNumber(d.walBytesPerEvent),
        d.cpu.machineBusy === null ? 'n/a' : `${(d.cpu.machineBusy * 100).toFixed(0)}%`, `${(d.cpu.clientCores * 100).toFixed(0)}% of a core`];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  ), '',
  'Latency is one append (or INSERT statement) as the writer sees it, pool wait included. Machine CPU busy: all CPUs (client, server and ' +
  'anything else on the machine) over the phase; Node client CPU: the bench process alone.', '');
  lines.push('### Where the writers\' backends spend their time', '',
    'Share of `pg_stat_activity` samples (every 25 ms) of the writers\' connections, mean over the rounds: `CPU` = running, ' +
    '`Client` = idle, waiting for Node (network, client-side work, pool hand-off), other = a wait event.', '');
  const states = [...new Set(keys.flatMap((k) => Object.keys(section.diagnostics[k].waits)))]
    .sort((a, b) => Math.max(...keys.map((k) => section.diagnostics[k].waits[b] ?? 0)) - Math.max(...keys.map((k) => section.diagnostics[k].waits[a] ?? 0)))
    .slice(0, 8);
  lines.push(table(
    ['State', ...keys.map((k) => VARIANTS[k].label)],
    states.map((s) => [`\`${s}\``, ...keys.map((k) => `${((section.diagnostics[k].waits[s] ?? 0) * 100).toFixed(1)}%`)]),
    ['l', ...keys.map(() => 'r' as const)],
  ), '');
  const notifyWait = Math.max(section.diagnostics.ours.waits['Lock:object'] ?? 0, section.diagnostics.ours5.waits['Lock:object'] ?? 0);
  if (notifyWait >= 0.05) {
    lines.push(
      `**Reading the waits.** Ours' backends spend up to ${(notifyWait * 100).toFixed(0)}% of their time waiting on \`Lock:object\`, where the baseline ` +
      'shows `LWLock:WALWrite` instead. The lock is the one `NOTIFY` takes at commit: PostgreSQL serialises ' +
      'every committing transaction that has notified on a cluster-wide `AccessExclusiveLock` on object 0 of `pg_database` and holds it until ' +
      'the commit is flushed, so those commits reach the disk one at a time instead of being flushed together (group commit, which is what ' +
      'the baseline\'s `LWLock:WALWrite` waits are). Appends no longer notify inside their transaction; a share this high means ' +
      'the coalesced post-commit `NOTIFY` is hot again.', '');
  }
  return lines.join('\n');
}
