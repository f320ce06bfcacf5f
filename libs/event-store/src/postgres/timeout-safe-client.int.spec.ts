import { eventually, freePort, StoppablePostgres } from '@sw/test-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { TimeoutSafeClient } from './timeout-safe-client';

/**
 * A pooled connection inside a transaction and holding a session advisory lock; the database
 * freezes (SIGSTOP), a query times out, the ROLLBACK and the unlock that follow time out too,
 * the connection goes back to the pool, the database thaws. With node-postgres' own client the
 * session is left behind idle in its transaction, holding the lock (the hazard, shown so that
 * this test could fail); with TimeoutSafeClient the connection is ended, so the server rolls
 * back and lets go of the lock, and the pool serves fresh connections (with the plain client,
 * the next borrower's query even runs inside the stranded transaction).
 */
describe('TimeoutSafeClient: a query timeout ends the pooled connection', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-timeout-client-'));
  let postgres: StoppablePostgres;
  let observer: Client;

  beforeAll(async () => {
    postgres = new StoppablePostgres(dir, await freePort());
    await postgres.boot();
    observer = new Client({ connectionString: postgres.url });
    await observer.connect();
    await observer.query('create table written (id int)');
  }, 90_000);
  afterAll(async () => {
    await observer?.end().catch(() => undefined);
    await postgres?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Runs the frozen-database story on a pool of the given client class; returns what the server is left with once thawed. */
  async function frozenMidTransaction(ClientClass: typeof Client, lockKey: number) {
    const pool = new Pool({ connectionString: postgres.url, max: 2, query_timeout: 500, Client: ClientClass, application_name: `timeout-${lockKey}` });
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      await client.query('begin');
      await client.query('insert into written values ($1)', [lockKey]);
      await client.query('select pg_advisory_lock($1)', [lockKey]);
      postgres.freeze();
      try {
        await expect(client.query('select 1')).rejects.toThrow('Query read timeout');
        await expect(client.query('rollback')).rejects.toThrow();
        await expect(client.query('select pg_advisory_unlock($1)', [lockKey])).rejects.toThrow();
        client.release();
      } finally {
        postgres.thaw();
      }
      // The pool still answers; the question is whether inside the stranded transaction.
      const { rows: [next] } = await pool.query(`select now() <> statement_timestamp() as in_old_transaction`);
      const count = async () => (await observer.query(`select count(*)::int as n from pg_stat_activity where application_name = $1 and state like 'idle in transaction%'`, [`timeout-${lockKey}`])).rows[0].n;
      const lockable = async () => {
        const { rows: [{ locked }] } = await observer.query('select pg_try_advisory_lock($1) as locked', [lockKey]);
        if (locked) await observer.query('select pg_advisory_unlock($1)', [lockKey]);
        return locked as boolean;
      };
      // The server notices an ended connection once it runs again: give it a moment either way.
      let stranded = 0;
      let locked = true;
      await eventually(async () => {
        stranded = await count();
        locked = !(await lockable());
        expect({ stranded, locked }).toEqual({ stranded: 0, locked: false });
      }, { timeoutMs: 2000, intervalMs: 100 }).catch(() => undefined);
      const { rows: [{ n: committed }] } = await observer.query('select count(*)::int as n from written where id = $1', [lockKey]);
      return { nextQueryJoinedIt: next.in_old_transaction as boolean, stranded, locked, committed };
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  it('node-postgres alone leaves the session in its transaction, holding the lock', async () => {
    expect(await frozenMidTransaction(Client, 1)).toEqual({ nextQueryJoinedIt: true, stranded: 1, locked: true, committed: 0 });
  }, 30_000);

  it('TimeoutSafeClient ends it: rolled back, lock released, pool healthy', async () => {
    expect(await frozenMidTransaction(TimeoutSafeClient, 2)).toEqual({ nextQueryJoinedIt: false, stranded: 0, locked: false, committed: 0 });
  }, 30_000);
});
