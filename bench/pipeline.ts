import type { Benchmark, BenchContext } from './lib/benchmark';
import { baselineMain, baselineMarkdown, runBaseline, type BaselineSection, type BaselineSettings } from './lib/baseline-run';
import { cpuPerReleasedDeclaration, runE2E, type E2EDetails, type E2EFigures, type E2ERun } from './lib/e2e-run';
import { bar, formatNumber, table } from './lib/markdown';
import { prefill, type PrefillReport } from './lib/prefill';
import { rebuildAll, type RebuildDetails, type RebuildFigures } from './lib/rebuild-run';
import { measureReplay, type ReplayDetails, type ReplayFigures } from './lib/replay-run';
import { overloadMarkdown, overloadSettings, runOverload, type OverloadSection, type OverloadSettings } from './lib/overload-run';
import { round } from './lib/stats';
import { REBUILD_FLOOR_EVENTS_PER_SECOND, REPLAY_P99_FLOOR_MS } from './lib/floors';

/**
 * The whole pipeline, at each store size (10k events; 1M in a full run):
 *  1. a fresh database pre-filled to the size (bench/lib/prefill.ts);
 *  2. e2e: the built server and a load generator, each a child process (bench/lib/e2e-run.ts);
 *  3. replay: history + as-of state of shipments sampled from the store (bench/lib/replay-run.ts);
 *  4. at the first size only, rebuild: every projection from the events of that database
 *     (bench/lib/rebuild-run.ts).
 * The `e2e`, `replay`, `rebuild` and `memory` sections are the first size's; `scaling` holds
 * every size's e2e and replay figures and the ratio of the largest to the first.
 */
export const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

export interface PipelineSettings {
  sizes: string[];
  e2e: { concurrency: number; warmupSeconds: number; seconds: number; sampleEvery: number; drainSeconds: number; loadGenerator: string; server: string };
  /** Open-loop runs at rising offered rates on a database of their own (pre-filled to the first size). */
  sweep: { rates: number[]; maxInFlight: number; warmupSeconds: number; seconds: number; drainSeconds: number };
  replay: { shipments: number; warmup: number };
  prefill: { templates: number };
  /** Twice the sustained rate against admission control (null: not run, e.g. --only=e2e without a sweep). */
  overload: OverloadSettings | null;
  /** --baseline: another build's server against this one's, alternating (null: not run). */
  baseline: BaselineSettings | null;
}

/** e2e.sustainedPerSecond: the highest offered rate kept up with whose release p99 stays within this. */
export const SUSTAINED_RELEASE_P99_MS = 1000;
const sustained = (point: SweepPoint | undefined): boolean => !!point && point.keptUp && point.censoredReleases === 0 && point.releaseP99Ms <= SUSTAINED_RELEASE_P99_MS;

export interface SweepPoint {
  offeredPerSecond: number; submittedPerSecond: number; releasedPerSecond: number; keptUp: boolean;
  submitP50Ms: number; submitP99Ms: number; releaseP50Ms: number; releaseP99Ms: number; censoredReleases: number;
  cores: Record<string, number | null>; otherCores: number | null;
  /** Whole run ÷ declarations: complete ones when the run kept up (every declaration released). */
  perDeclaration: E2EDetails['perDeclaration'];
  cpuMsPerDeclaration: Record<string, number | null>;
}
type E2ESection = E2EFigures & { releaseP50Ms: number; submittedPerSecond: number; releasedPerSecond: number; processedPerSecond: number | null; steadyState: boolean; eventsInStoreAtStart: number; details: E2EDetails };
type ReplaySection = ReplayFigures & { details: ReplayDetails };
type RebuildSection = RebuildFigures & { details: RebuildDetails };
/** The closed-loop e2e with the server as two processes (SW_ROLE=api and SW_ROLE=worker), beside the one-process figure. */
interface SplitRun {
  declarationsPerSecond: number; submitP50Ms: number; submitP99Ms: number; releaseP99Ms: number; submittedPerSecond: number; releasedPerSecond: number;
  processedPerSecond: number | null; steadyState: boolean; cores: Record<string, number | null>; cpuMsPerDeclaration: Record<string, number | null>; rssMb: number | null;
}
interface SizeResult { label: string; events: number; prefill: PrefillReport; e2e: E2ERun; replay: { figures: ReplayFigures; details: ReplayDetails } }

/** Figures compared across sizes, and which way is worse. */
const SCALED: { key: string; of: 'e2e' | 'replay'; label: string; higherIsBetter: boolean }[] = [
  { key: 'declarationsPerSecond', of: 'e2e', label: 'e2e declarations/s', higherIsBetter: true },
  { key: 'submitP50Ms', of: 'e2e', label: 'e2e submit p50 (ms)', higherIsBetter: false },
  { key: 'submitP99Ms', of: 'e2e', label: 'e2e submit p99 (ms)', higherIsBetter: false },
  { key: 'releaseP99Ms', of: 'e2e', label: 'e2e release p99 (ms)', higherIsBetter: false },
  { key: 'shipmentP50Ms', of: 'replay', label: 'replay p50 (ms)', higherIsBetter: false },
  { key: 'shipmentP99Ms', of: 'replay', label: 'replay p99 (ms)', higherIsBetter: false },
];

export interface ScalingSection {
  [size: string]: unknown;
  /** largest ÷ first size for every figure; `worse` = more than 30% worse (the issue's limit). */
  ratio: Record<string, { ratio: number | null; worseByMoreThan30Percent: boolean | null; note?: string }> | null;
  sizes: string[];
}

