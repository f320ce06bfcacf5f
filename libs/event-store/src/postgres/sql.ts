import type { EventFilter, RecordedEvent } from '../event-store.port';

/*
 * The SQL of the PostgreSQL event store's appends and reads, and the rows they return. The
 * tables and the sw_append function they call are in schema.ts.
 */

/**
 * The canonical texts go as one text, a line each, made into text[] by PostgreSQL. A canonical
 * text is JSON, which never holds a raw line feed (JSON.stringify escapes it in strings), so
 * joining needs no escaping at all: the texts travel as they are, where a JSON array (the way
 * before) escaped every quote in them, and pg's array literal ran a regex per text.
 */
function textsFromLines(parameter: string): string {
  return `string_to_array(${parameter}::text, E'\\n')`;
}

/** The canonical texts of an append as textsFromLines takes them. */
export function linesOf(texts: readonly string[]): string {
  return texts.join('\n');
}

export const COLUMNS = `stream_id, revision, transaction_id::text as tx, global_position, event_id, type, data, metadata, recorded_at`;

export interface EventRow {
  stream_id: string; revision: string; tx: string; global_position: string; event_id: string;
  type: string; data: unknown; metadata: RecordedEvent['metadata']; recorded_at: Date;
}

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: `${row.tx}/${row.global_position}`,
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}

/** One stream's events: $1 stream, $2 expected-revision code, $3 ids, $4 canonical texts (a line each). */
export const APPEND_SQL = `select next_revision, tx, last_position from sw_append($1, $2, $3::uuid[], ${textsFromLines('$4')})`;

/**
 * Several streams' events in one statement. $1-$4: one entry per stream (its id, expected-revision
 * code, and where its events start and end in the flat arrays); $5 every id, $6 every text (a line each).
 */
export const APPEND_MANY_SQL = `select r.next_revision, r.tx, r.last_position
                 from unnest($1::text[], $2::bigint[], $3::int[], $4::int[]) with ordinality as a(stream_id, expected, first, last, ord)
                 cross join lateral sw_append(a.stream_id, a.expected, ($5::uuid[])[a.first:a.last], (${textsFromLines('$6')})[a.first:a.last]) r
                order by a.ord`;

export const FIND_APPENDED_SQL = 'select event_id, stream_id, revision, transaction_id::text as tx, global_position from events where event_id = any($1::uuid[])';

export const READ_STREAM_SQL = `select ${COLUMNS} from events
              where stream_id = $1 and revision >= $2 and revision <= $3 and ($4::timestamptz is null or occurred_at <= $4)
              order by revision`;

export const READ_CORRELATION_SQL = `select ${COLUMNS} from events
              where correlation_id = $1 and ($2::timestamptz is null or occurred_at <= $2)
                and (transaction_id, global_position) > ($3::xid8, $4::bigint)
              order by transaction_id, global_position`;

export const HEAD_SQL = `select transaction_id::text as tx, global_position from events
              where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              order by transaction_id desc, global_position desc limit 1`;

/** Events after ($1, $2) through the filter's clause, at most $3. */
export function readAllSql(clause: string): string {
  return `select ${COLUMNS} from events
              where (transaction_id, global_position) > ($1::xid8, $2::bigint)
                and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ${clause}
              order by transaction_id, global_position
              limit $3`;
}

/** As readAllSql, each row with the newest stable position beside it (one row with nulls when none passed). */
export function readWithProgressSql(clause: string): string {
  return `select b.*, h.head_tx, h.head_position
               from (select transaction_id::text as head_tx, global_position as head_position from events
                      where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                      order by transaction_id desc, global_position desc limit 1) h
               left join lateral (
                 select ${COLUMNS}, transaction_id from events
                  where (transaction_id, global_position) > ($1::xid8, $2::bigint)
                    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                    ${clause}
                  order by transaction_id, global_position
                  limit $3) b on true
              order by b.transaction_id, b.global_position`;
}

/** Counts at most 100,000 events after ($1, $2) through the filter's clause (its value then $3). */
export function countAfterSql(clause: string): string {
  return `select count(*) as n from (select 1 from events
              where (transaction_id, global_position) > ($1::xid8, $2::bigint)
                and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ${clause.replace('$4', '$3')} limit 100000) t`;
}

/**
 * For each read of $1 (JSON: [{ i, tx, position, kind: 'all' | 'prefix' | 'type', vals }]), in
 * the order of i, when the first event after its position that passes its filter was stored: the reads
 * of readAllSql with maxCount 1, in one statement and one snapshot.
 */
export const FIRST_WAITING_SQL = `select (select e.recorded_at from events e
                  where (e.transaction_id, e.global_position) > (r.tx::xid8, r.position::bigint)
                    and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                    and case r.kind when 'prefix' then e.stream_id like any(r.vals)
                                    when 'type' then e.type = any(r.vals) else true end
                  order by e.transaction_id, e.global_position
                  limit 1) as recorded_at
             from json_to_recordset($1::json) as r(i int, tx text, position text, kind text, vals text[])
            order by r.i`;

/** The filter as an SQL condition on `events`, its value the statement's $4. */
export function filterClause(filter: EventFilter | undefined): { clause: string; value?: string[] } {
  if (!filter) return { clause: '' };
  if ('streamPrefixes' in filter) {
    return { clause: 'and stream_id like any($4::text[])', value: filter.streamPrefixes.map((p) => p.replace(/[\\%_]/g, (c) => '\\' + c) + '%') };
  }
  return { clause: 'and type = any($4::text[])', value: filter.eventTypes };
}
