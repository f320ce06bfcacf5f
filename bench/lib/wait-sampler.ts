import { Client } from 'pg';

/** Share of sampled backend time per state, e.g. `{ "CPU": 0.4, "IO:WalSync": 0.3, "Client": 0.2 }`. */
export type WaitProfile = Record<string, number>;

/**
 * Samples pg_stat_activity of one database every `intervalMs` while a phase runs, to show
 * where the writers' backends spend their time: `CPU` (active, no wait event), a wait event
 * (`IO:WalSync`, `LWLock:WALWrite`, `Lock:object`...), or `Client` (idle: waiting for the
 * next statement from Node, i.e. network and client-side work). The sampler is one extra
 * connection running a cheap query a few dozen times a second, the same for every phase.
 */
export class WaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  private constructor(private readonly client: Client, private readonly database: string, private readonly intervalMs: number) {}

  static async open(url: string, database: string, intervalMs = 25): Promise<WaitSampler> {
    const client = new Client({ connectionString: url, application_name: 'sw-bench-sampler' });
    client.on('error', () => undefined); // the server stopping under it: samples just stop
    await client.connect();
    return new WaitSampler(client, database, intervalMs);
  }

  start(): void {
    this.counts.clear();
    this.samples = 0;
    const tick = async () => {
      try {
        const { rows } = await this.client.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null }>({
          name: 'sw_bench_sample',
          text: `select state, wait_event_type, wait_event from pg_stat_activity
                  where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()
                    and application_name <> 'sw-bench-sampler'`,
          values: [this.database],
        });
        for (const row of rows) {
          const key = row.state === 'active'
            ? (row.wait_event_type ? `${row.wait_event_type}:${row.wait_event}` : 'CPU')
            : row.state === 'idle in transaction' ? 'Client (in transaction)' : 'Client';
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
          this.samples++;
        }
      } catch { /* a sample lost is no matter */ }
    };
    const loop = () => {
      this.running = tick().finally(() => {
        if (this.timer !== null) this.timer = setTimeout(loop, this.intervalMs);
      });
    };
    this.timer = setTimeout(loop, this.intervalMs);
  }

  async stop(): Promise<WaitProfile> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const profile: WaitProfile = {};
    const entries = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
    for (const [key, count] of entries) profile[key] = Math.round((count / Math.max(1, this.samples)) * 1000) / 1000;
    return profile;
  }

  async close(): Promise<void> {
    if (this.timer) await this.stop();
    await this.client.end();
  }
}