export const pipelineBenchmark: Benchmark<unknown, PipelineSettings> = {
  key: 'e2e',
  title: 'Pipeline: e2e, replay, rebuild, scaling',
  provides: ['e2e', 'replay', 'rebuild', 'memory', 'scaling', 'overload'],
  async run(context: BenchContext) {
    const { log, quick } = context;
    const o = context.overrides;
    const sizes = o.sizes ?? (quick ? ['10k'] : ['10k', '1M']);
    for (const size of sizes) if (!(size in SIZES)) throw new Error(`unknown size ${size} (known: ${Object.keys(SIZES).join(', ')})`);
    const settings: PipelineSettings = {
      sizes,
      e2e: {
        concurrency: o.e2eConcurrency ?? 8,
        warmupSeconds: o.e2eWarmupSeconds ?? (quick ? 3 : 5),
        seconds: o.e2eSeconds ?? (quick ? 6 : 20),
        sampleEvery: 10,
        drainSeconds: o.drainSeconds ?? (quick ? 15 : 30),
        loadGenerator: 'child node process (dist/bench/lib/load-generator.js), node:http keep-alive agent, closed loop',
        server: 'built server (dist/apps/single-window/src/main.js) as a child process on the bench database (DATABASE_URL), RISK_RANDOM_SELECTION=off, DEV_MODE=on, LOG_LEVEL=warn, RATE_LIMIT_PER_MINUTE=0; once more as two processes (SW_ROLE=api, SW_ROLE=worker) for comparison',
      },
      // Quick: from near the old capacity up, so that e2e.sustainedPerSecond is measured in every run;
      // steps of 50 up to 300, where today's capacity lies, so that the figure is not rounded down to 150.
      sweep: { rates: o.sweep ?? (quick ? [150, 200, 250, 300, 450, 600, 750, 900] : [10, 30, 80, 150, 200, 250, 300, 450, 600, 750, 900, 1050]), maxInFlight: 128, warmupSeconds: 3, seconds: quick ? 6 : 10, drainSeconds: 20 },
      replay: { shipments: quick ? 200 : 1000, warmup: quick ? 20 : 50 },
      prefill: { templates: 40 },
      overload: o.overload === false ? null : overloadSettings(quick),
      baseline: null,
    };
    if (o.baseline) {
      const { loadGenerator: _l, server: _s, ...e2e } = settings.e2e;
      settings.baseline = { dir: o.baseline, rounds: o.baselineRounds ?? (quick ? 2 : 3), targetEvents: SIZES[sizes[0]], templates: settings.prefill.templates, e2e };
      baselineMain(o.baseline); // a missing build fails now, not after the rest of the chapter
    }

    const results: SizeResult[] = [];
    let rebuild: RebuildSection | null = null;
    let apiAndWorker: SplitRun | null = null;
    for (const [index, label] of sizes.entries()) {
      const database = index === 0 ? { url: context.databaseUrl, name: context.databaseName, drop: async () => undefined } : await context.newDatabase();
      log(`pipeline at ${label} events: pre-fill`);
      const filled = await prefill(database.url, SIZES[label], { templates: settings.prefill.templates, log });
      const closedLoop = {
        databaseUrl: database.url, databaseName: database.name, concurrency: settings.e2e.concurrency, warmupSeconds: settings.e2e.warmupSeconds,
        seconds: settings.e2e.seconds, sampleEvery: settings.e2e.sampleEvery, drainSeconds: settings.e2e.drainSeconds, postmasterPid: context.postmasterPid, log,
      };
      const e2e = await runE2E({ ...closedLoop, statements: context.statements && context.profile, cpuProfile: context.profile });
      if (index === 0) {
        // The same closed loop with the API and the workers in two processes (DESIGN: workers can run apart), same run.
        log(`pipeline at ${label} events: the same e2e with the server as two processes (SW_ROLE=api, SW_ROLE=worker)`);
        const pair = await runE2E({ ...closedLoop, statements: false, cpuProfile: false, split: true });
        apiAndWorker = {
          ...pair.figures, submittedPerSecond: pair.details.submittedPerSecond, releasedPerSecond: pair.details.releasedPerSecond,
          processedPerSecond: pair.details.processedPerSecond, steadyState: pair.details.steadyState, cores: pair.details.cpu.cores,
          cpuMsPerDeclaration: pair.details.cpu.perDeclarationMs, rssMb: pair.memory?.rssMb ?? null,
        };
      }
      const replay = await measureReplay(database.url, { shipments: settings.replay.shipments, warmup: settings.replay.warmup, log });
      if (index === 0) {
        log(`pipeline at ${label}: rebuild every projection`);
        const rebuilt = await rebuildAll(database.url, e2e.details.drained, log);
        rebuild = { ...rebuilt.figures, details: rebuilt.details };
      }
      results.push({ label, events: filled.events, prefill: filled, e2e, replay });
      if (index > 0) await database.drop();
    }

    const baseline = settings.baseline ? await runBaseline(context, settings.baseline) : null;

    // The sweep: the highest offered rate the pipeline keeps up with (its backlog does not grow, drained).
    const sweep: SweepPoint[] = [];
    if (settings.sweep.rates.length) {
      const database = await context.newDatabase();
      log(`pipeline: open-loop sweep at ${settings.sweep.rates.join(', ')} declarations/s (${sizes[0]} events pre-filled)`);
      await prefill(database.url, SIZES[sizes[0]], { templates: settings.prefill.templates, log });
      for (const rate of [...settings.sweep.rates].sort((a, b) => a - b)) {
        const run = await runE2E({
          databaseUrl: database.url, databaseName: database.name, concurrency: settings.sweep.maxInFlight, ratePerSecond: rate,
          warmupSeconds: settings.sweep.warmupSeconds, seconds: settings.sweep.seconds, sampleEvery: settings.e2e.sampleEvery, drainSeconds: settings.sweep.drainSeconds,
          postmasterPid: context.postmasterPid, statements: false, cpuProfile: false, log,
        });
        // Kept up: the backlog grew by no more than 5% of the window's submissions. Releasing more
        // than was submitted (working off what the warm-up of a fresh server left) is keeping up.
        const grew = run.details.backlogAtWindowEnd - run.details.backlogAtWindowStart;
        const keptUp = run.details.drained && grew <= 0.05 * run.details.submittedPerSecond * settings.sweep.seconds;
        sweep.push({
          offeredPerSecond: rate, submittedPerSecond: run.details.submittedPerSecond, releasedPerSecond: run.details.releasedPerSecond, keptUp,
          submitP50Ms: run.figures.submitP50Ms, submitP99Ms: run.figures.submitP99Ms, releaseP50Ms: run.details.releaseLatencyMs.p50, releaseP99Ms: run.figures.releaseP99Ms,
          censoredReleases: run.details.releaseLatencyMs.censored, cores: run.details.cpu.cores, otherCores: run.details.cpu.otherCores,
          perDeclaration: run.details.perDeclaration, cpuMsPerDeclaration: run.details.cpu.perDeclarationMs,
        });
        // Past the first rate not sustained, higher ones are not either.
        if (!sustained(sweep[sweep.length - 1])) break;
      }
      await database.drop();
    }
    const best = [...sweep].reverse().find((p) => p.keptUp) ?? null;
    const sustainedPoint = [...sweep].reverse().find(sustained) ?? null;
    const sustainedPerSecond = settings.sweep.rates.length === 0 ? null : sustainedPoint?.offeredPerSecond ?? 0;

    // Overload: twice the sustained rate (the closed loop's throughput when no sweep ran).
    let overload: OverloadSection | null = null;
    if (settings.overload) {
      const basis = sustainedPerSecond ? { rate: sustainedPerSecond, name: 'e2e.sustainedPerSecond' as const } : { rate: results[0].e2e.figures.declarationsPerSecond, name: 'e2e.declarationsPerSecond' as const };
      overload = await runOverload(context, basis.rate, basis.name, settings.overload, settings.prefill.templates, SIZES[sizes[0]]);
    }

    const first = results[0];
    const e2eSection = (run: E2ERun, events: number): E2ESection => ({
      ...run.figures,
      releaseP50Ms: run.details.releaseLatencyMs.p50,
      submittedPerSecond: run.details.submittedPerSecond,
      releasedPerSecond: run.details.releasedPerSecond,
      processedPerSecond: run.details.processedPerSecond,
      steadyState: run.details.steadyState,
      eventsInStoreAtStart: events,
      details: run.details,
    });
    const cpuMsPerDeclaration = cpuPerReleasedDeclaration(first.e2e.details);
    const e2e = {
      ...e2eSection(first.e2e, first.e2e.details.eventsAtStart),
      sustainedPerSecond,
      cpuMsPerDeclaration,
      sustainable: settings.sweep.rates.length === 0 ? null
        : { ratePerSecond: best?.offeredPerSecond ?? 0, releaseP50Ms: best?.releaseP50Ms ?? null, releaseP99Ms: best?.releaseP99Ms ?? null, submitP99Ms: best?.submitP99Ms ?? null },
      sweep: sweep.length ? sweep : null,
      apiAndWorker,
      baseline,
    };
    const replay: ReplaySection = { ...first.replay.figures, details: first.replay.details };
    const memory = { rssMb: first.e2e.memory?.rssMb ?? null, peakRssMb: first.e2e.memory?.peakRssMb ?? null, process: 'the server child process at the end of the e2e run (after the drain), /proc/<pid>/status VmRSS and VmHWM' };

    const scaling: ScalingSection = { sizes, ratio: null };
    for (const result of results) {
      scaling[result.label] = {
        eventsAtStart: result.e2e.details.eventsAtStart,
        eventsAtEnd: result.e2e.details.eventsAtEnd,
        prefill: result.prefill,
        e2e: {
          ...result.e2e.figures, releaseP50Ms: result.e2e.details.releaseLatencyMs.p50, submittedPerSecond: result.e2e.details.submittedPerSecond,
          releasedPerSecond: result.e2e.details.releasedPerSecond, processedPerSecond: result.e2e.details.processedPerSecond, steadyState: result.e2e.details.steadyState,
          censoredReleases: result.e2e.details.releaseLatencyMs.censored,
        },
        replay: result.replay.figures,
        memory: result.e2e.memory,
        cpu: result.e2e.details.cpu,
        perDeclaration: { commits: result.e2e.details.perDeclaration.commits, rowsFetched: result.e2e.details.perDeclaration.rowsFetched, rowsReturned: result.e2e.details.perDeclaration.rowsReturned },
      };
    }
    if (results.length > 1) {
      const last = results[results.length - 1];
      const ratio: NonNullable<ScalingSection['ratio']> = {};
      for (const figure of SCALED) {
        const a = (figure.of === 'e2e' ? first.e2e.figures : first.replay.figures) as unknown as Record<string, number | null>;
        const b = (figure.of === 'e2e' ? last.e2e.figures : last.replay.figures) as unknown as Record<string, number | null>;
        const from = a[figure.key];
        const to = b[figure.key];
        // Release latencies cut off at the drain limit are lower bounds: their ratio means nothing.
        const censored = figure.key === 'releaseP99Ms' && (first.e2e.details.releaseLatencyMs.censored > 0 || last.e2e.details.releaseLatencyMs.censored > 0);
        const r = !censored && from && to !== null && to !== undefined ? round(to / from, 3) : null;
        ratio[`${figure.of}.${figure.key}`] = { ratio: r, worseByMoreThan30Percent: r === null ? null : figure.higherIsBetter ? r < 0.7 : r > 1.3, ...(censored ? { note: 'release latencies cut off at the drain limit (lower bounds): no ratio' } : {}) };
      }
      scaling.ratio = ratio;
    }

    const summary = [
      `e2e (${first.label} events in store): ${formatNumber(e2e.declarationsPerSecond)} declarations/s carried to release (submitted ${formatNumber(e2e.submittedPerSecond)}/s, released ${formatNumber(e2e.releasedPerSecond)}/s in the window, pipeline work ${e2e.processedPerSecond === null ? 'n/a' : formatNumber(e2e.processedPerSecond)} declarations/s), ` +
        `submit p50 ${e2e.submitP50Ms} ms p99 ${e2e.submitP99Ms} ms, release p99 ${e2e.releaseP99Ms} ms${e2e.details.releaseLatencyMs.censored ? ` (≥: ${e2e.details.releaseLatencyMs.censored} followed declarations not released within the drain limit)` : ''}`,
      ...(baseline ? [`e2e against the baseline ${baseline.commit ?? baseline.dir} (medians, same run): ${formatNumber(baseline.medians.this.declarationsPerSecond)} vs ${formatNumber(baseline.medians.baseline.declarationsPerSecond)} declarations/s (×${baseline.ratio.declarationsPerSecond}), ` +
        `CPU ${baseline.medians.this.cpuMsPerDeclaration} vs ${baseline.medians.baseline.cpuMsPerDeclaration} ms per declaration (×${baseline.ratio.cpuMsPerDeclaration})`] : []),
      ...(apiAndWorker ? [`e2e with the server as API + worker processes: ${formatNumber(apiAndWorker.declarationsPerSecond)} declarations/s (submitted ${formatNumber(apiAndWorker.submittedPerSecond)}/s), submit p99 ${apiAndWorker.submitP99Ms} ms`] : []),
      ...(e2e.sweep ? [`e2e open-loop sweep: highest rate kept up with ${e2e.sustainable?.ratePerSecond ?? 0} declarations/s (` + e2e.sweep.map((pt) => `${pt.offeredPerSecond}/s: ${pt.keptUp ? 'kept up' : 'fell behind'}, release p99 ${pt.releaseP99Ms} ms`).join('; ') + ')'] : []),
      `e2e sustained: ${sustainedPerSecond ?? 'not measured'} declarations/s (release p99 ≤ ${SUSTAINED_RELEASE_P99_MS} ms); server + PostgreSQL CPU ${cpuMsPerDeclaration ?? 'n/a'} ms per released declaration`,
      ...(overload ? [`overload at ${overload.offeredPerSecond}/s: ${overload.accepted} accepted, ${overload.shed} shed (${(overload.shedShare * 100).toFixed(1)}%), accepted all released: ${overload.acceptedAllReleased ? 'yes' : `NO (${overload.notReleased})`}, accepted release p99 ${overload.acceptedReleaseP99Ms} ms`] : []),
      `replay: shipment p50 ${replay.shipmentP50Ms} ms, p99 ${replay.shipmentP99Ms} ms (${replay.details.eventsPerShipment.mean} events, ${replay.details.streamsPerShipment.mean} streams)`,
      `rebuild: ${formatNumber(rebuild!.eventsPerSecond)} events/s (${formatNumber(rebuild!.details.events)} events over ${rebuild!.details.projections.length} projections in ${rebuild!.details.seconds} s)`,
      `memory: server RSS ${memory.rssMb} MB (peak ${memory.peakRssMb} MB)`,
    ];
    if (scaling.ratio) {
      summary.push(`scaling ${sizes[sizes.length - 1]}/${sizes[0]}: ` + Object.entries(scaling.ratio).map(([k, v]) => `${k} ×${v.ratio ?? 'n/a'}${v.worseByMoreThan30Percent ? ' (worse >30%)' : ''}`).join(', '));
    }
    return {
      sections: { e2e, replay, rebuild, memory, scaling, overload },
      settings,
      markdown: pipelineMarkdown(settings, results, e2e, replay, rebuild!, memory, scaling) + (overload && settings.overload ? '\n' + overloadMarkdown(overload, settings.overload) : ''),
      summary,
    };
  },
};

