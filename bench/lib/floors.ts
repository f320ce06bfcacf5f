import { formatNumber, table } from './markdown';

/**
 * The floors of issue 22 (2 cores, embedded PostgreSQL, load generator on the same machine),
 * which raised those of issue 9: append ratio ≥ 0.7, peer ratio ≥ 1.6, e2e ≥ 600
 * declarations/s closed loop and sustained (open loop, release p99 ≤ 1 s), release p99 ≤ 1 s,
 * submit p99 ≤ 100 ms (issue 9), ≤ 3.0 ms of server + PostgreSQL CPU per declaration, replay
 * p99 ≤ 5 ms, rebuild ≥ 80,000 events/s, overload (2× sustained) sheds and loses nothing
 * accepted, no figure worse at 1M events than at 10k by more than 30%. A floor whose figure
 * was not measured in this run is `pass: null`.
 */
export interface Floor {
  name: string;
  figure: string;
  threshold: string;
  value: string;
  pass: boolean | null;
}

type Report = Record<string, any>;

/** Thresholds the report's charts draw as their floor line. */
export const REPLAY_P99_FLOOR_MS = 5;
export const REBUILD_FLOOR_EVENTS_PER_SECOND = 80_000;

export function evaluateFloors(report: Report, mode: string): Floor[] {
  const floors: Floor[] = [];
  const add = (name: string, figure: string, threshold: string, value: number | null | undefined, pass: (v: number) => boolean, format = (v: number) => String(v)) => {
    const known = value !== null && value !== undefined && Number.isFinite(value);
    floors.push({ name, figure, threshold, value: known ? format(value) : 'not measured', pass: known ? pass(value) : null });
  };
  add('append ratio', 'append.ratio', '≥ 0.7', report.append?.ratio, (v) => v >= 0.7, (v) => v.toFixed(3));
  add('peer ratio', 'peer.appendRatio', '≥ 1.6', report.peer?.appendRatio, (v) => v >= 1.6, (v) => v.toFixed(3));
  add('e2e throughput', 'e2e.declarationsPerSecond', '≥ 600 declarations/s', report.e2e?.declarationsPerSecond, (v) => v >= 600, formatNumber);
  add('e2e sustained', 'e2e.sustainedPerSecond', '≥ 600 declarations/s', report.e2e?.sustainedPerSecond, (v) => v >= 600, formatNumber);
  add('e2e release p99', 'e2e.releaseP99Ms', '≤ 1,000 ms', report.e2e?.releaseP99Ms, (v) => v <= 1000, (v) => `${v} ms`);
  add('e2e submit p99', 'e2e.submitP99Ms', '≤ 100 ms', report.e2e?.submitP99Ms, (v) => v <= 100, (v) => `${v} ms`);
  add('CPU per declaration', 'e2e.cpuMsPerDeclaration', '≤ 3.0 ms (server + PostgreSQL)', report.e2e?.cpuMsPerDeclaration, (v) => v <= 3.0, (v) => `${v} ms`);
  add('replay p99', 'replay.shipmentP99Ms', '≤ 5 ms', report.replay?.shipmentP99Ms, (v) => v <= REPLAY_P99_FLOOR_MS, (v) => `${v} ms`);
  add('rebuild', 'rebuild.eventsPerSecond', '≥ 80,000 events/s', report.rebuild?.eventsPerSecond, (v) => v >= REBUILD_FLOOR_EVENTS_PER_SECOND, formatNumber);
  // Overload (2× sustained, admission control on): it sheds, and nothing accepted is lost.
  const overload = report.overload as { shed: number; acceptedAllReleased: boolean; notReleased: number } | null | undefined;
  floors.push(overload
    ? { name: 'overload', figure: 'overload.acceptedAllReleased, overload.shed', threshold: 'sheds (503) and releases everything accepted',
      value: `${overload.shed} shed, ${overload.acceptedAllReleased ? 'all accepted released' : `${overload.notReleased} accepted not released`}`, pass: overload.shed > 0 && overload.acceptedAllReleased }
    : { name: 'overload', figure: 'overload.acceptedAllReleased, overload.shed', threshold: 'sheds (503) and releases everything accepted', value: 'not measured', pass: null });
  const ratio = report.scaling?.ratio as Record<string, { ratio: number | null; worseByMoreThan30Percent: boolean | null }> | null | undefined;
  const sizes: string[] = report.scaling?.sizes ?? [];
  if (ratio) {
    const worse = Object.entries(ratio).filter(([, v]) => v.worseByMoreThan30Percent);
    const unknown = Object.values(ratio).some((v) => v.worseByMoreThan30Percent === null);
    floors.push({
      name: 'scaling', figure: `scaling.ratio (${sizes[sizes.length - 1]} ÷ ${sizes[0]})`, threshold: 'no figure worse by more than 30%',
      value: worse.length ? worse.map(([k, v]) => `${k} ×${v.ratio}`).join(', ') : unknown ? 'some ratios not measured' : 'all within 30%',
      pass: worse.length ? false : unknown ? null : true,
    });
  } else {
    floors.push({ name: 'scaling', figure: 'scaling.ratio (1M ÷ 10k)', threshold: 'no figure worse by more than 30%', value: mode === 'quick' ? 'not run (full bench only)' : 'not measured', pass: null });
  }
  return floors;
}

export function floorsMarkdown(floors: Floor[]): string {
  const mark = (pass: boolean | null) => (pass === null ? '— n/a' : pass ? '✅ pass' : '❌ fail');
  return [
    '## Floors (issue 22)',
    '',
    table(['Floor', 'Figure', 'Threshold', 'Measured', 'Result'], floors.map((f) => [f.name, `\`${f.figure}\``, f.threshold, f.value, mark(f.pass)]), ['l', 'l', 'l', 'r', 'l']),
    '',
    `${floors.filter((f) => f.pass === true).length} of ${floors.length} floors pass, ${floors.filter((f) => f.pass === false).length} fail` +
      (floors.some((f) => f.pass === null) ? `, ${floors.filter((f) => f.pass === null).length} not measured in this run.` : '.'),
  ].join('\n');
}
