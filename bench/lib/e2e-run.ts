import { fork, type ChildProcess } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { GREEN_LANE_ENTERPRISE } from './green-lane';
import { devToken } from './http';
import type { LoadGeneratorConfig, LoadGeneratorResult } from './load-generator';
import { cpuSnapshot, cpuSplit, processCpuSeconds, processMemory, type CpuSnapshot, type CpuSplit } from './proc';
import { BenchServerProcess } from './server-process';
import { round } from './stats';
import { summarizeCpuProfile, type CpuProfileSummary } from './cpu-profile';

/**
 * One end-to-end run: the built server as a child process on the bench's database, a load
 * generator in another child process submitting green-lane declarations for warm-up + measure
 * seconds, then the drain (every subscription catches up) and the figures:
 *  - from the load generator: submit latency of the window, release latency of the followed
 *    declarations submitted in the window;
 *  - from the database: declarations submitted and released in the window (recorded_at), events,
 *    appends (transactions) and streams per declaration, commits and WAL per declaration;
 *  - from /proc: the CPU the server, PostgreSQL (postmaster and backends), the load generator and
 *    the bench process used in the window, and the server's RSS at the end.
 */
export interface E2EOptions {
  databaseUrl: string;
  databaseName: string;
  concurrency: number;
  /** Open loop at this rate (at most `concurrency` in flight); closed loop without it. */
  ratePerSecond?: number;
  warmupSeconds: number;
  seconds: number;
  sampleEvery: number;
  /** The postmaster's pid when the bench runs its own PostgreSQL (CPU of PostgreSQL), else null. */
  postmasterPid: number | null;
  /** pg_stat_statements is loaded: report the statements per declaration. */
  statements: boolean;
  /** Two server processes: the API (SW_ROLE=api) and the workers (SW_ROLE=worker), as DESIGN allows. */
  split?: boolean;
  /** Run the server (the API process when split) with --cpu-prof and summarize where its CPU goes. */
  cpuProfile: boolean;
  /** Longest wait after the window for the run's declarations to be released. */
  drainSeconds: number;
  /** More environment for the server process(es), e.g. ADMISSION_MAX_BACKLOG_SECONDS. */
  serverEnv?: Record<string, string>;
  /** Another build's server main.js (a baseline); default this build's. */
  serverMain?: string;
  log: (line: string) => void;
}

export interface E2EFigures {
  /**
   * Declarations carried from submission to release per second at steady state: the releases per
   * second of the window when the pipeline kept up with the submissions (released within 5% of
   * submitted); otherwise min(submitted/s, processedPerSecond): the pipeline's capacity, the
   * rate at which releases would come once its backlog is established.
   */
  declarationsPerSecond: number;
  submitP50Ms: number;
  submitP99Ms: number;
  releaseP99Ms: number;
}

export interface StatementProfile { query: string; callsPerDeclaration: number; meanMs: number; msPerDeclaration: number; shareOfTime: number; rowsPerCall: number }
/** WAL of the run by record type (pg_walinspect: resource manager/record type), per declaration. */
export interface WalProfile { record: string; recordsPerDeclaration: number; recordBytesPerDeclaration: number; fullPageImageBytesPerDeclaration: number }

