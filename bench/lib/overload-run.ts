import type { BenchContext } from './benchmark';
import { runE2E } from './e2e-run';
import { bar, formatNumber, table } from './markdown';
import { prefill } from './prefill';
import { round } from './stats';

/**
 * Overload (issue 22): the open-loop load generator offers twice the sustained rate to a server
 * with admission control on (ADMISSION_MAX_BACKLOG_SECONDS), on a database of its own. What it
 * must show: the server sheds new submissions (503 + Retry-After) instead of drowning, everything
 * it accepted is released (none lost), and the release p99 of what it accepted stays bounded
 * (about the limit plus the time to work through it).
 */
export interface OverloadSettings {
  /** Offered rate ÷ the sustained rate. */
  factor: number;
  admissionMaxBacklogSeconds: number;
  warmupSeconds: number;
  seconds: number;
  drainSeconds: number;
  maxInFlight: number;
}

export interface OverloadSection {
  offeredPerSecond: number;
  /** The rate the offered one is twice of, and where it comes from. */
  basisPerSecond: number;
  basis: 'e2e.sustainedPerSecond' | 'e2e.declarationsPerSecond';
  admissionMaxBacklogSeconds: number;
  /** Submissions answered in the whole run (warm-up, window): accepted (202) and shed (503). */
  answered: number;
  accepted: number;
  shed: number;
  shedShare: number;
  acceptedPerSecond: number;
  releasedPerSecond: number;
  /** Every accepted declaration was released by the end of the drain: nothing accepted was lost. */
  acceptedAllReleased: boolean;
  notReleased: number;
  /** Submission to release of every accepted declaration (from the store, not sampled). */
  acceptedReleaseP50Ms: number | null;
  acceptedReleaseP99Ms: number | null;
  acceptedReleaseMaxMs: number | null;
  acceptedSubmitP99Ms: number;
  /** Other failures than 503 (there should be none). */
  otherErrors: Record<string, number>;
  timeline: { second: number; submitted: number; released: number }[];
}

export function overloadSettings(quick: boolean): OverloadSettings {
  // Quick: a lower limit, so that shedding starts within the short window; full: the default (10 s).
  return quick
    ? { factor: 2, admissionMaxBacklogSeconds: 3, warmupSeconds: 2, seconds: 14, drainSeconds: 60, maxInFlight: 256 }
    : { factor: 2, admissionMaxBacklogSeconds: 10, warmupSeconds: 3, seconds: 40, drainSeconds: 90, maxInFlight: 256 };
}

export async function runOverload(context: BenchContext, basisPerSecond: number, basis: OverloadSection['basis'], settings: OverloadSettings, templates: number, events: number): Promise<OverloadSection> {
  const { log } = context;
  const database = await context.newDatabase();
  const rate = Math.max(10, Math.round(basisPerSecond * settings.factor));
  log(`pipeline: overload at ${rate} declarations/s (${settings.factor}× ${basis} ${basisPerSecond}), ADMISSION_MAX_BACKLOG_SECONDS=${settings.admissionMaxBacklogSeconds}`);
  await prefill(database.url, events, { templates, log });
  try {
    const run = await runE2E({
      databaseUrl: database.url, databaseName: database.name, concurrency: settings.maxInFlight, ratePerSecond: rate,
      warmupSeconds: settings.warmupSeconds, seconds: settings.seconds, sampleEvery: 10, drainSeconds: settings.drainSeconds,
      postmasterPid: context.postmasterPid, statements: false, cpuProfile: false, log,
      serverEnv: { ADMISSION_MAX_BACKLOG_SECONDS: String(settings.admissionMaxBacklogSeconds) },
    });
    const d = run.details;
    const otherErrors = Object.fromEntries(Object.entries(d.errors).filter(([key]) => key !== '503'));
    const section: OverloadSection = {
      offeredPerSecond: rate,
      basisPerSecond,
      basis,
      admissionMaxBacklogSeconds: settings.admissionMaxBacklogSeconds,
      answered: d.answered.total,
      accepted: d.answered.accepted,
      shed: d.answered.shed,
      shedShare: round(d.answered.shed / Math.max(1, d.answered.total), 3),
      acceptedPerSecond: d.submittedPerSecond,
      releasedPerSecond: d.releasedPerSecond,
      acceptedAllReleased: d.releaseOfAllMs.notReleased === 0 && d.releaseOfAllMs.declarations === d.answered.accepted,
      notReleased: d.releaseOfAllMs.notReleased + Math.max(0, d.answered.accepted - d.releaseOfAllMs.declarations),
      acceptedReleaseP50Ms: d.releaseOfAllMs.p50,
      acceptedReleaseP99Ms: d.releaseOfAllMs.p99,
      acceptedReleaseMaxMs: d.releaseOfAllMs.max,
      acceptedSubmitP99Ms: d.submitLatencyMs.p99,
      otherErrors,
      timeline: d.timeline,
    };
    log(`  overload: ${section.answered} answered, ${section.accepted} accepted, ${section.shed} shed (${(section.shedShare * 100).toFixed(1)}%); ` +
      `accepted all released: ${section.acceptedAllReleased ? 'yes' : `NO (${section.notReleased} not)`}; accepted release p50 ${section.acceptedReleaseP50Ms} ms p99 ${section.acceptedReleaseP99Ms} ms`);
    return section;
  } finally {
    await database.drop();
  }
}

