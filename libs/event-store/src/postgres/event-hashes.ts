import type { Position, RecordedEvent } from '../event-store.port';
import { COLUMNS, toRecorded, type EventRow } from './sql';
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
    and (transaction_id, global_position) <= ($3::xid8, $4::bigint)
    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  order by transaction_id, global_position
  limit $5`;

const MAX = ['18446744073709551615', '9223372036854775807'];

/** Up to `limit` event hashes after `after` (null: from the start), up to and including `upTo` (null: no bound). */
export async function readEventHashes(db: Queryable, after: Position | null, upTo: Position | null, limit: number): Promise<EventHashRow[]> {
  const [tx, gp] = parsePosition(after);
  const [toTx, toGp] = upTo ? parsePosition(upTo) : MAX;
  const { rows } = await db.query<{ tx: string; gp: string; hash: string | null }>(HASHES_SQL, [tx, gp, toTx, toGp, limit]);
  return rows.map((r) => ({ position: `${r.tx}/${r.gp}`, hash: r.hash ?? '' }));
}

/** Every event up to and including `upTo`, counted (what a checkpoint says it covers). */
export async function countEventsUpTo(db: Queryable, upTo: Position): Promise<number> {
  const [tx, gp] = parsePosition(upTo);
  const { rows } = await db.query<{ n: string }>('select count(*) as n from events where (transaction_id, global_position) <= ($1::xid8, $2::bigint)', [tx, gp]);
  return Number(rows[0].n);
}

const EVENTS_SQL = `select ${COLUMNS} from events
  where (transaction_id, global_position) > ($1::xid8, $2::bigint)
    and (transaction_id, global_position) <= ($3::xid8, $4::bigint)
  order by transaction_id, global_position
  limit $5`;

/** Up to `limit` whole events after `after` up to and including `upTo`, in commit order (what verify --against re-hashes). */
export async function readEventsUpTo(db: Queryable, after: Position | null, upTo: Position, limit: number): Promise<RecordedEvent[]> {
  const [tx, gp] = parsePosition(after);
  const [toTx, toGp] = parsePosition(upTo);
  const { rows } = await db.query<EventRow>(EVENTS_SQL, [tx, gp, toTx, toGp, limit]);
  return rows.map(toRecorded);
}