export interface E2EDetails {
  /** Declarations answered 202 per second in the window (the load generator's count). */
  submittedPerSecond: number;
  releasedPerSecond: number;
  submitLatencyMs: LoadGeneratorResult['submitLatencyMs'];
  releaseLatencyMs: LoadGeneratorResult['releaseLatencyMs'];
  /** Declarations submitted but not released at the start and at the end of the window (growing: the pipeline falls behind). */
  backlogAtWindowStart: number;
  backlogAtWindowEnd: number;
  /** Events after each subscription's stored checkpoint at the window's end (a filtered one may store its progress up to a second late). */
  lagAtWindowEnd: Record<string, number>;
  /**
   * Every declaration accepted in the run (warm-up, window; not only the followed ones), from
   * the store: its DeclarationSubmitted to its DeclarationReleased (recorded_at). Those not
   * released by the end of the drain are `notReleased` and not in the percentiles.
   */
  releaseOfAllMs: { p50: number | null; p99: number | null; max: number | null; declarations: number; notReleased: number };
  /** Requests answered in the whole run: accepted (202) and refused by admission control (503). */
  answered: { total: number; accepted: number; shed: number };
  /** From the end of the window to the last release (or to the drain limit). */
  drainSeconds: number;
  /** Every declaration of the run was released within the drain limit; else `undrained` were not. */
  drained: boolean;
  undrained: number;
  /** Releases per second after the window, while the backlog drained with nothing new submitted. */
  drainReleasedPerSecond: number | null;
  /**
   * The pipeline's work rate in the window, in declarations per second: events appended by the
   * subscriptions (actor: the system) ÷ downstreamEventsPerDeclaration (how many of those a
   * released shipment holds). When the pipeline falls behind, this is
   * the rate it works through the backlog at, under the same load: its capacity.
   */
  processedPerSecond: number | null;
  downstreamEventsPerDeclaration: number | null;
  /** |released - submitted| / submitted over the window is below 5%: the pipeline kept up. */
  steadyState: boolean;
  errors: Record<string, number>;
  firstErrors: string[];
  streamRetriesPerFollow: number;
  eventsAtStart: number;
  eventsAtEnd: number;
  timeline: LoadGeneratorResult['timeline'];
  /**
   * Cores each process used in the window; perDeclarationMs: CPU milliseconds per declaration
   * over the whole run (warm-up, window and drain) divided by the declarations submitted.
   */
  cpu: CpuSplit & { perDeclarationMs: Record<string, number | null>; runSeconds: number };
  perDeclaration: {
    events: number;
    streams: number;
    /** Event-store appends (one transaction each). */
    appends: number;
    /** Events by stream kind and type, e.g. "declaration:DeclarationSubmitted": 1. */
    eventTypes: Record<string, number>;
    /** Over the whole run (warm-up, window and drain), from pg_stat_database and the WAL position, per declaration submitted. */
    commits: number;
    declarations: number;
    rollbacks: number;
    walBytes: number;
    rowsInserted: number;
    rowsUpdated: number;
    rowsFetched: number;
    /** Rows read by sequential and index scans (tup_returned): what filtered subscription reads scan to find their events. */
    rowsReturned: number;
  };
  statements: StatementProfile[] | null;
  /** With --profile: statements sent to PostgreSQL per declaration (every round trip, BEGIN and COMMIT included), and the most frequent. */
  statementCalls: { perDeclaration: number; byCalls: StatementProfile[] } | null;
  wal: WalProfile[] | null;
  serverProfile: CpuProfileSummary | null;
}

export interface E2ERun {
  figures: E2EFigures;
  details: E2EDetails;
  memory: { rssMb: number; peakRssMb: number } | null;
  /** Declarations accepted in the window (their shipments are the replay samples). */
  acceptedIds: string[];
}

interface DbCounters { now: string; xact_commit: string; xact_rollback: string; tup_inserted: string; tup_updated: string; tup_fetched: string; tup_returned: string; lsn: string; position: string }

