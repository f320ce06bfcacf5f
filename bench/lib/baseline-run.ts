import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './benchmark';
import { cpuPerReleasedDeclaration, runE2E } from './e2e-run';
import { formatNumber, table } from './markdown';
import { prefill } from './prefill';
import { median, round } from './stats';

/**
 * `--baseline=DIR`: the e2e closed loop of another build (DIR: a checkout with its dist built,
 * e.g. `git worktree add ../base <commit> && (cd ../base && node scripts/build.mjs)`) and of
 * this one, alternating, each on a fresh database pre-filled by its own server, in the same run:
 * what a change moved, measured side by side on the same noisy machine. The load generator,
 * the pre-fill's cloning and the bench are this build's; only the server differs.
 */
export interface BaselineSettings {
  dir: string;
  rounds: number;
  targetEvents: number;
  templates: number;
  e2e: { concurrency: number; warmupSeconds: number; seconds: number; sampleEvery: number; drainSeconds: number };
}

export interface BaselineRun {
  build: 'this' | 'baseline';
  round: number;
  declarationsPerSecond: number;
  steadyState: boolean;
  cpuMsPerDeclaration: number | null;
  serverMsPerDeclaration: number | null;
  postgresMsPerDeclaration: number | null;
  submitP99Ms: number;
  releaseP99Ms: number;
  otherCores: number | null;
}

type Medians = Pick<BaselineRun, 'declarationsPerSecond' | 'cpuMsPerDeclaration' | 'serverMsPerDeclaration' | 'postgresMsPerDeclaration' | 'submitP99Ms' | 'releaseP99Ms'>;

export interface BaselineSection {
  dir: string;
  commit: string | null;
  thisCommit: string | null;
  runs: BaselineRun[];
  medians: { this: Medians; baseline: Medians };
  /** This build ÷ the baseline, medians: > 1 is more declarations/s, < 1 is less CPU. */
  ratio: { declarationsPerSecond: number | null; cpuMsPerDeclaration: number | null };
}

function commitOf(dir: string): string | null {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function baselineMain(dir: string): string {
  const main = path.resolve(dir, 'dist', 'apps', 'single-window', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`--baseline=${dir}: ${main} is missing (build that checkout first: node scripts/build.mjs)`);
  return main;
}

export async function runBaseline(context: BenchContext, settings: BaselineSettings): Promise<BaselineSection> {
  const { log } = context;
  const main = baselineMain(settings.dir);
  const runs: BaselineRun[] = [];
  for (let round_ = 1; round_ <= settings.rounds; round_++) {
    const order: BaselineRun['build'][] = round_ % 2 === 1 ? ['baseline', 'this'] : ['this', 'baseline'];
    for (const build of order) {
      const serverMain = build === 'baseline' ? main : undefined;
      const database = await context.newDatabase();
      log(`baseline A/B, round ${round_}: ${build === 'baseline' ? `the baseline (${settings.dir})` : 'this build'}`);
      await prefill(database.url, settings.targetEvents, { templates: settings.templates, log, serverMain });
      const run = await runE2E({
        databaseUrl: database.url, databaseName: database.name, ...settings.e2e, postmasterPid: context.postmasterPid,
        statements: false, cpuProfile: false, serverMain, log,
      });
      await database.drop();
      const per = run.details.cpu.perDeclarationMs;
      runs.push({
        build, round: round_, declarationsPerSecond: run.figures.declarationsPerSecond, steadyState: run.details.steadyState,
        cpuMsPerDeclaration: cpuPerReleasedDeclaration(run.details), serverMsPerDeclaration: per.server ?? null, postgresMsPerDeclaration: per.postgres ?? null,
        submitP99Ms: run.figures.submitP99Ms, releaseP99Ms: run.figures.releaseP99Ms, otherCores: run.details.cpu.otherCores ?? null,
      });
    }
  }
  const medians = (build: BaselineRun['build']): Medians => {
    const of = (key: keyof Medians) => {
      const values = runs.filter((r) => r.build === build).map((r) => r[key]).filter((v): v is number => typeof v === 'number');
      return values.length ? round(median(values), 3) : null;
    };
    return {
      declarationsPerSecond: of('declarationsPerSecond') ?? 0, cpuMsPerDeclaration: of('cpuMsPerDeclaration'), serverMsPerDeclaration: of('serverMsPerDeclaration'),
      postgresMsPerDeclaration: of('postgresMsPerDeclaration'), submitP99Ms: of('submitP99Ms') ?? 0, releaseP99Ms: of('releaseP99Ms') ?? 0,
    };
  };
  const ours = medians('this');
  const theirs = medians('baseline');
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(a / b, 3));
  return {
    dir: settings.dir, commit: commitOf(settings.dir), thisCommit: commitOf(process.cwd()), runs, medians: { this: ours, baseline: theirs },
    ratio: { declarationsPerSecond: ratio(ours.declarationsPerSecond, theirs.declarationsPerSecond), cpuMsPerDeclaration: ratio(ours.cpuMsPerDeclaration, theirs.cpuMsPerDeclaration) },
  };
}

export function baselineMarkdown(section: BaselineSection, settings: BaselineSettings): string[] {
  const ms = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const label = (build: BaselineRun['build']) => (build === 'this' ? `this build${section.thisCommit ? ` (${section.thisCommit})` : ''}` : `baseline${section.commit ? ` (${section.commit})` : ''}`);
  const lines = ['### Against a baseline build, in the same run', '',
    `\`--baseline=${section.dir}\`: the same closed loop (${settings.e2e.concurrency} clients, ${settings.e2e.warmupSeconds} s warm-up, ${settings.e2e.seconds} s measured) ` +
    `with the baseline's server and with this build's, alternating (the order flips every round), each on a fresh database pre-filled to ${formatNumber(settings.targetEvents)} events ` +
    'by its own server. Load generator and pre-fill are this build\'s; only the server differs. CPU: server + PostgreSQL per declaration released.', ''];
  lines.push(table(['Round', 'Build', 'Declarations/s', 'CPU ms/decl.', 'Server ms', 'PostgreSQL ms', 'Submit p99 (ms)', 'Release p99 (ms)', 'Other work (cores)'], [
    ...section.runs.map((r) => [String(r.round), label(r.build), formatNumber(r.declarationsPerSecond), ms(r.cpuMsPerDeclaration), ms(r.serverMsPerDeclaration), ms(r.postgresMsPerDeclaration),
      String(r.submitP99Ms), String(r.releaseP99Ms), r.otherCores === null ? '—' : r.otherCores.toFixed(2)]),
    ...(['baseline', 'this'] as const).map((build) => {
      const m = section.medians[build];
      return ['**median**', `**${label(build)}**`, `**${formatNumber(m.declarationsPerSecond)}**`, `**${ms(m.cpuMsPerDeclaration)}**`, ms(m.serverMsPerDeclaration), ms(m.postgresMsPerDeclaration), String(m.submitP99Ms), String(m.releaseP99Ms), ''];
    }),
  ], ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '');
  lines.push(`This build ÷ baseline (medians): **${section.ratio.declarationsPerSecond ?? '—'}× the declarations/s**, **${section.ratio.cpuMsPerDeclaration ?? '—'}× the CPU per declaration**.`, '');
  return lines;
}
