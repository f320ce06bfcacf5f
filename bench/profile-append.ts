/**
 * Where does an append's time go? A diagnostic companion of the append benchmark, run by hand
 * (not part of `npm run bench`; it writes nothing to docs/):
 *
 *   npm run build && node dist/bench/profile-append.js [--seconds=5] [--rounds=2]
 *
 * Starts its own embedded PostgreSQL (same durability as the bench, plus pg_stat_statements
 * with track=all, so statements inside sw_append are counted), then:
 *   1. runs appends at the bench's concurrency while sampling wait events and ungranted locks;
 *   2. lists the costliest statements (pg_stat_statements, nested statements included);
 *   3. shows the plan and timing of every statement inside one sw_append call (auto_explain);
 *   4. A/B experiment in the bench's throwaway database only: sw_append as shipped, sw_append
 *      without its `pg_notify`, and the raw INSERT baseline, alternating.
 * The event store code is not changed: the experiment redefines the function in the bench's
 * own database, which is dropped at the end.
 */
import { Client, Pool } from 'pg';
import { EVENT_STORE_SCHEMA, PostgresEventStore, canonicalEventText } from '@sw/event-store';
import { BASELINE_TABLE, StreamCursor, baselineInsertText, baselineValues } from './append';
import { parseArgs } from './lib/args';
import { declarationEvents } from './lib/declaration-events';
import { runFixedConcurrency } from './lib/load';
import { formatNumber, table } from './lib/markdown';
import { createBenchDatabase, startServer, type BenchDatabase, type BenchServer } from './lib/postgres-server';
import { median, round } from './lib/stats';
import { WaitSampler } from './lib/wait-sampler';
import { startCpuMeter } from './lib/cpu';