export async function runE2E(options: E2EOptions): Promise<E2ERun> {
  const { log } = options;
  const profileDir = options.cpuProfile ? await mkdtemp(path.join(os.tmpdir(), 'sw-bench-prof-')) : null;
  // Split: the API in one process (SW_ROLE=api) and the subscriptions in another (SW_ROLE=worker).
  const server = new BenchServerProcess(options.databaseUrl, { main: options.serverMain, nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [], env: { ...options.serverEnv, ...(options.split ? { SW_ROLE: 'api' } : {}) } });
  const worker = options.split ? new BenchServerProcess(options.databaseUrl, { main: options.serverMain, env: { ...options.serverEnv, SW_ROLE: 'worker' } }) : null;
  const admin = new Client({ connectionString: options.databaseUrl, application_name: 'sw-bench-admin' });
  admin.on('error', () => undefined);
  let loadGenerator: ChildProcess | null = null;
  try {
    await server.start();
    await worker?.start();
    await admin.connect();
    const token = await devToken(new URL(server.url), { role: 'enterprise', uscc: GREEN_LANE_ENTERPRISE.uscc });
    const eventsAtStart = await countEvents(admin);
    if (options.statements) await admin.query('select pg_stat_statements_reset()');
    const counters = async (): Promise<DbCounters> => (await admin.query<DbCounters>(
      `select clock_timestamp()::text as now, xact_commit, xact_rollback, tup_inserted, tup_updated, tup_fetched, tup_returned, pg_current_wal_lsn()::text as lsn,
              (select coalesce(max(global_position), 0) from events)::text as position
         from pg_stat_database where datname = $1`, [options.databaseName])).rows[0];
    // pg_stat_database lags up to a second behind the backends: let it settle around the run.
    await sleep(1200);
    const runStart = await counters();

    const config: LoadGeneratorConfig = {
      url: server.url, token, concurrency: options.concurrency, ratePerSecond: options.ratePerSecond, warmupMs: options.warmupSeconds * 1000, measureMs: options.seconds * 1000,
      sampleEvery: options.sampleEvery, drainTimeoutMs: options.drainSeconds * 1000,
    };
    log(`  e2e: ${options.ratePerSecond ? `${options.ratePerSecond} declarations/s offered (at most ${options.concurrency} in flight)` : `${options.concurrency} clients`} for ${options.warmupSeconds} s warm-up + ${options.seconds} s measured; every ${options.sampleEvery}th declaration followed to release (store holds ${eventsAtStart.toLocaleString('en-US')} events)`);
    const child = fork(path.join(__dirname, 'load-generator.js'), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    loadGenerator = child;
    const parts = () => ({
      server: { pid: server.pid },
      ...(worker ? { worker: { pid: worker.pid } } : {}),
      postgres: options.postmasterPid ? { pid: options.postmasterPid, tree: true } : null,
      loadGenerator: child.pid ? { pid: child.pid } : null,
      bench: { pid: process.pid },
    });
    const runCpuStart = cpuSnapshot(parts());
    let windowStart: { cpu: CpuSnapshot; db: DbCounters } | null = null;
    let windowEnd: { cpu: CpuSnapshot; db: DbCounters } | null = null;
    let lagAtWindowEnd: Record<string, number> = {};
    const pending: Promise<void>[] = [];
    const result = await new Promise<LoadGeneratorResult>((resolve, reject) => {
      child.on('message', (message: { type: string; message?: string }) => {
        if (message.type === 'measure-start') {
          const cpu = cpuSnapshot(parts());
          pending.push(counters().then((db) => { windowStart = { cpu, db }; }));
        } else if (message.type === 'measure-end') {
          const cpu = cpuSnapshot(parts());
          pending.push(counters().then((db) => { windowEnd = { cpu, db }; }));
          pending.push(subscriptionLag(admin).then((lag) => { lagAtWindowEnd = lag; }));
        } else if (message.type === 'result') resolve(message as unknown as LoadGeneratorResult);
        else if (message.type === 'error') reject(new Error(`load generator failed: ${message.message}`));
      });
      child.on('exit', (code) => reject(new Error(`load generator exited with ${code} before reporting`)));
    });
    await Promise.all(pending);
    loadGenerator = null;
    if (!windowStart || !windowEnd) throw new Error('the load generator reported no measurement window');
    const start = windowStart as { cpu: CpuSnapshot; db: DbCounters };
    const end = windowEnd as { cpu: CpuSnapshot; db: DbCounters };
    if (result.window.submitted === 0) throw new Error(`no declaration was accepted in the window: ${JSON.stringify(result.errors)} ${result.firstErrors.join(' | ')}\n${server.log}`);

    // Drain: wait (up to drainSeconds after the window) until every declaration of the run is released.
    const progress = async () => (await admin.query<{ submitted: string; released: string; last: string | null }>(
      `select count(*) filter (where type = 'DeclarationSubmitted') as submitted, count(*) filter (where type = 'DeclarationReleased') as released,
              max(recorded_at) filter (where type = 'DeclarationReleased')::text as last
         from events where global_position > $1`, [runStart.position])).rows[0];
    const drainDeadline = Date.parse(end.db.now) + options.drainSeconds * 1000;
    let state = await progress();
    while (Number(state.released) < Number(state.submitted) && Date.now() < drainDeadline) {
      await sleep(250);
      state = await progress();
    }
    const drained = Number(state.released) >= Number(state.submitted);
    const undrained = Number(state.submitted) - Number(state.released);
    if (!drained) log(`  e2e: ${undrained.toLocaleString('en-US')} declarations still not released ${options.drainSeconds} s after the window`);
    const drainEnd = await counters();
    const runCpuEnd = cpuSnapshot(parts());
    // Both processes when split: the memory the deployment needs.
    const memories = [processMemory(server.pid), worker ? processMemory(worker.pid) : null].filter((m): m is NonNullable<typeof m> => m !== null);
    const memory = memories.length ? { rssMb: round(memories.reduce((a, m) => a + m.rssMb, 0), 1), peakRssMb: round(memories.reduce((a, m) => a + m.peakRssMb, 0), 1) } : null;
    await sleep(1200);
    const runEnd = await counters();

    const { rows: [window] } = await admin.query<{ submitted: string; released: string; submitted_before: string; released_before: string; released_after: string; backlog_at_start: string }>(
      `select count(*) filter (where type = 'DeclarationSubmitted' and recorded_at >= $2::timestamptz and recorded_at < $3::timestamptz) as submitted,
              count(*) filter (where type = 'DeclarationSubmitted' and recorded_at < $2::timestamptz)
                - count(*) filter (where type = 'DeclarationReleased' and recorded_at < $2::timestamptz) as backlog_at_start,
              count(*) filter (where type = 'DeclarationReleased' and recorded_at >= $2::timestamptz and recorded_at < $3::timestamptz) as released,
              count(*) filter (where type = 'DeclarationSubmitted' and recorded_at < $3::timestamptz) as submitted_before,
              count(*) filter (where type = 'DeclarationReleased' and recorded_at < $3::timestamptz) as released_before,
              count(*) filter (where type = 'DeclarationReleased' and recorded_at >= $3::timestamptz) as released_after
         from events where global_position > $1`, [runStart.position, start.db.now, end.db.now]);
    const windowSeconds = (Date.parse(end.db.now) - Date.parse(start.db.now)) / 1000;
    const releasedPerSecond = round(Number(window.released) / windowSeconds, 1);
    const submittedDb = Number(window.submitted) / windowSeconds;
    const backlogAtWindowEnd = Number(window.submitted_before) - Number(window.released_before);
    const backlogAtWindowStart = Number(window.backlog_at_start);
    // Drained: until the last release; not drained: the whole time waited.
    const lastRelease = drained && state.last ? Date.parse(state.last) : Date.parse(drainEnd.now);
    const drainSeconds = round(Math.max(0, lastRelease - Date.parse(end.db.now)) / 1000, 1);
    const drainReleasedPerSecond = backlogAtWindowEnd > 0 && drainSeconds > 0 ? round(Number(window.released_after) / drainSeconds, 1) : null;
    // The pipeline's work in the window, in declarations: the events the subscriptions appended
    // (their actor is the system; the submission's own write is the enterprise's) ÷ how many of
    // those a released shipment holds.
    const { rows: [work] } = await admin.query<{ downstream: string }>(
      `select count(*) as downstream from events
        where global_position > $1 and recorded_at >= $2::timestamptz and recorded_at < $3::timestamptz and metadata->'actor'->>'kind' = 'system'`,
      [runStart.position, start.db.now, end.db.now]);
    const { rows: [released] } = await admin.query<{ per: string | null }>(
      `select avg(n) as per from (select count(*) filter (where metadata->'actor'->>'kind' = 'system') as n from events where correlation_id in
         (select correlation_id from events where type = 'DeclarationReleased' order by global_position desc limit 50) group by correlation_id) t`);
    const downstreamPerDeclaration = released.per === null ? null : Number(released.per);
    const processedPerSecond = downstreamPerDeclaration ? round(Number(work.downstream) / downstreamPerDeclaration / windowSeconds, 1) : null;

    const { rows: [shape] } = await admin.query<{ declarations: string; events: string; streams: string; appends: string }>(
      `select count(distinct correlation_id) as declarations, count(*) as events,
              count(distinct stream_id) as streams, count(distinct transaction_id) as appends
         from events where global_position > $1 and correlation_id is not null`, [runStart.position]);
    const declarations = Math.max(1, Number(shape.declarations));
    const { rows: types } = await admin.query<{ kind: string; type: string; n: string }>(
      `select split_part(stream_id, '-', 1) as kind, type, count(*) as n from events where global_position > $1
        group by 1, 2 order by min(global_position)`, [runStart.position]);
    const eventTypes: Record<string, number> = {};
    for (const row of types) eventTypes[`${row.kind}:${row.type}`] = round(Number(row.n) / declarations, 3);
    // Whole run (load, then drain): every declaration submitted is handled by then (when drained).
    const runDeclarations = Math.max(1, Number(state.submitted));
    const delta = (key: keyof DbCounters) => (Number(runEnd[key]) - Number(runStart[key])) / runDeclarations;
    const { rows: [wal] } = await admin.query<{ bytes: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint as bytes', [drainEnd.lsn, runStart.lsn]);

    const split = cpuSplit(start.cpu, end.cpu, os.cpus().length);
    const runSplit = cpuSplit(runCpuStart, runCpuEnd, os.cpus().length);
    const runSeconds = (runCpuEnd.at - runCpuStart.at) / 1000;
    const perDeclarationMs: Record<string, number | null> = {};
    for (const [name, cores] of Object.entries(runSplit.cores)) perDeclarationMs[name] = cores === null ? null : round((cores * runSeconds * 1000) / runDeclarations, 3);
    // The load generator has exited by the end of the run: its own count of its CPU, per submission.
    perDeclarationMs.loadGenerator = round((result.totalCpuSeconds * 1000) / Math.max(1, result.totalSubmitted), 3);

    let statements: StatementProfile[] | null = null;
    let statementCalls: E2EDetails['statementCalls'] = null;
    if (options.statements) {
      const profileOf = (row: { query: string; calls: string; total: number; rows: string }, all: number): StatementProfile => ({
        query: row.query.replace(/\s+/g, ' ').replace(/^select stream_id, revision, transaction_id::text as tx, global_position, event_id, type, data, metadata, recorded_at from events/, 'select <event columns> from events').slice(0, 240),
        callsPerDeclaration: round(Number(row.calls) / runDeclarations, 2),
        meanMs: round(row.total / Math.max(1, Number(row.calls)), 3),
        msPerDeclaration: round(row.total / runDeclarations, 3),
        shareOfTime: round(row.total / Math.max(1e-9, all), 3),
        rowsPerCall: round(Number(row.rows) / Math.max(1, Number(row.calls)), 2),
      });
      const ofDatabase = 'where dbid = (select oid from pg_database where datname = $1)';
      const { rows: [all] } = await admin.query<{ total: number; calls: string }>(
        `select sum(total_exec_time) as total, sum(calls) as calls from pg_stat_statements ${ofDatabase}`, [options.databaseName]);
      const top = async (order: string) => (await admin.query<{ query: string; calls: string; total: number; rows: string }>(
        `select query, calls, total_exec_time as total, rows from pg_stat_statements ${ofDatabase} order by ${order} desc limit 25`, [options.databaseName])).rows;
      statements = (await top('total_exec_time')).map((row) => profileOf(row, Number(all.total)));
      statementCalls = {
        perDeclaration: round(Number(all.calls) / runDeclarations, 1),
        byCalls: (await top('calls')).map((row) => profileOf(row, Number(all.total))),
      };
    }
    let walProfile: WalProfile[] | null = null;
    if (options.statements) {
      await admin.query('create extension if not exists pg_walinspect');
      const { rows } = await admin.query<{ kind: string; count: string; record_size: string; fpi_size: string }>(
        `select "resource_manager/record_type" as kind, count, record_size, fpi_size from pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, true)
          where count > 0 order by record_size + fpi_size desc`, [runStart.lsn, drainEnd.lsn]);
      walProfile = rows.map((row) => ({
        record: row.kind,
        recordsPerDeclaration: round(Number(row.count) / runDeclarations, 2),
        recordBytesPerDeclaration: Math.round(Number(row.record_size) / runDeclarations),
        fullPageImageBytesPerDeclaration: Math.round(Number(row.fpi_size) / runDeclarations),
      }));
    }
    const releaseOfAllMs = await releaseOfAll(admin, runStart.position);
    const eventsAtEnd = await countEvents(admin);
    // Warnings and errors the server logged (LOG_LEVEL=warn): a stalled run usually says why here.
    const complaints = [server.log, worker?.log ?? ''].flatMap((text) => text.split('\n')).flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; error?: string; subscription?: string };
        return (entry.level ?? 0) >= 40 ? [`${entry.msg}${entry.subscription ? ` (${entry.subscription})` : ''}${entry.error ? `: ${entry.error}` : ''}`] : [];
      } catch {
        return [];
      }
    });
    if (complaints.length > 0) log(`  e2e: the server logged ${complaints.length} warnings or errors, e.g. ${[...new Set(complaints)].slice(0, 3).join(' | ')}`);
    const serverPid = server.pid;
    const serverCpuSeconds = processCpuSeconds(serverPid);
    await server.stop(); // its profile is written when it exits
    const serverProfile = profileDir ? await readProfile(profileDir, serverPid, serverCpuSeconds) : null;

    // Steady-state throughput = min(offered rate, capacity): released/s in the window when the
    // pipeline kept up; when a backlog built up, what it releases per second with nothing new coming in.
    const steadyState = Math.abs(releasedPerSecond - submittedDb) / Math.max(1, submittedDb) < 0.05; // = the backlog grew by under 5% of the submissions
    const capacity = processedPerSecond ?? drainReleasedPerSecond ?? releasedPerSecond;
    const figures: E2EFigures = {
      declarationsPerSecond: steadyState ? releasedPerSecond : round(Math.min(submittedDb, Math.max(capacity, releasedPerSecond)), 1),
      submitP50Ms: result.submitLatencyMs.p50,
      submitP99Ms: result.submitLatencyMs.p99,
      releaseP99Ms: result.releaseLatencyMs.p99,
    };
    const details: E2EDetails = {
      submittedPerSecond: result.window.submittedPerSecond,
      releasedPerSecond,
      submitLatencyMs: result.submitLatencyMs,
      releaseLatencyMs: result.releaseLatencyMs,
      backlogAtWindowStart,
      backlogAtWindowEnd,
      lagAtWindowEnd,
      releaseOfAllMs,
      answered: { total: result.totalSubmitted, accepted: result.totalAccepted, shed: result.totalShed },
      drainSeconds,
      drained,
      undrained,
      drainReleasedPerSecond,
      processedPerSecond,
      downstreamEventsPerDeclaration: downstreamPerDeclaration === null ? null : round(downstreamPerDeclaration, 2),
      steadyState,
      errors: result.errors,
      firstErrors: result.firstErrors,
      streamRetriesPerFollow: result.streamRetriesPerFollow,
      eventsAtStart,
      eventsAtEnd,
      timeline: result.timeline,
      cpu: { ...split, perDeclarationMs, runSeconds: round(runSeconds, 1) },
      perDeclaration: {
        events: round(Number(shape.events) / declarations, 2),
        streams: round(Number(shape.streams) / declarations, 2),
        appends: round(Number(shape.appends) / declarations, 2),
        eventTypes,
        commits: round(delta('xact_commit'), 1),
        declarations: runDeclarations,
        rollbacks: round(delta('xact_rollback'), 2),
        walBytes: Math.round(Number(wal.bytes) / declarations),
        rowsInserted: round(delta('tup_inserted'), 1),
        rowsUpdated: round(delta('tup_updated'), 1),
        rowsFetched: round(delta('tup_fetched'), 1),
        rowsReturned: round(delta('tup_returned'), 1),
      },
      statements,
      statementCalls,
      wal: walProfile,
      serverProfile,
    };
    log(`  e2e: ${figures.declarationsPerSecond} declarations/s at steady state (${details.submittedPerSecond} submitted/s, ${releasedPerSecond} released/s in the window), submit p50 ${figures.submitP50Ms} ms p99 ${figures.submitP99Ms} ms, ` +
      `release p50 ${details.releaseLatencyMs.p50} ms p99 ${figures.releaseP99Ms} ms (${details.releaseLatencyMs.samples} followed, ${details.releaseLatencyMs.censored} not released in time), ` +
      `backlog at window end ${details.backlogAtWindowEnd} (events behind: ${Object.entries(details.lagAtWindowEnd).map(([name, n]) => `${name} ${n}`).join(', ')}), pipeline work ${processedPerSecond ?? 'n/a'} declarations/s, drain ${drainSeconds} s${drainReleasedPerSecond ? ` at ${drainReleasedPerSecond} released/s` : ''}, ` +
      `CPU cores: server ${split.cores.server ?? 'n/a'}, PostgreSQL ${split.cores.postgres ?? 'n/a'}, load generator ${split.cores.loadGenerator ?? 'n/a'}, other ${split.otherCores ?? 'n/a'}`);
    return { figures, details, memory, acceptedIds: result.acceptedIds };
  } catch (error) {
    throw error instanceof Error && !error.message.includes('server') ? new Error(`${error.message}\n--- server output ---\n${server.log.slice(-4000)}`) : error;
  } finally {
    if (loadGenerator && loadGenerator.exitCode === null) loadGenerator.kill('SIGKILL');
    await server.stop().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await admin.end().catch(() => undefined);
    // BENCH_KEEP_PROFILE=1: the server's .cpuprofile is left for a closer look (the path is logged).
    if (profileDir && process.env.BENCH_KEEP_PROFILE) log(`  e2e: server CPU profile kept in ${profileDir}`);
    else if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Submission to release of every declaration submitted after `position`, from the store. */
async function releaseOfAll(client: Client, position: string): Promise<E2EDetails['releaseOfAllMs']> {
  const { rows: [row] } = await client.query<{ p50: number | null; p99: number | null; max: number | null; declarations: string; not_released: string }>(
    `with s as (select correlation_id, recorded_at from events where global_position > $1 and type = 'DeclarationSubmitted'),
          r as (select correlation_id, min(recorded_at) as at from events where global_position > $1 and type = 'DeclarationReleased' group by correlation_id),
          l as (select extract(epoch from r.at - s.recorded_at) * 1000 as ms from s left join r using (correlation_id))
     select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max,
            count(*) as declarations, count(*) filter (where ms is null) as not_released from l`, [position]);
  const r1 = (v: number | null) => (v === null ? null : round(Number(v), 1));
  return { p50: r1(row.p50), p99: r1(row.p99), max: r1(row.max), declarations: Number(row.declarations), notReleased: Number(row.not_released) };
}

async function countEvents(client: Client): Promise<number> {
  const { rows: [row] } = await client.query<{ n: string }>('select count(*) as n from events');
  return Number(row.n);
}

/** The profile of process `pid` (node names it CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
async function readProfile(dir: string, pid: number, cpuSeconds: number | null): Promise<CpuProfileSummary | null> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`));
  if (!file) return null;
  return { ...summarizeCpuProfile(JSON.parse(await readFile(path.join(dir, file), 'utf8'))), processCpuMs: cpuSeconds === null ? null : Math.round(cpuSeconds * 1000) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Events after each subscription's checkpoint, now. */
async function subscriptionLag(admin: Client): Promise<Record<string, number>> {
  const { rows } = await admin.query<{ name: string; behind: string }>(
    `select c.name, (select count(*) from events e
                      where c.position is null
                         or (e.transaction_id, e.global_position) > (split_part(c.position, '/', 1)::xid8, split_part(c.position, '/', 2)::bigint)) as behind
       from subscription_checkpoints c order by c.name`);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.behind)]));
}

/** Server (and worker) + PostgreSQL CPU over a run, per declaration released in it (e2e.cpuMsPerDeclaration); null without PostgreSQL's CPU. */
export function cpuPerReleasedDeclaration(details: E2EDetails): number | null {
  const released = Math.max(1, details.releaseOfAllMs.declarations - details.releaseOfAllMs.notReleased);
  const parts = ['server', 'worker', 'postgres'].map((k) => details.cpu.perDeclarationMs[k]).filter((v): v is number => typeof v === 'number');
  return details.cpu.perDeclarationMs.postgres === null ? null : round(parts.reduce((a, b) => a + b, 0) * details.perDeclaration.declarations / released, 3);
}
