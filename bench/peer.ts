import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@sw/event-store';
import type { Benchmark, BenchContext } from './lib/benchmark';
import type { LoadResult } from './lib/load';
import { machineCpuSeconds } from './lib/proc';
import type { PeerSystem, PeerWorkerConfig } from './lib/peer-worker';
import { median, round } from './lib/stats';
import { bar, formatNumber, table } from './lib/markdown';
import { declarationEvents } from './lib/declaration-events';

/**
 * Peer: our PostgresEventStore against Emmett's PostgreSQL event store
 * (@event-driven-io/emmett-postgresql), appending the same declaration events (bench/lib/
 * declaration-events.ts) to the same database (each in its own tables: ours `events` and
 * `streams`, Emmett's `emt_messages` and `emt_streams` from its own schema setup), with the same
 * concurrency and pool size, in alternating phases of the same run. Each side runs in a child
 * process of its own (bench/lib/peer-worker.ts), forked once and kept for every phase.
 */
export interface PeerFigures { eventsPerSecond: number; emmettEventsPerSecond: number; appendRatio: number }
export interface PeerSection {
  name: 'emmett-postgresql';
  version: string;
  /** Emmett's events per second, 1 event per append (the peer's figure). */
  eventsPerSecond: number;
  /** Ours ÷ Emmett's, 1 event per append. */
  appendRatio: number;
  ours: { eventsPerSecond: number };
  batch5: PeerFigures;
  pairedRatio: { single: number; batch5: number };
  rounds: { round: number; order: string[]; single: PeerFigures; batch5: PeerFigures }[];
  diagnostics: Record<VariantKey, { latencyMs: LoadResult['latencyMs']; clientCores: number; machineBusy: number | null }>;
}
export interface PeerSettings { concurrency: number; poolSize: number; rounds: number; roundSeconds: number; warmupSeconds: number; emmett: string; processes: string }

type VariantKey = 'ours' | 'emmett' | 'ours5' | 'emmett5';
const VARIANTS: Record<VariantKey, { system: PeerSystem; batch: number; label: string }> = {
  ours: { system: 'ours', batch: 1, label: 'ours, 1 event/append' },
  emmett: { system: 'emmett', batch: 1, label: 'Emmett, 1 event/append' },
  ours5: { system: 'ours', batch: 5, label: 'ours, 5 events/append' },
  emmett5: { system: 'emmett', batch: 5, label: 'Emmett, 5 events/append' },
};

interface Phase { eventsPerSecond: number; latencyMs: LoadResult['latencyMs']; clientCores: number; machineBusy: number | null }

