/**
 * `node dist/bench/group-commit-ab.js [concurrency=8,16,32] [rounds=3] [seconds=3]`: the PostgreSQL
 * event store's appends with group commit off and on (at most 2, 4 or 8 statements at once), in
 * interleaved rounds on one embedded PostgreSQL with default durability, so the ratios hold on a
 * noisy machine. Each writer appends one event at a time to streams of its own, as the append
 * benchmark does. Prints events/s per variant and round, and the median ratio to "off".
 */
import { PostgresEventStore, type GroupCommitOptions } from '@sw/event-store';
import { Client } from 'pg';
import { declarationEvents } from './lib/declaration-events';
import { runFixedConcurrency } from './lib/load';
import { createBenchDatabase, startServer } from './lib/postgres-server';
import { median, round } from './lib/stats';

const VARIANTS: [string, GroupCommitOptions | false][] = [['off', false], ['2 at once', { maxInFlight: 2 }], ['4 at once', { maxInFlight: 4 }], ['8 at once', { maxInFlight: 8 }]];

async function main(): Promise<void> {
  const [concurrencyArg = '8,16,32', roundsArg = '3', secondsArg = '3'] = process.argv.slice(2);
  const log = (line: string) => process.stdout.write(line + '\n');
  const server = await startServer({ log });
  const database = await createBenchDatabase(server.url);
  try {
    await PostgresEventStore.createSchema(database.url);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    for (const concurrency of concurrencyArg.split(',').map(Number)) {
      const stores = VARIANTS.map(([name, groupCommit]) => ({ name, store: new PostgresEventStore({ connectionString: database.url, poolSize: Math.min(concurrency, 16), groupCommit }) }));
      const results = new Map<string, number[]>(VARIANTS.map(([name]) => [name, []]));
      for (let round_ = 0; round_ < Number(roundsArg); round_++) {
        const order = round_ % 2 === 0 ? stores : [...stores].reverse();
        for (const { name, store } of order) {
          await admin.query('truncate events, streams');
          await admin.query('checkpoint');
          const revisions = new Map<string, number>();
          const result = await runFixedConcurrency({
            concurrency, durationMs: Number(secondsArg) * 1000,
            op: async (worker) => {
              const streamId = `declaration-r${round_}-w${worker}-${Math.floor((revisions.get(`w${worker}`) ?? 0) / 20)}`;
              const expected = revisions.get(streamId) ?? -1;
              await store.append(streamId, declarationEvents(`r${round_}-w${worker}`, expected + 1, 1), expected < 0 ? 'no-stream' : expected);
              revisions.set(streamId, expected + 1);
              revisions.set(`w${worker}`, (revisions.get(`w${worker}`) ?? 0) + 1);
              return 1;
            },
          });
          results.get(name)!.push(result.unitsPerSecond);
          log(`  concurrency ${concurrency}, round ${round_ + 1}, ${name.padEnd(10)} ${Math.round(result.unitsPerSecond).toString().padStart(6)} events/s (p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms)`);
        }
      }
      const off = results.get('off')!;
      log(`concurrency ${concurrency}: ` + VARIANTS.map(([name]) => {
        const values = results.get(name)!;
        return `${name} median ${Math.round(median(values))} events/s (×${round(median(values.map((v, i) => v / off[i])), 2)} of off)`;
      }).join('; '));
      for (const { store } of stores) await store.close();
    }
    await admin.end();
  } finally {
    await database.drop();
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
