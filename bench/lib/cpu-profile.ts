/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time by where the code lives (a package
 * in node_modules, a library of this repository, Node's internals, GC) and the hottest functions.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface CpuProfileSummary {
  /**
   * Milliseconds sampled outside (idle). On an oversubscribed machine this exceeds the CPU the
   * process really used (processCpuMs, from /proc): a thread preempted in a system call is
   * sampled there when it resumes, so syscalls such as writev collect time spent waiting for a CPU.
   */
  busyMs: number;
  processCpuMs?: number | null;
  /** Share of busy time by area, largest first. */
  areas: { area: string; share: number }[];
  /** Hottest functions by self time. */
  functions: { name: string; area: string; share: number }[];
}

function areaOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program: native, not JS)';
  if (!url) return name.startsWith('(') ? name : 'native / builtins';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const repo = /dist\/((?:libs|apps)\/[^/]+)/.exec(url);
  if (repo) return repo[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summarizeCpuProfile(profile: CpuProfile, top = 20): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; us: number }>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^file:\/\/.*?(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    const entry = functions.get(key) ?? { area, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 1000;
  return {
    busyMs: Math.round(busy / 1000),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([area, us]) => ({ area, share: share(us) })),
    functions: [...functions.entries()].sort((a, b) => b[1].us - a[1].us).slice(0, top).map(([name, f]) => ({ name, area: f.area, share: share(f.us) })),
  };
}