class Worker {
  private waiting: { resolve: (value: any) => void; reject: (error: Error) => void } | null = null;
  private constructor(readonly child: ChildProcess) {
    child.on('message', (message: { type: string; message?: string }) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (!waiting) return;
      if (message.type === 'error') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    });
    child.on('exit', (code) => {
      this.waiting?.reject(new Error(`peer worker exited with ${code}`));
      this.waiting = null;
    });
  }

  static async start(config: PeerWorkerConfig): Promise<Worker> {
    const child = fork(path.join(__dirname, 'lib', 'peer-worker.js'), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const worker = new Worker(child);
    await worker.next();
    return worker;
  }

  next<T>(): Promise<T> {
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  run(seconds: number, batch: number, tag: string): Promise<LoadResult & { cpuSeconds: number }> {
    const reply = this.next<LoadResult & { cpuSeconds: number }>();
    this.child.send({ type: 'run', seconds, batch, tag });
    return reply;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export const peerBenchmark: Benchmark<PeerSection, PeerSettings> = {
  key: 'peer',
  title: 'Peer: Emmett PostgreSQL',
  async run(context: BenchContext) {
    const { log } = context;
    const concurrency = context.overrides.concurrency ?? 8;
    const rounds = context.overrides.rounds ?? (context.quick ? 3 : 7);
    const roundSeconds = context.overrides.roundSeconds ?? (context.quick ? 1.5 : 5);
    const warmupSeconds = context.overrides.warmupSeconds ?? (context.quick ? 1 : 3);
    const emmettVersion = emmettPackageVersion();
    const settings: PeerSettings = {
      concurrency, poolSize: concurrency, rounds, roundSeconds, warmupSeconds, emmett: `@event-driven-io/emmett-postgresql ${emmettVersion}`,
      processes: 'each side in a child process of its own (Emmett\'s driver changes pg\'s process-wide type parsers)',
    };
    await PostgresEventStore.createSchema(context.databaseUrl);
    const admin = new Pool({ connectionString: context.databaseUrl, max: 1 });
    admin.on('error', () => undefined);
    const workers: Partial<Record<PeerSystem, Worker>> = {};
    try {
      workers.ours = await Worker.start({ system: 'ours', databaseUrl: context.databaseUrl, concurrency });
      workers.emmett = await Worker.start({ system: 'emmett', databaseUrl: context.databaseUrl, concurrency }); // runs Emmett's schema setup
      let counter = 0;
      const runPhase = async (key: VariantKey, seconds: number): Promise<Phase> => {
        const { system, batch } = VARIANTS[key];
        await admin.query(system === 'ours' ? 'truncate events, streams' : 'truncate emt_messages, emt_streams');
        await admin.query('checkpoint');
        const m0 = machineCpuSeconds();
        const result = await workers[system]!.run(seconds, batch, `K${++counter}`);
        const m1 = machineCpuSeconds();
        const table = system === 'ours' ? 'events' : 'emt_messages';
        const { rows: [count] } = await admin.query<{ n: string }>(`select count(*) as n from ${table}`);
        if (Number(count.n) !== result.units) throw new Error(`peer ${key}: ${count.n} rows stored, ${result.units} appended`);
        return {
          eventsPerSecond: round(result.unitsPerSecond, 1),
          latencyMs: result.latencyMs,
          clientCores: round(result.cpuSeconds / (result.elapsedMs / 1000), 3),
          machineBusy: m0 && m1 && m1.total > m0.total ? round((m1.busy - m0.busy) / (m1.total - m0.total), 3) : null,
        };
      };

      log(`peer: warm-up ${warmupSeconds}s per variant, then ${rounds} rounds of 4 x ${roundSeconds}s (concurrency ${concurrency})`);
      for (const key of Object.keys(VARIANTS) as VariantKey[]) {
        const warm = await runPhase(key, warmupSeconds);
        log(`  warm-up  ${VARIANTS[key].label.padEnd(26)} ${formatNumber(warm.eventsPerSecond).padStart(8)} events/s`);
      }
      const roundResults: (PeerSection['rounds'][number] & { phases: Record<VariantKey, Phase> })[] = [];
      for (let r = 0; r < rounds; r++) {
        const order: VariantKey[] = r % 2 === 0 ? ['ours', 'emmett', 'ours5', 'emmett5'] : ['emmett', 'ours', 'emmett5', 'ours5'];
        const phases = {} as Record<VariantKey, Phase>;
        for (const key of order) phases[key] = await runPhase(key, roundSeconds);
        const figures = (o: Phase, e: Phase): PeerFigures => ({ eventsPerSecond: o.eventsPerSecond, emmettEventsPerSecond: e.eventsPerSecond, appendRatio: round(o.eventsPerSecond / e.eventsPerSecond, 3) });
        const entry = { round: r + 1, order, single: figures(phases.ours, phases.emmett), batch5: figures(phases.ours5, phases.emmett5), phases };
        roundResults.push(entry);
        log(`  round ${r + 1}: 1/append ours ${formatNumber(entry.single.eventsPerSecond)} vs Emmett ${formatNumber(entry.single.emmettEventsPerSecond)} (ratio ${entry.single.appendRatio.toFixed(3)}); ` +
          `5/append ${formatNumber(entry.batch5.eventsPerSecond)} vs ${formatNumber(entry.batch5.emmettEventsPerSecond)} (ratio ${entry.batch5.appendRatio.toFixed(3)})`);
      }
      const med = (key: VariantKey, pick: (p: Phase) => number) => median(roundResults.map((r) => pick(r.phases[key])));
      const summaryFigures = (o: VariantKey, e: VariantKey): PeerFigures => {
        const ours = round(med(o, (p) => p.eventsPerSecond), 1);
        const theirs = round(med(e, (p) => p.eventsPerSecond), 1);
        return { eventsPerSecond: ours, emmettEventsPerSecond: theirs, appendRatio: round(ours / theirs, 3) };
      };
      const single = summaryFigures('ours', 'emmett');
      const diagnostics = {} as PeerSection['diagnostics'];
      for (const key of Object.keys(VARIANTS) as VariantKey[]) {
        diagnostics[key] = {
          latencyMs: {
            p50: round(med(key, (p) => p.latencyMs.p50), 2), p95: round(med(key, (p) => p.latencyMs.p95), 2),
            p99: round(med(key, (p) => p.latencyMs.p99), 2), max: round(med(key, (p) => p.latencyMs.max), 2),
          },
          clientCores: round(med(key, (p) => p.clientCores), 3),
          machineBusy: roundResults.some((r) => r.phases[key].machineBusy === null) ? null : round(med(key, (p) => p.machineBusy ?? 0), 3),
        };
      }
      const section: PeerSection = {
        name: 'emmett-postgresql',
        version: emmettVersion,
        eventsPerSecond: single.emmettEventsPerSecond,
        appendRatio: single.appendRatio,
        ours: { eventsPerSecond: single.eventsPerSecond },
        batch5: summaryFigures('ours5', 'emmett5'),
        pairedRatio: { single: round(median(roundResults.map((r) => r.single.appendRatio)), 3), batch5: round(median(roundResults.map((r) => r.batch5.appendRatio)), 3) },
        rounds: roundResults.map(({ phases: _phases, ...rest }) => rest),
        diagnostics,
      };
      return {
        section, settings, markdown: peerMarkdown(section, settings),
        summary: [
          `peer, 1 event/append:  ours ${formatNumber(section.ours.eventsPerSecond)} events/s, Emmett ${formatNumber(section.eventsPerSecond)} events/s, ratio ${section.appendRatio.toFixed(3)} (median of round ratios ${section.pairedRatio.single.toFixed(3)})`,
          `peer, 5 events/append: ours ${formatNumber(section.batch5.eventsPerSecond)} events/s, Emmett ${formatNumber(section.batch5.emmettEventsPerSecond)} events/s, ratio ${section.batch5.appendRatio.toFixed(3)}`,
        ],
      };
    } finally {
      for (const worker of Object.values(workers)) await worker?.stop().catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  },
};

/** The installed version (the package's exports do not include its package.json). */
function emmettPackageVersion(): string {
  try {
    const file = path.resolve(__dirname, '..', '..', 'node_modules', '@event-driven-io', 'emmett-postgresql', 'package.json'); // dist/bench -> root
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function peerMarkdown(section: PeerSection, settings: PeerSettings): string {
  const sample = declarationEvents('DEC-SAMPLE', 0, 1)[0];
  const lines: string[] = ['## Peer: Emmett\'s PostgreSQL event store', ''];
  lines.push(
    `**What is compared.** *Ours*: \`PostgresEventStore.append\` (one \`sw_append\` call: revision check, SHA-256 hash chain, insert, stream update; ` +
    `post-commit \`NOTIFY\`). *Emmett*: \`getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } })\` of ${settings.emmett}, ` +
    `\`appendToStream(streamName, events, { expectedStreamVersion })\` (a transaction: \`BEGIN\`, \`emt_append_to_stream(...)\` ` +
    `with the events inlined as SQL literals, \`COMMIT\`; no hash chain), on its own tables (\`emt_messages\`, \`emt_streams\`) created by its own schema setup ` +
    `in the same database. The same events go to both (type, ~${JSON.stringify(sample.data).length} bytes of data, the same metadata; the event id as Emmett's \`messageId\`), ` +
    `with the exact expected version on both sides.`,
    '',
    `**Load.** ${settings.concurrency} concurrent writers on each side, a pool of ${settings.poolSize} connections each, 20 events per stream then a new stream. ` +
    `${settings.processes[0].toUpperCase()}${settings.processes.slice(1)}. A ${settings.warmupSeconds} s warm-up of each variant, then ${settings.rounds} rounds of ` +
    `${settings.roundSeconds} s per variant, alternating which side goes first; tables truncated and a \`CHECKPOINT\` before every phase. Medians over the rounds.`,
    '',
  );
  lines.push(table(
    ['Round', 'First', 'Ours, 1/append', 'Emmett, 1/append', 'Ratio', 'Ours, 5/append', 'Emmett, 5/append', 'Ratio'],
    [
      ...section.rounds.map((r) => [String(r.round), r.order[0] === 'ours' ? 'ours' : 'Emmett',
        formatNumber(r.single.eventsPerSecond), formatNumber(r.single.emmettEventsPerSecond), r.single.appendRatio.toFixed(3),
        formatNumber(r.batch5.eventsPerSecond), formatNumber(r.batch5.emmettEventsPerSecond), r.batch5.appendRatio.toFixed(3)]),
      ['**median**', '', `**${formatNumber(section.ours.eventsPerSecond)}**`, `**${formatNumber(section.eventsPerSecond)}**`, `**${section.appendRatio.toFixed(3)}**`,
        `**${formatNumber(section.batch5.eventsPerSecond)}**`, `**${formatNumber(section.batch5.emmettEventsPerSecond)}**`, `**${section.batch5.appendRatio.toFixed(3)}**`],
    ],
    ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  ), '', '(events per second)', '');
  lines.push(`**appendRatio (ours ÷ Emmett, 1 event per append): ${section.appendRatio.toFixed(3)}**; with 5 events per append ${section.batch5.appendRatio.toFixed(3)}. ` +
    `Median of the per-round ratios: ${section.pairedRatio.single.toFixed(3)} and ${section.pairedRatio.batch5.toFixed(3)}.`, '');
  const max = Math.max(section.ours.eventsPerSecond, section.eventsPerSecond, section.batch5.eventsPerSecond, section.batch5.emmettEventsPerSecond);
  const chart: [string, number][] = [
    ['1/append  ours  ', section.ours.eventsPerSecond], ['1/append  Emmett', section.eventsPerSecond],
    ['5/append  ours  ', section.batch5.eventsPerSecond], ['5/append  Emmett', section.batch5.emmettEventsPerSecond],
  ];
  lines.push('```text', ...chart.map(([label, value]) => `${label} ${bar(value, max, 40)} ${formatNumber(value).padStart(8)} events/s`), '```', '');
  const keys = Object.keys(VARIANTS) as VariantKey[];
  lines.push(table(
    ['Variant', 'Latency p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'Client CPU (its process)', 'Machine CPU busy'],
    keys.map((k) => {
      const d = section.diagnostics[k];
      return [VARIANTS[k].label, d.latencyMs.p50.toFixed(2), d.latencyMs.p95.toFixed(2), d.latencyMs.p99.toFixed(2), `${(d.clientCores * 100).toFixed(0)}% of a core`,
        d.machineBusy === null ? 'n/a' : `${(d.machineBusy * 100).toFixed(0)}%`];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  ), '');
  return lines.join('\n');
}
