import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of processes from /proc (Linux). Elsewhere every reading is null and the
 * report says "n/a".
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

export interface ProcTimes {
  /** utime + stime of the process itself (all its threads), in seconds. */
  self: number;
  /** cutime + cstime: children it has waited for (a postmaster's exited backends). */
  children: number;
}

export function processTimes(pid: number): ProcTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..." : comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const n = (field: number) => Number(fields[field - 3]);
    return { self: (n(14) + n(15)) / TICKS_PER_SECOND, children: (n(16) + n(17)) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The process and its direct children (a postmaster and its backends), by pid. */
function treeOf(root: number): number[] {
  const pids = [root];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (pid !== root && parentOf(pid) === root) pids.push(pid);
    }
  } catch {
    /* no /proc */
  }
  return pids;
}

/**
 * CPU seconds a process tree has used so far: the root's own and reaped children's time plus
 * every live child's. Sampled twice, the difference is what the tree used in between (a child
 * that lived across the first sample and died before the second counts its whole life: a small
 * over-count for short-lived connections).
 */
export function treeCpuSeconds(root: number): number | null {
  const rootTimes = processTimes(root);
  if (!rootTimes) return null;
  let total = rootTimes.self + rootTimes.children;
  for (const pid of treeOf(root)) {
    if (pid === root) continue;
    total += processTimes(pid)?.self ?? 0;
  }
  return total;
}

export function processCpuSeconds(pid: number): number | null {
  const times = processTimes(pid);
  return times ? times.self : null;
}

/** Resident memory now and at its peak, in MB (VmRSS, VmHWM of /proc/<pid>/status). */
export function processMemory(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all CPUs) so far, from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: (total - fields[3] - fields[4]) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number } | null;
  parts: Record<string, number | null>;
}

/** Reads every named part (a pid or a process tree) and the machine at once. */
export function cpuSnapshot(parts: Record<string, { pid: number; tree?: boolean } | null>): CpuSnapshot {
  const values: Record<string, number | null> = {};
  for (const [name, part] of Object.entries(parts)) {
    values[name] = part === null ? null : part.tree ? treeCpuSeconds(part.pid) : processCpuSeconds(part.pid);
  }
  return { at: performance.now(), machine: machineCpuSeconds(), parts: values };
}

export interface CpuSplit {
  /** Cores each part used on average over the interval (1 = one core fully busy). */
  cores: Record<string, number | null>;
  /** Cores the whole machine was busy; `other` = busy minus the named parts (neighbours' work). */
  machineCores: number | null;
  otherCores: number | null;
  cpus: number | null;
}

export function cpuSplit(a: CpuSnapshot, b: CpuSnapshot, cpus: number): CpuSplit {
  const seconds = (b.at - a.at) / 1000;
  const cores: Record<string, number | null> = {};
  let named = 0;
  for (const name of Object.keys(b.parts)) {
    const before = a.parts[name];
    const after = b.parts[name];
    cores[name] = before === null || after === null || before === undefined ? null : Math.round(((after - before) / seconds) * 1000) / 1000;
    named += cores[name] ?? 0;
  }
  let machineCores: number | null = null;
  if (a.machine && b.machine && b.machine.total > a.machine.total) {
    machineCores = Math.round(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cpus * 1000) / 1000;
  }
  return { cores, machineCores, otherCores: machineCores === null ? null : Math.round(Math.max(0, machineCores - named) * 1000) / 1000, cpus };
}