export function overloadMarkdown(o: OverloadSection, settings: OverloadSettings): string {
  const lines = ['### Overload: twice the sustained rate, with admission control', ''];
  if (o.shed === 0) {
    lines.push('**Nothing was shed: the offered rate did not take the pipeline past the limit** (the sustained rate, bounded by release p99, ' +
      'may lie well below what the pipeline can carry; on a busy machine the sweep says little). The floor fails: it needs an overload to show that nothing accepted is lost.', '');
  }
  lines.push(
    `On another database pre-filled like the e2e one, the load generator offers **${formatNumber(o.offeredPerSecond)} declarations/s** ` +
    `(${settings.factor}× \`${o.basis}\` = ${formatNumber(o.basisPerSecond)}/s; open loop, at most ${settings.maxInFlight} in flight) for ${settings.warmupSeconds} s + ${settings.seconds} s, ` +
    `to a server with \`ADMISSION_MAX_BACKLOG_SECONDS=${o.admissionMaxBacklogSeconds}\`; then it waits up to ${settings.drainSeconds} s for every accepted declaration to be released. ` +
    'Release latencies here are of *every* accepted declaration (DeclarationSubmitted to DeclarationReleased in the store), not a sample.', '');
  lines.push(table(['', ''], [
    ['submissions answered', formatNumber(o.answered)],
    ['accepted (202)', formatNumber(o.accepted)],
    ['shed (503 admission-backlog, Retry-After)', `${formatNumber(o.shed)} (${(o.shedShare * 100).toFixed(1)}%)`],
    ['other failures', Object.keys(o.otherErrors).length ? Object.entries(o.otherErrors).map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'],
    ['**everything accepted was released**', o.acceptedAllReleased ? '**yes**' : `**no: ${o.notReleased} not released**`],
    ['accepted release p50 / p99 / max (ms)', `${o.acceptedReleaseP50Ms ?? '—'} / **${o.acceptedReleaseP99Ms ?? '—'}** / ${o.acceptedReleaseMaxMs ?? '—'}`],
    ['accepted submit p99 (ms)', String(o.acceptedSubmitP99Ms)],
    ['accepted / released per second in the window', `${formatNumber(o.acceptedPerSecond)} / ${formatNumber(o.releasedPerSecond)}`],
  ], ['l', 'r']), '');
  const max = Math.max(1, ...o.timeline.map((t) => t.submitted));
  lines.push('Accepted per second of the run (the rest of the offered rate was shed):', '', '```text',
    ...o.timeline.filter((t) => t.second <= settings.warmupSeconds + settings.seconds).map((t) => `${String(t.second).padStart(3)} s accepted ${bar(t.submitted, max, 30)} ${String(t.submitted).padStart(5)}`),
    '```', '');
  return lines.join('\n');
}
