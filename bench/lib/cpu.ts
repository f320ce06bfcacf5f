import { readFileSync } from 'node:fs';

/** Machine-wide and this process's CPU use over an interval (Linux /proc/stat; nulls elsewhere). */
export interface CpuUse {
  /** Share of all CPUs busy (user + system + ...), 0..1. */
  machineBusy: number | null;
  /** CPU time of this Node process (the client) in cores, e.g. 0.8 = 80% of one core. */
  clientCores: number;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // "cpu  user nice system idle iowait irq softirq steal ..."
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = fields[3] + fields[4];
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export function startCpuMeter(): () => CpuUse {
  const m0 = machineTicks();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const m1 = machineTicks();
    const c1 = process.cpuUsage(c0);
    const elapsedUs = Number(process.hrtime.bigint() - t0) / 1000;
    return {
      machineBusy: m0 && m1 && m1.total > m0.total ? Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 1000) / 1000 : null,
      clientCores: Math.round(((c1.user + c1.system) / elapsedUs) * 1000) / 1000,
    };
  };
}
