/**
 * One side of the peer benchmark in a process of its own (bench/peer.ts forks two: `ours` and
 * `emmett`). Emmett's PostgreSQL driver (dumbo) installs process-wide `pg` type parsers (int8
 * as BigInt, its own JSON parser) the moment it is loaded; in a process of its own it cannot
 * change what our store's `pg` parses, and each side's client CPU is its own.
 *
 * Messages: parent -> {type:'run', seconds, batch, tag} / {type:'stop'};
 * worker -> {type:'ready'} / {type:'result', ...LoadResult, cpuSeconds} / {type:'error', message}.
 */
import { Pool } from 'pg';
import { PostgresEventStore } from '@sw/event-store';
import { StreamCursor } from '../append';
import { declarationEvents, type BenchEvent } from './declaration-events';
import { runFixedConcurrency } from './load';

export type PeerSystem = 'ours' | 'emmett';
export interface PeerWorkerConfig { system: PeerSystem; databaseUrl: string; concurrency: number }

interface Appender {
  append(streamId: string, expected: number, events: BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Our store: PostgresEventStore.append (sw_append), expected revision exact, pool of `concurrency`. */
async function ours(config: PeerWorkerConfig): Promise<Appender> {
  const store = new PostgresEventStore({ connectionString: config.databaseUrl, poolSize: config.concurrency });
  return {
    async append(streamId, expected, events) {
      const result = await store.append(streamId, events, expected < 0 ? 'no-stream' : expected);
      if (result.nextRevision !== expected + events.length) throw new Error(`ours: ${streamId} at ${result.nextRevision}, expected ${expected + events.length}`);
    },
    close: () => store.close(),
  };
}

/**
 * Emmett: getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } }) on a pg
 * Pool of `concurrency` connections, appendToStream(streamName, events, { expectedStreamVersion })
 * with the exact expected version (Emmett counts from 1: 0n = no stream yet, so ours + 1).
 * Events: the same type, data and metadata; the event id goes in as Emmett's messageId.
 */
async function emmett(config: PeerWorkerConfig): Promise<Appender> {
  // ESM-only package: a native dynamic import (SWC leaves it alone: module.ignoreDynamic).
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.concurrency });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(config.databaseUrl, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    async append(streamId, expected, events) {
      const result = await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata, messageId: e.id } })),
        { expectedStreamVersion: BigInt(expected + 1) },
      );
      if (result.nextExpectedStreamVersion !== BigInt(expected + 1 + events.length)) {
        throw new Error(`emmett: ${streamId} at ${result.nextExpectedStreamVersion}, expected ${expected + 1 + events.length}`);
      }
    },
    async close() {
      await store.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as PeerWorkerConfig;
  const appender = config.system === 'ours' ? await ours(config) : await emmett(config);
  process.send!({ type: 'ready' });
  process.on('message', (message: { type: string; seconds?: number; batch?: number; tag?: string }) => {
    if (message.type === 'stop') {
      void appender.close().finally(() => process.exit(0));
      return;
    }
    if (message.type !== 'run') return;
    const batch = message.batch ?? 1;
    const cursors = Array.from({ length: config.concurrency }, (_, w) => new StreamCursor(`${message.tag}-W${w}`));
    const cpu0 = process.cpuUsage();
    runFixedConcurrency({
      concurrency: config.concurrency,
      durationMs: (message.seconds ?? 1) * 1000,
      op: async (worker) => {
        const { streamId, declarationId, expected } = cursors[worker].next(batch);
        await appender.append(streamId, expected, declarationEvents(declarationId, expected + 1, batch));
        return batch;
      },
    }).then(
      (result) => {
        const cpu = process.cpuUsage(cpu0);
        process.send!({ type: 'result', ...result, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      },
      (error) => process.send!({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
}

main().catch((error) => {
  process.send?.({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  setTimeout(() => process.exit(1), 100);
});