const ms = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v >= 100 ? formatNumber(v) : v.toFixed(2));
const cores = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(2));

function pipelineMarkdown(
  settings: PipelineSettings, results: SizeResult[], e2e: E2ESection & { sweep: SweepPoint[] | null; sustainable: { ratePerSecond: number } | null; sustainedPerSecond: number | null; cpuMsPerDeclaration: number | null; apiAndWorker: SplitRun | null; baseline: BaselineSection | null }, replay: ReplaySection, rebuild: RebuildSection,
  memory: { rssMb: number | null; peakRssMb: number | null }, scaling: ScalingSection,
): string {
  const d = e2e.details;
  const first = results[0];
  const lines: string[] = [];
  lines.push('## End to end: submission to release over HTTP', '');
  lines.push(
    `**Setup.** The built server (\`dist/apps/single-window/src/main.js\`, one process: HTTP, commands and subscriptions, as \`npm start\` runs it) runs as a child process on the bench's PostgreSQL ` +
    '(`DATABASE_URL` = a database of its own, default durability), with `RISK_RANDOM_SELECTION=off` (green lanes stay green), ' +
    '`DEV_MODE=on` (a dev token for the declarant), `LOG_LEVEL=warn` and `RATE_LIMIT_PER_MINUTE=0` (the load generator is one client with one token). ' +
    `Before the run the store is pre-filled to ${first.label} events (see *Scaling* for how). ` +
    `The load generator is another child process (\`dist/bench/lib/load-generator.js\`): ${settings.e2e.concurrency} clients, each submitting ` +
    'green-lane declarations (a road export of laptops through Huanggang 皇岗, real HS, customs-office and unit codes; ' +
    '`test/support/declarations.ts` roadExport) back to back over keep-alive HTTP (`node:http` agents: cheaper per request than `fetch`), ' +
    `for ${settings.e2e.warmupSeconds} s of warm-up (discarded) and ${settings.e2e.seconds} s measured. ` +
    `Every ${settings.e2e.sampleEvery}th accepted declaration is followed on its status stream (\`GET /v1/declarations/{id}/stream\`, server-sent events; ` +
    'it answers 404 until the status projection has the declaration, so the follower retries after 5, 10, 20, 40, 50 ms…) until a status event says `released`: ' +
    'release latency = from the start of the POST to that event. ' +
    `After the window the bench waits up to ${settings.e2e.drainSeconds} s for every declaration of the run to be released (the drain); a followed declaration still ` +
    'not released then counts with the time waited (a lower bound).',
    '',
    '**Figures.** *Submitted/s*: 202 answers per second in the window. *Released/s*: `DeclarationReleased` events recorded in the window. ' +
    '*Pipeline work*: the events the subscriptions appended in the window (those whose actor is the system, not the submission\'s own write) ÷ how many of them ' +
    `a released shipment holds (${d.downstreamEventsPerDeclaration ?? 'n/a'}), in declarations per second. ` +
    '*Declarations/s* (the e2e figure) is the steady-state throughput, min(offered, capacity): the released/s of the window when the pipeline kept up ' +
    '(released within 5% of submitted); otherwise the lower of submitted/s and the pipeline work rate, which is what it releases per second once its backlog is established ' +
    '(the clearance process works through events in log order, so with a backlog each declaration waits for the whole backlog at each of its hops before its release).',
    '',
  );
  lines.push(table(['Figure', 'Value'], [
    ['**declarations/s (steady state)**', `**${formatNumber(e2e.declarationsPerSecond)}**`],
    ['submitted/s in the window', formatNumber(e2e.submittedPerSecond)],
    ['released/s in the window', formatNumber(e2e.releasedPerSecond)],
    ['pipeline work (declarations/s)', e2e.processedPerSecond === null ? 'n/a' : formatNumber(e2e.processedPerSecond)],
    ['released/s while draining after the window', d.drainReleasedPerSecond === null ? 'n/a' : formatNumber(d.drainReleasedPerSecond)],
    ['kept up (steady state)', e2e.steadyState ? 'yes' : `**no**: backlog ${formatNumber(d.backlogAtWindowStart)} → ${formatNumber(d.backlogAtWindowEnd)} declarations over the window`],
    ['events behind, per subscription, at the window\'s end', Object.entries(d.lagAtWindowEnd ?? {}).map(([name, n]) => `${name} ${formatNumber(n)}`).join(', ') || 'n/a'],
    ['**submit p50 / p99 (ms)**', `**${ms(e2e.submitP50Ms)} / ${ms(e2e.submitP99Ms)}**`],
    ['submit p90 / max (ms)', `${ms(d.submitLatencyMs.p90)} / ${ms(d.submitLatencyMs.max)}`],
    ['**release p50 / p99 (ms)**', `**${ms(d.releaseLatencyMs.p50)} / ${ms(e2e.releaseP99Ms)}**${d.releaseLatencyMs.censored ? ` (≥: ${d.releaseLatencyMs.censored} of ${d.releaseLatencyMs.samples} not released in time)` : ''}`],
    ['followed declarations', `${d.releaseLatencyMs.samples} (status-stream 404 retries per follow: ${d.streamRetriesPerFollow})`],
    ['drain after the window', `${d.drainSeconds} s${d.drained ? '' : ` — ${formatNumber(d.undrained)} declarations still not released at the limit`}`],
    ['errors', Object.keys(d.errors).length ? Object.entries(d.errors).map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'],
    ['events in the store', `${formatNumber(d.eventsAtStart)} at the start, ${formatNumber(d.eventsAtEnd)} at the end`],
  ], ['l', 'r']), '');

  const twoProcesses = e2e.apiAndWorker;
  if (twoProcesses) {
    lines.push('**One process or two.** The same closed loop on the same database, right after, with the server as two processes (`SW_ROLE=api` for HTTP and commands, ' +
      '`SW_ROLE=worker` for the subscriptions), as DESIGN.md allows:', '');
    lines.push(table(['Deployment', 'Declarations/s', 'Submitted/s', 'Released/s', 'Kept up', 'Submit p50 / p99 (ms)', 'Release p99 (ms)', 'Node cores', 'PostgreSQL cores'], [
      ['one process (the figure)', formatNumber(e2e.declarationsPerSecond), formatNumber(e2e.submittedPerSecond), formatNumber(e2e.releasedPerSecond), e2e.steadyState ? 'yes' : 'no',
        `${ms(e2e.submitP50Ms)} / ${ms(e2e.submitP99Ms)}`, ms(e2e.releaseP99Ms), cores(d.cpu.cores.server), cores(d.cpu.cores.postgres)],
      ['API + worker', formatNumber(twoProcesses.declarationsPerSecond), formatNumber(twoProcesses.submittedPerSecond), formatNumber(twoProcesses.releasedPerSecond), twoProcesses.steadyState ? 'yes' : 'no',
        `${ms(twoProcesses.submitP50Ms)} / ${ms(twoProcesses.submitP99Ms)}`, ms(twoProcesses.releaseP99Ms), `${cores(twoProcesses.cores.server)} + ${cores(twoProcesses.cores.worker)}`, cores(twoProcesses.cores.postgres)],
    ], ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r']), '');
    lines.push('With two processes the API no longer shares its event loop with the subscriptions, so in a closed loop it accepts declarations faster than ' +
      'the worker carries them through; the two cores are shared by both processes and PostgreSQL either way. Compare the declarations/s, not the submissions.', '');
  }

  if (e2e.baseline && settings.baseline) lines.push(...baselineMarkdown(e2e.baseline, settings.baseline));

  const timeline = d.timeline.filter((t) => t.second <= settings.e2e.warmupSeconds + settings.e2e.seconds + 1);
  const tmax = Math.max(1, ...timeline.map((t) => Math.max(t.submitted, t.released * settings.e2e.sampleEvery)));
  lines.push('Per second of the run (warm-up then window): declarations accepted, and followed declarations released (× ' +
    `${settings.e2e.sampleEvery}, the sampling rate). Releases missing here came later, in the drain.`, '', '```text',
    ...timeline.map((t) => `${String(t.second).padStart(3)} s ${t.second < settings.e2e.warmupSeconds ? 'warm ' : '     '}accepted ${bar(t.submitted, tmax, 30)} ${String(t.submitted).padStart(5)}   released ${bar(t.released * settings.e2e.sampleEvery, tmax, 30)} ${String(t.released * settings.e2e.sampleEvery).padStart(5)}`),
    '```', '');

  if (e2e.sweep) {
    lines.push('### Open-loop sweep: the rate the pipeline keeps up with', '',
      `On another database pre-filled to ${first.label} events, the load generator offers declarations at a fixed rate (open loop, at most ` +
      `${settings.sweep.maxInFlight} in flight) for ${settings.sweep.warmupSeconds} s of warm-up and ${settings.sweep.seconds} s measured, each rate after the last ` +
      `(lowest first; the sweep stops at the first rate the pipeline does not keep up with: its backlog grew by no more than 5% of the window's submissions (a backlog the warm-up left may shrink) and everything was released ` +
      `within ${settings.sweep.drainSeconds} s after it). **Highest rate kept up with: ${e2e.sustainable?.ratePerSecond ? `${formatNumber(e2e.sustainable.ratePerSecond)} declarations/s` : 'none of those tried'}.** ` +
      `**Sustained (\`e2e.sustainedPerSecond\`: kept up and release p99 ≤ ${formatNumber(SUSTAINED_RELEASE_P99_MS)} ms): ${e2e.sustainedPerSecond ? `${formatNumber(e2e.sustainedPerSecond)} declarations/s` : 'none of those tried'}.** ` +
      `Server + PostgreSQL CPU per released declaration in the closed-loop run (\`e2e.cpuMsPerDeclaration\`): ${e2e.cpuMsPerDeclaration ?? 'n/a'} ms.`, '');
    lines.push(table(['Offered/s', 'Submitted/s', 'Released/s', 'Kept up', 'Submit p50 / p99 (ms)', 'Release p50 / p99 (ms)', 'Server / PostgreSQL / other (cores)'],
      e2e.sweep.map((pt) => [formatNumber(pt.offeredPerSecond), formatNumber(pt.submittedPerSecond), formatNumber(pt.releasedPerSecond), pt.keptUp ? 'yes' : '**no**',
        `${ms(pt.submitP50Ms)} / ${ms(pt.submitP99Ms)}`, `${ms(pt.releaseP50Ms)} / ${ms(pt.releaseP99Ms)}${pt.censoredReleases ? ' (≥)' : ''}`,
        `${cores(pt.cores.server)} / ${cores(pt.cores.postgres)} / ${cores(pt.otherCores)}`]),
      ['r', 'r', 'r', 'l', 'r', 'r', 'r']), '');
    const smax = Math.max(...e2e.sweep.map((pt) => pt.submittedPerSecond));
    lines.push('```text', ...e2e.sweep.flatMap((pt) => [
      `${String(pt.offeredPerSecond).padStart(5)}/s offered  submitted ${bar(pt.submittedPerSecond, smax, 30)} ${formatNumber(pt.submittedPerSecond).padStart(5)}/s`,
      `${' '.repeat(17)} released  ${bar(pt.releasedPerSecond, smax, 30)} ${formatNumber(pt.releasedPerSecond).padStart(5)}/s`,
    ]), '```', '');
  }

  lines.push('### Where the time goes', '');
  const c = d.cpu;
  const split: [string, number | null, number | null][] = [
    ['server (Node: HTTP, commands, subscriptions)', c.cores.server, c.perDeclarationMs.server],
    ['PostgreSQL (postmaster and backends)', c.cores.postgres, c.perDeclarationMs.postgres],
    ['load generator', c.cores.loadGenerator, c.perDeclarationMs.loadGenerator],
    ['bench process (sampling)', c.cores.bench, c.perDeclarationMs.bench],
    ['other work on the machine', c.otherCores, null],
  ];
  lines.push(`CPU in the window, in cores of the machine's ${c.cpus} (from /proc), and CPU milliseconds per declaration over the whole run (${c.runSeconds} s: warm-up, window, drain; ` +
    `${formatNumber(d.perDeclaration.declarations)} declarations):`, '', '```text',
    ...split.map(([label, v, per]) => `${label.padEnd(48)} ${bar(v ?? 0, c.cpus ?? 2, 30)} ${cores(v).padStart(5)} cores${per === null ? '' : `  ${ms(per).padStart(7)} ms/declaration`}`),
    `${'machine busy'.padEnd(48)} ${bar(c.machineCores ?? 0, c.cpus ?? 2, 30)} ${cores(c.machineCores).padStart(5)} cores`,
    '```', '');
  const p = d.perDeclaration;
  lines.push('Per declaration (whole run, from the events of the run, `pg_stat_database` and the WAL position):', '');
  lines.push(table(['', 'Per declaration'], [
    ['events', String(p.events)], ['streams', String(p.streams)], ['appends (event-store transactions)', String(p.appends)],
    ['commits (all transactions: appends, subscription batches, reads)', String(p.commits)], ['rollbacks', String(p.rollbacks)],
    ['rows inserted / updated', `${p.rowsInserted} / ${p.rowsUpdated}`], ['rows fetched by index scans / rows read by scans (`tup_fetched` / `tup_returned`)', `${formatNumber(p.rowsFetched)} / ${formatNumber(p.rowsReturned)}`],
    ['WAL bytes', formatNumber(p.walBytes)],
  ], ['l', 'r']), '');
  lines.push('Events of one declaration, in the order they first appear: ' + Object.entries(p.eventTypes).map(([k, v]) => `\`${k}\`${v === 1 ? '' : ` ×${v}`}`).join(' → ') + '.', '');
  const kept = e2e.sweep ? [...e2e.sweep].reverse().find((pt) => pt.keptUp) : undefined;
  if (!e2e.steadyState) {
    lines.push('With the pipeline behind, most declarations of this run are not complete (their later events are still to come), so these are per declaration *submitted*. ' +
      (kept ? `At ${kept.offeredPerSecond} declarations/s (the highest rate of the sweep kept up with) every declaration was released; per complete declaration:` : 'Run the sweep (full bench) for the figures of complete declarations.'), '');
  }
  if (kept) {
    const q = kept.perDeclaration;
    const cpu = kept.cpuMsPerDeclaration;
    lines.push(table(['Per complete declaration (sweep at ' + kept.offeredPerSecond + '/s)', ''], [
      ['events / streams / appends', `${q.events} / ${q.streams} / ${q.appends}`],
      ['commits', String(q.commits)],
      ['rows inserted / updated', `${q.rowsInserted} / ${q.rowsUpdated}`],
      ['rows fetched by index scans / read by scans', `${formatNumber(q.rowsFetched)} / ${formatNumber(q.rowsReturned)}`],
      ['WAL bytes', formatNumber(q.walBytes)],
      ['CPU ms: server / PostgreSQL / load generator', `${ms(cpu.server)} / ${ms(cpu.postgres)} / ${ms(cpu.loadGenerator)}`],
    ], ['l', 'r']), '');
  }
  if (d.statements) {
    lines.push('Statements by total execution time in PostgreSQL (`pg_stat_statements`, whole run, `--profile`):', '');
    lines.push(table(['Statement', 'Calls/decl.', 'Mean (ms)', 'ms/decl.', 'Share', 'Rows/call'],
      d.statements.slice(0, 12).map((s) => [`\`${s.query.replace(/\|/g, '\\|')}\``, String(s.callsPerDeclaration), s.meanMs.toFixed(3), s.msPerDeclaration.toFixed(3), `${(s.shareOfTime * 100).toFixed(1)}%`, String(s.rowsPerCall)]),
      ['l', 'r', 'r', 'r', 'r', 'r']), '');
  }
  if (d.wal) {
    lines.push('WAL by record type (`pg_walinspect`, whole run, `--profile`), per declaration:', '');
    lines.push(table(['Record type', 'Records', 'Record bytes', 'Full-page image bytes'],
      d.wal.slice(0, 12).map((w) => [w.record, String(w.recordsPerDeclaration), formatNumber(w.recordBytesPerDeclaration), formatNumber(w.fullPageImageBytesPerDeclaration)]),
      ['l', 'r', 'r', 'r']), '');
  }
  if (d.statementCalls) {
    lines.push(`Statements by calls (every round trip to PostgreSQL, \`BEGIN\` and \`COMMIT\` included): **${d.statementCalls.perDeclaration} per declaration** in all. The most frequent:`, '');
    lines.push(table(['Statement', 'Calls/decl.', 'Mean (ms)'],
      d.statementCalls.byCalls.slice(0, 12).map((s) => [`\`${s.query.replace(/\|/g, '\\|').slice(0, 160)}\``, String(s.callsPerDeclaration), s.meanMs.toFixed(3)]), ['l', 'r', 'r']), '');
  }
  const profile = d.serverProfile;
  if (profile) {
    lines.push(`Server CPU profile (\`node --cpu-prof\`, whole server life): ${formatNumber(profile.busyMs)} ms sampled busy` +
      (profile.processCpuMs ? ` against ${formatNumber(profile.processCpuMs)} ms of CPU the process really used (/proc). The difference is time the main thread waited for a CPU: ` +
        'V8 attributes a sample taken while the thread is preempted to where it resumes, typically on return from a system call (`writev`), so on a busy machine ' +
        'syscalls look heavier than they are.' : '.') + ' Self time by area and the hottest functions:', '');
    lines.push('```text', ...profile.areas.slice(0, 12).map((a) => `${a.area.padEnd(30)} ${bar(a.share, 1, 30)} ${(a.share * 100).toFixed(1).padStart(5)}%`), '```', '');
    lines.push(table(['Function', 'Area', 'Self'], profile.functions.slice(0, 12).map((f) => [`\`${f.name.replace(/\|/g, '\\|')}\``, f.area, `${(f.share * 100).toFixed(1)}%`]), ['l', 'l', 'r']), '');
  }

  lines.push('## Replay: a shipment\'s history and as-of state', '');
  const r = replay.details;
  lines.push(
    `**Method.** ${r.shipments} shipments drawn at random among the released ones in the store (${formatNumber(r.eventsInStore)} events; pre-filled clones and the e2e run's own), ` +
    `after ${r.warmup} warm-up ones; for each, \`ShipmentAudit.history(id)\` then \`stateAsOf(id, now)\` (both read the shipment by correlation id from the event store; ` +
    'the second folds it through the live projection\'s reducer), one shipment at a time. Path: createToolContext in the bench process — the Nest providers ' +
    'the audit API (`GET /v1/audit/shipments/{id}/events` and `/state`) calls, without HTTP, auth and JSON rendering. ' +
    `Shipments hold ${r.eventsPerShipment.mean} events (${r.eventsPerShipment.min}–${r.eventsPerShipment.max}) across ${r.streamsPerShipment.mean} streams: ` +
    'a green-lane declaration routed to customs and border.',
    '',
  );
  lines.push(table(['', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'max (ms)'], [
    ['**history + stateAsOf**', `**${ms(r.shipmentMs.p50)}**`, ms(r.shipmentMs.p90), `**${ms(r.shipmentMs.p99)}**`, ms(r.shipmentMs.max)],
    ['history', ms(r.historyMs.p50), '', ms(r.historyMs.p99), ''],
    ['stateAsOf', ms(r.stateAsOfMs.p50), '', ms(r.stateAsOfMs.p99), ''],
  ], ['l', 'r', 'r', 'r', 'r']), '');
  const rmax = Math.max(r.shipmentMs.p50, r.shipmentMs.p90, r.shipmentMs.p99, REPLAY_P99_FLOOR_MS);
  lines.push('```text', ...([['p50', r.shipmentMs.p50], ['p90', r.shipmentMs.p90], ['p99', r.shipmentMs.p99], ['floor', REPLAY_P99_FLOOR_MS]] as [string, number][])
    .map(([k, v]) => `${k.padEnd(6)} ${bar(v, rmax, 40)} ${ms(v).padStart(7)} ms`), '```', '');

  lines.push('## Rebuild: every projection from the event store', '');
  lines.push(
    `**Method.** After the e2e run (server stopped), \`rebuildProjection\` for every subscriber that owns tables, one after the other, on the same database ` +
    `(${formatNumber(rebuild.details.eventsInStore)} events): each replays its filtered events in batches of 1,000 into copies of its tables, then swaps them in. ` +
    'Figure: events replayed (summed over projections) ÷ seconds (summed). When the e2e run drained (the live projections caught up), each rebuilt table ' +
    'is compared with the live one it replaces (md5 of its rows); otherwise the live ones lag behind the store and are not compared.',
    '',
  );
  lines.push(table(['Projection', 'Tables', 'Events', 'Seconds', 'Events/s', 'Same as live'],
    [...rebuild.details.projections.map((pr) => [pr.name, pr.tables.join(', '), formatNumber(pr.events), pr.seconds.toFixed(2), formatNumber(pr.eventsPerSecond), pr.identical === null ? 'not compared' : pr.identical ? 'yes' : '**no**']),
      ['**all**', '', `**${formatNumber(rebuild.details.events)}**`, `**${rebuild.details.seconds.toFixed(2)}**`, `**${formatNumber(rebuild.eventsPerSecond)}**`, '']],
    ['l', 'l', 'r', 'r', 'r', 'l']), '');
  const bmax = Math.max(REBUILD_FLOOR_EVENTS_PER_SECOND, ...rebuild.details.projections.map((pr) => pr.eventsPerSecond));
  lines.push('```text', ...rebuild.details.projections.filter((pr) => pr.events > 0).map((pr) => `${pr.name.padEnd(20)} ${bar(pr.eventsPerSecond, bmax, 40)} ${formatNumber(pr.eventsPerSecond).padStart(8)} events/s`),
    `${'all'.padEnd(20)} ${bar(rebuild.eventsPerSecond, bmax, 40)} ${formatNumber(rebuild.eventsPerSecond).padStart(8)} events/s`,
    `${'floor'.padEnd(20)} ${bar(REBUILD_FLOOR_EVENTS_PER_SECOND, bmax, 40)} ${formatNumber(REBUILD_FLOOR_EVENTS_PER_SECOND).padStart(8)} events/s`, '```', '');

  lines.push('## Memory', '', `Server process RSS at the end of the e2e run (after the drain): **${memory.rssMb} MB** (peak ${memory.peakRssMb} MB; /proc/<pid>/status VmRSS, VmHWM)` +
    `${e2e.apiAndWorker?.rssMb ? `; API and worker processes together: ${e2e.apiAndWorker.rssMb} MB` : ''}.`, '');

  lines.push('## Scaling: the store at 10k and 1M events', '');
  lines.push(
    '**Pre-fill.** For each size a fresh database is filled before the e2e run: ' +
    `${first.prefill.templates} template shipments go through the real server (HTTP, subscriptions, release), then each is cloned with new ids ` +
    '(declaration id, event ids and the causation ids that name them, consignment note, vehicle plate) until the store holds the size. Clones are written with ' +
    'multi-row `INSERT`s (unnest of arrays, 4,000 rows a statement, `synchronous_commit=off` for these sessions only), not through `sw_append`: the hash chain is computed ' +
    'in the bench exactly as `sw_append` computes it (`chainHash` over `canonicalEventText`) and sampled cloned streams are checked with `verifyChain`. ' +
    'Every read-model row naming a template shipment is cloned the same way, and each subscription\'s checkpoint is set where a caught-up subscription would have it ' +
    '(the last event its filter takes; none if it takes none). Then `VACUUM (ANALYZE)` and `CHECKPOINT`.',
    '',
  );
  lines.push(table(['Size', 'Events at start', 'Pre-fill (s)', 'Clone rate (events/s)', 'e2e decl./s', 'Submit p50 / p99 (ms)', 'Release p99 (ms)', 'Replay p50 / p99 (ms)', 'Server CPU', 'PostgreSQL CPU', 'Rows read by scans/decl.'],
    results.map((res) => [res.label, formatNumber(res.e2e.details.eventsAtStart), String(res.prefill.seconds.total), formatNumber(res.prefill.rowsPerSecond),
      formatNumber(res.e2e.figures.declarationsPerSecond), `${ms(res.e2e.figures.submitP50Ms)} / ${ms(res.e2e.figures.submitP99Ms)}`,
      `${ms(res.e2e.figures.releaseP99Ms)}${res.e2e.details.releaseLatencyMs.censored ? ' (≥)' : ''}`, `${ms(res.replay.figures.shipmentP50Ms)} / ${ms(res.replay.figures.shipmentP99Ms)}`,
      cores(res.e2e.details.cpu.cores.server), cores(res.e2e.details.cpu.cores.postgres), formatNumber(res.e2e.details.perDeclaration.rowsReturned)]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '');
  if (scaling.ratio) {
    const last = results[results.length - 1].label;
    lines.push(`Ratio ${last} ÷ ${first.label} (worse by more than 30% fails: a rate below 0.7×, a latency above 1.3×):`, '');
    lines.push('```text', ...Object.entries(scaling.ratio).map(([k, v]) => {
      const label = SCALED.find((f) => `${f.of}.${f.key}` === k)?.label ?? k;
      return `${label.padEnd(24)} ${bar(Math.min(v.ratio ?? 0, 3), 3, 30)} ×${v.ratio === null ? 'n/a' : v.ratio.toFixed(2)} ${v.worseByMoreThan30Percent === null ? (v.note ? `(${v.note})` : '') : v.worseByMoreThan30Percent ? 'FAIL' : 'ok'}`;
    }), '```', '');
  } else {
    lines.push(`Only ${first.label} in this run: the 1M point runs in the full bench (\`npm run bench\`).`, '');
  }
  return lines.join('\n');
}
