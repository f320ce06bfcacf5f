import type { Position } from '../event-store.port';
import { parsePosition } from './positions';

/*
 * The event log as a Merkle tree sees it: each event's chain hash, in commit order, only below the
 * oldest running transaction (as readAll reads: nothing can later appear before them). What
 * signed checkpoints are made of and `swctl audit verify --against` checks. PostgreSQL store only:
 * the EventStoreDB adapter has no such log to sign (docs/operations.md).
 */

export interface Queryable {
  query<Row extends object>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface EventHashRow {
  position: Position;
  hash: string;
}

const HASHES_SQL = `select transaction_id::text as tx, global_position::text as gp, metadata->>'hash' as hash from events
  where (transaction_id, global_position) > ($1::xid8, $2::bigint)
    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  order by transaction_id, global_position
  limit $3`;

/** Up to `limit` event hashes after `after` (null: from the start), of committed transactions only. */
export async function readEventHashes(db: Queryable, after: Position | null, limit: number): Promise<EventHashRow[]> {
  const [tx, gp] = parsePosition(after);
  const { rows } = await db.query<{ tx: string; gp: string; hash: string | null }>(HASHES_SQL, [tx, gp, limit]);
  return rows.map((r) => ({ position: `${r.tx}/${r.gp}`, hash: r.hash ?? '' }));
}

/**
 * Every event up to and including `upTo`, in commit order, in batches of `batch`: one ordered scan
 * through a cursor in a read-only snapshot (a keyset query per batch would re-scan the rest of the
 * log each time). The next batch is fetched while the caller works on this one. `db` must be a
 * connection of its own (the cursor lives in its transaction). Data and metadata come as the JSON
 * text PostgreSQL sends, unparsed: whoever re-hashes them parses them, on whichever thread.
 */
export interface LoggedEvent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  /** JSON text. */
  data: string;
  /** JSON text, with the stored hash. */
  metadata: string;
  /** metadata.hash ('' when there is none). */
  hash: string;
}
interface LoggedRow { stream_id: string; revision: string; event_id: string; type: string; data: string; metadata: string; hash: string | null }

export async function* eventsUpTo(db: Queryable, upTo: Position, batch: number): AsyncGenerator<LoggedEvent[]> {
  const [toTx, toGp] = parsePosition(upTo);
  await db.query('begin isolation level repeatable read read only');
  try {
    // What hashing needs, no more, as text (recorded_at would be parsed into a Date a million times for nothing).
    await db.query(`declare sw_events_up_to no scroll cursor for select stream_id, revision, event_id, type, data::text as data,
      metadata::text as metadata, metadata->>'hash' as hash from events
      where (transaction_id, global_position) <= ($1::xid8, $2::bigint) order by transaction_id, global_position`, [toTx, toGp]);
    const fetch = () => db.query<LoggedRow>(`fetch ${Math.max(1, Math.floor(batch))} from sw_events_up_to`);
    let next = fetch();
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) break;
      next = fetch();
      next.catch(() => undefined); // awaited on the next turn, or dropped with the transaction
      yield rows.map((row) => ({ streamId: row.stream_id, revision: Number(row.revision), id: row.event_id, type: row.type, data: row.data, metadata: row.metadata, hash: row.hash ?? '' }));
    }
  } finally {
    await db.query('rollback').catch(() => undefined);
  }
}
