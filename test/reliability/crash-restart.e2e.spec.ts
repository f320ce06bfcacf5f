import { eventually, freePort, ServerProcess } from '@sw/test-support';
import { verifyChain, PostgresEventStore } from '@sw/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * kill -9 in the middle of a burst of writes, then start again on the same data directory:
 * every acknowledged write is stored, and the projection has applied every event exactly once
 * (its read model adds, so an event applied twice or skipped shows in the total).
 */
describe('kill -9 during writes, then restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sw-crash-'));
  let server: ServerProcess;
  let pgPort: number;

  beforeAll(async () => {
    pgPort = await freePort();
    server = new ServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) }, await freePort());
    await server.start();
  }, 90_000);

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    ServerProcess.cleanUp(dataDir, server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function burstUntilKilled(killAfterAcks: number): Promise<number[]> {
    const acknowledged: number[] = [];
    let killed = false;
    const writer = async () => {
      while (!killed) {
        try {
          const response = await fetch(`${server.url}/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":"PT1S"}' });
          if (response.status === 202) acknowledged.push(((await response.json()) as { revision: number }).revision);
        } catch {
          return; // the connection died with the server: not acknowledged
        }
        if (acknowledged.length >= killAfterAcks && !killed) {
          killed = true;
          server.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, writer));
    return acknowledged;
  }

  it.each([1, 2])('round %i: loses no acknowledged write and applies no event twice', async (round) => {
    const acknowledged = await burstUntilKilled(60 + round * 40);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    await server.start(); // stops the orphaned PostgreSQL, starts again on the same data

    const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
    const store = new PostgresEventStore({ connectionString: url });
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const events = await store.readStream('engine-clock');
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i)); // contiguous
      expect(new Set(acknowledged).size).toBe(acknowledged.length); // no revision acknowledged twice
      for (const revision of acknowledged) expect(revision).toBeLessThan(events.length);
      expect(verifyChain(events)).toEqual({ valid: true, events: events.length });
      await eventually(async () => {
        const [row] = (await db.query('select offset_ms::text as offset, advances from engine_clock')).rows;
        expect(row).toEqual({ offset: String(events.length * 1000), advances: events.length });
      }, { timeoutMs: 20_000 });
      const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      await db.end();
      await store.close();
    }
  }, 90_000);
});
