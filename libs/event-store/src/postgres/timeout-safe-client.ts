import { Client } from 'pg';

/**
 * A pg client that ends its connection when a query times out (`query_timeout`), for pools.
 *
 * node-postgres gives up waiting on a timed-out query but leaves it running on the connection,
 * and drops the queries queued behind it unsent. A pooled connection in that state goes back to
 * the pool looking healthy while its session may still be inside a transaction (the ROLLBACK
 * was never sent) or still hold a session advisory lock (the unlock was never sent): after a
 * frozen database thaws, the next borrower's BEGIN joins the stranded transaction, or a
 * subscription stays on standby for ever behind a lock nobody owns. Ending the connection
 * instead makes the server roll back and let go of every lock of that session, and the pool
 * replaces it (pg-pool never reuses a client that is ending).
 *
 * Pass it as the pool's `Client` (TypeORM: `extra: { Client: TimeoutSafeClient }`).
 */
export class TimeoutSafeClient extends Client {
  override query(...args: any[]): any {
    const last = args.length > 1 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) => {
        if (isReadTimeout(error)) this.discard();
        last(error, result);
      };
      return (super.query as (...a: any[]) => any)(...args);
    }
    const result = (super.query as (...a: any[]) => any)(...args);
    if (result && typeof result.then === 'function' && typeof args[0]?.submit !== 'function') {
      return result.catch((error: unknown) => {
        if (isReadTimeout(error)) this.discard();
        throw error;
      });
    }
    return result;
  }

  private discard(): void {
    // end() on a connection with a query in flight destroys the socket; an ending client is not
    // given back out by the pool, and raises no 'error' event for the missing listener.
    this.end().catch(() => undefined);
  }
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}