const log = (line: string) => process.stdout.write(line + '\n');
const NOTIFY = `perform pg_notify('sw_events', '');`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seconds = args.roundSeconds ?? 5;
  const rounds = args.rounds ?? 2;
  const concurrency = args.concurrency ?? 8;
  let server: BenchServer | null = null;
  let database: BenchDatabase | null = null;
  try {
    server = await startServer({
      log,
      extraFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'track_functions=all'],
    });
    database = await createBenchDatabase(server.url);
    const url = database.url;
    await PostgresEventStore.createSchema(url);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const notices: string[] = [];
    admin.on('error', () => { /* the server stopping at the end */ });
    admin.on('notice', (notice) => notices.push(notice.message ?? ''));
    await admin.query('create extension if not exists pg_stat_statements');
    await admin.query(`create table ${BASELINE_TABLE} (like events including all)`);
    if (!EVENT_STORE_SCHEMA.includes(NOTIFY)) throw new Error('sw_append no longer contains the expected pg_notify line: update the experiment');
    const fnStart = EVENT_STORE_SCHEMA.indexOf('create or replace function sw_append');
    const shipped = EVENT_STORE_SCHEMA.slice(fnStart);
    const withoutNotify = shipped.replace(NOTIFY, '-- (bench experiment: no pg_notify)');

    const store = new PostgresEventStore({ connectionString: url, poolSize: concurrency });
    const pool = new Pool({ connectionString: url, max: concurrency });
    pool.on('error', () => undefined);
    const sampler = await WaitSampler.open(url, database.name);
    let phase = 0;
    const run = async (kind: 'ours' | 'baseline', batch: number, secs: number) => {
      await admin.query(kind === 'ours' ? 'truncate events, streams' : `truncate ${BASELINE_TABLE}`);
      await admin.query('checkpoint');
      const tag = `X${++phase}`;
      const cursors = Array.from({ length: concurrency }, (_, w) => new StreamCursor(`${tag}-W${w}`));
      const text = baselineInsertText(batch);
      return runFixedConcurrency({
        concurrency, durationMs: secs * 1000,
        op: async (w) => {
          const { streamId, declarationId, expected } = cursors[w].next(batch);
          const events = declarationEvents(declarationId, expected + 1, batch);
          if (kind === 'ours') await store.append(streamId, events, expected < 0 ? 'no-stream' : expected);
          else await pool.query({ name: `sw_bench_insert_${batch}`, text, values: baselineValues(streamId, expected + 1, events) });
          return batch;
        },
      });
    };

    // 1. Waits and locks while appending (sw_append as shipped, 1 event per append).
    log(`\n== 1. sw_append as shipped, 1 event/append, ${concurrency} writers, ${seconds}s: wait events and ungranted locks ==`);
    await run('ours', 1, 1); // warm-up
    await admin.query('select pg_stat_statements_reset()');
    const lockCounts = new Map<string, number>();
    let lockSamples = 0;
    const lockSampler = new Client({ connectionString: url, application_name: 'sw-bench-sampler' });
    await lockSampler.connect();
    let sampling = true;
    const lockLoop = (async () => {
      while (sampling) {
        const { rows } = await lockSampler.query<{ what: string; n: string }>(
          `select l.locktype || coalesce(' ' || l.classid::regclass::text || ' objid=' || l.objid, '') || ' ' || l.mode as what, count(*) as n
             from pg_locks l where not l.granted group by 1`);
        lockSamples++;
        for (const row of rows) lockCounts.set(row.what, (lockCounts.get(row.what) ?? 0) + Number(row.n));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    sampler.start();
    const meter = startCpuMeter();
    const profiled = await run('ours', 1, seconds);
    const cpu = meter();
    const waits = await sampler.stop();
    sampling = false;
    await lockLoop;
    await lockSampler.end();
    log(`throughput ${formatNumber(profiled.unitsPerSecond)} events/s, latency p50 ${profiled.latencyMs.p50} ms, p99 ${profiled.latencyMs.p99} ms; machine CPU ${((cpu.machineBusy ?? NaN) * 100).toFixed(0)}% busy, node client ${(cpu.clientCores * 100).toFixed(0)}% of a core`);
    log(table(['Backend state', 'Share'], Object.entries(waits).map(([k, v]) => [k, `${(v * 100).toFixed(1)}%`])));
    log(`\nUngranted locks, mean number of waiting backends per sample (${lockSamples} samples):`);
    log(table(['Lock', 'Waiters'], [...lockCounts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, (v / lockSamples).toFixed(2)])));

    // 2. Costliest statements, including those inside sw_append.
    log(`\n== 2. pg_stat_statements (track=all): statements by total execution time during that phase ==`);
    const { rows: statements } = await admin.query<{ query: string; calls: string; total: number; mean: number; wal: string; toplevel: boolean }>(
      `select regexp_replace(query, '\\s+', ' ', 'g') as query, calls, total_exec_time as total, mean_exec_time as mean,
              wal_bytes::text as wal, toplevel
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit 12`);
    log(table(['Statement', 'Top level', 'Calls', 'Total ms', 'Mean ms', 'WAL bytes'], statements.map((s) => [
      '`' + s.query.slice(0, 110) + (s.query.length > 110 ? '…' : '') + '`', s.toplevel ? 'yes' : 'nested', s.calls, round(s.total, 1).toString(), round(s.mean, 3).toString(), s.wal,
    ])));
    // The baseline's statement, for comparison (same phase length, fresh counters).
    await admin.query('select pg_stat_statements_reset()');
    const baselineRun = await run('baseline', 1, seconds);
    const { rows: [raw] } = await admin.query<{ calls: string; total: number; mean: number }>(
      `select calls, total_exec_time as total, mean_exec_time as mean from pg_stat_statements
        where query like 'insert into ${BASELINE_TABLE}%' and dbid = (select oid from pg_database where datname = current_database())`);
    log(`\nbaseline phase: ${formatNumber(baselineRun.unitsPerSecond)} rows/s; raw INSERT: ${raw?.calls} calls, mean ${round(raw?.mean ?? NaN, 3)} ms`);
    const { rows: fn } = await admin.query(`select funcname, calls, round(total_time::numeric, 1) as total_ms, round(self_time::numeric, 1) as self_ms from pg_stat_user_functions`);
    log(table(['Function', 'Calls', 'Total ms', 'Self ms'], fn.map((f) => [f.funcname, String(f.calls), String(f.total_ms), String(f.self_ms)])));

    // 3. One sw_append on a realistic payload: EXPLAIN ANALYZE of the call and of each statement inside it.
    log(`\n== 3. EXPLAIN ANALYZE of one sw_append call (1 event, realistic payload), nested statements via auto_explain ==`);
    const [event] = declarationEvents('DEC-EXPLAIN-1', 0, 1);
    const metadata = { ...event.metadata, schemaVersion: 1 };
    const payload = JSON.stringify([{ id: event.id, type: event.type, data: event.data, metadata, canonical: canonicalEventText({ streamId: 'declaration-DEC-EXPLAIN-1', id: event.id, type: event.type, data: event.data, metadata }) }]);
    await admin.query(`load 'auto_explain'`);
    await admin.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_nested_statements = on;
                       set auto_explain.log_buffers = on; set auto_explain.log_wal = on; set auto_explain.log_timing = on; set client_min_messages = log`);
    notices.length = 0;
    const { rows: plan } = await admin.query(`explain (analyze, buffers, wal, timing) select * from sw_append('declaration-DEC-EXPLAIN-1', -1, $1::jsonb)`, [payload]);
    await admin.query('set client_min_messages = notice; set auto_explain.log_min_duration = -1');
    log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    log('\nStatements inside the call (auto_explain):');
    for (const notice of notices) log(notice.replace(/\n\s*\n/g, '\n'));

    // 4. A/B: the same appends with sw_append without pg_notify (in this throwaway database only).
    log(`\n== 4. Experiment: sw_append as shipped vs without pg_notify vs raw INSERT (${rounds} rounds x ${seconds}s, ${concurrency} writers) ==`);
    await admin.query(`select pg_stat_statements_reset()`);
    const results: Record<string, number[]> = {};
    const variants: [string, 'ours' | 'baseline', string | null, number][] = [
      ['sw_append as shipped, 1/append', 'ours', shipped, 1], ['sw_append without pg_notify, 1/append', 'ours', withoutNotify, 1], ['raw INSERT, 1 row', 'baseline', null, 1],
      ['sw_append as shipped, 5/append', 'ours', shipped, 5], ['sw_append without pg_notify, 5/append', 'ours', withoutNotify, 5], ['raw INSERT, 5 rows', 'baseline', null, 5],
    ];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const [label, kind, fnText, batch] of order) {
        if (fnText) await admin.query(fnText);
        sampler.start();
        const meter = startCpuMeter();
        const res = await run(kind, batch, seconds);
        const cpu = meter();
        const top = Object.entries(await sampler.stop()).slice(0, 4).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ');
        (results[label] ??= []).push(res.unitsPerSecond);
        log(`  round ${r + 1} ${label.padEnd(40)} ${formatNumber(res.unitsPerSecond).padStart(7)} events/s  p50 ${res.latencyMs.p50} ms` +
          `  cpu ${((cpu.machineBusy ?? NaN) * 100).toFixed(0)}% (node ${(cpu.clientCores * 100).toFixed(0)}%)  [${top}]`);
      }
    }
    await admin.query(shipped);
    log('');
    log(table(['Variant', 'Median events/s', 'vs raw INSERT'], variants.map(([label, , , batch]) => {
      const m = median(results[label]);
      const raw = median(results[batch === 1 ? 'raw INSERT, 1 row' : 'raw INSERT, 5 rows']);
      return [label, formatNumber(m), (m / raw).toFixed(3)];
    })));

    // 5. Client-side CPU per append: what PostgresEventStore.append does before its query
    //    (copied from postgres-event-store.ts) against what the baseline does.
    log(`\n== 5. Client-side (Node) CPU per append, one thread, no I/O ==`);
    const iterations = 20000;
    for (const batch of [1, 5]) {
      const sampleEvents = Array.from({ length: 200 }, (_, i) => declarationEvents(`DEC-CPU-${i}`, 0, batch));
      const time = (fn: (i: number) => unknown) => {
        for (let i = 0; i < 2000; i++) fn(i);
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < iterations; i++) fn(i);
        return Number(process.hrtime.bigint() - t0) / 1e3 / iterations;
      };
      const oursPrep = time((i) => {
        const events = sampleEvents[i % sampleEvents.length];
        const streamId = `declaration-DEC-CPU-${i}`;
        const payload = events.map((event) => {
          const metadata = JSON.parse(JSON.stringify({ ...event.metadata, occurredAt: event.metadata.occurredAt, schemaVersion: 1 }));
          const data = JSON.parse(JSON.stringify(event.data ?? null));
          return { id: event.id, type: event.type, data, metadata, canonical: canonicalEventText({ streamId, id: event.id, type: event.type, data, metadata }) };
        });
        return JSON.stringify(payload).length;
      });
      const baselinePrep = time((i) => baselineValues(`declaration-DEC-CPU-${i}`, 0, sampleEvents[i % sampleEvents.length]).length);
      const generate = time((i) => declarationEvents(`DEC-CPU-${i}`, 0, batch).length);
      log(`${batch} event(s)/append: store's payload preparation ${oursPrep.toFixed(1)} µs; baseline's parameters ${baselinePrep.toFixed(1)} µs; ` +
        `generating the bench events (both sides) ${generate.toFixed(1)} µs`);
    }

    await sampler.close();
    await store.close();
    await pool.end();
    await admin.end();
  } finally {
    await database?.drop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
