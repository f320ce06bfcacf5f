/**
 * The PostgreSQL event store schema, applied by the TypeORM migration of the event store
 * (migrations.ts) and by `PostgresEventStore.createSchema` for tools and tests that run
 * without the app. Statements are idempotent.
 *
 * Ordering: `global_position` comes from a sequence, which concurrent transactions draw in
 * one order and may commit in another. Readers therefore order by
 * (transaction_id, global_position) and only read below the oldest transaction still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`): nothing can later appear before a row they
 * have read, so a checkpoint never skips an event whose transaction committed late.
 */
export const EVENT_STORE_SCHEMA = String.raw`
create table if not exists streams (
  stream_id  text primary key,
  revision   bigint not null,
  last_hash  text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists events (
  global_position bigint generated always as identity primary key,
  transaction_id  xid8 not null default pg_current_xact_id(),
  stream_id       text not null,
  revision        bigint not null,
  event_id        uuid not null,
  type            text not null,
  data            jsonb not null,
  metadata        jsonb not null,
  correlation_id  text,
  occurred_at     timestamptz not null,
  recorded_at     timestamptz not null default now(),
  constraint events_stream_revision unique (stream_id, revision),
  constraint events_event_id unique (event_id)
);

create index if not exists events_commit_order on events (transaction_id, global_position);
create index if not exists events_correlation on events (correlation_id, transaction_id, global_position);

-- Appends events to one stream in one round trip. p_expected: >= 0 exact revision,
-- -1 no stream, -2 any, -3 stream exists. p_ids and p_canonical (each event's canonical JSON,
-- hash-chain.ts: streamId, id, type, data, metadata) run in parallel. The canonical text is
-- both what is hashed and what is stored (type, data and metadata are taken from it), so the
-- verifier recomputes the very text that was hashed. The chain hash is
-- sha256(previous hash || canonical) in hex, stored in metadata.hash.
-- A new stream's row is inserted once, already final; an existing one is updated once.
-- Errors: SW001 wrong expected revision (detail: actual revision, -1 for none); 23505 on
-- events_event_id for an id already stored. A retried append (the same ids) fails one of the two;
-- the caller then looks the ids up and, when they are that very append, returns its result.
-- Subscribers are woken by the caller after commit (a NOTIFY inside this transaction would
-- take PostgreSQL's cluster-wide notify lock until the commit is flushed, serializing commits).
drop function if exists sw_append(text, bigint, jsonb);
drop function if exists sw_append(text, bigint, uuid[], jsonb, text[]);

create or replace function sw_append(p_stream text, p_expected bigint, p_ids uuid[], p_canonical text[])
returns table (next_revision bigint, tx text, last_position bigint)
language plpgsql as $fn$
declare
  v_count    int := coalesce(array_length(p_ids, 1), 0);
  v_revision bigint;
  v_hash     text;
  v_hashes   text[];
  v_new      boolean;
  i          int;
begin
  loop
    select s.revision, s.last_hash into v_revision, v_hash from streams s where s.stream_id = p_stream for update;
    v_new := not found;
    if v_new then
      if p_expected >= 0 or p_expected = -3 then
        raise exception using errcode = 'SW001', message = 'wrong expected revision', detail = '-1';
      end if;
      v_revision := -1;
      v_hash := '';
    elsif p_expected = -1 or (p_expected >= 0 and v_revision <> p_expected) then
      raise exception using errcode = 'SW001', message = 'wrong expected revision', detail = v_revision::text;
    end if;
    if v_count = 0 then
      return query select v_revision, null::text, null::bigint;
      return;
    end if;

    v_hashes := '{}';
    for i in 1 .. v_count loop
      v_hash := encode(sha256(convert_to(v_hash || p_canonical[i], 'UTF8')), 'hex');
      v_hashes := v_hashes || v_hash;
    end loop;

    if not v_new then
      update streams set revision = v_revision + v_count, last_hash = v_hash, updated_at = now() where stream_id = p_stream;
      exit;
    end if;
    insert into streams (stream_id, revision, last_hash) values (p_stream, v_count - 1, v_hash) on conflict do nothing;
    exit when found;
    -- Created meanwhile by a concurrent append (now committed): read it again, under its lock.
  end loop;

  return query
  with inserted as (
    insert into events (stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at)
    select p_stream, v_revision + n.ord, p_ids[n.ord], n.c->>'type', n.c->'data',
           (n.c->'metadata') || jsonb_build_object('hash', v_hashes[n.ord]),
           n.c->'metadata'->>'correlationId', (n.c->'metadata'->>'occurredAt')::timestamptz
      from unnest(p_canonical::jsonb[]) with ordinality as n(c, ord) -- each text parsed once
     order by n.ord
    returning global_position
  )
  select v_revision + v_count, pg_current_xact_id()::text, (select max(global_position) from inserted);
end
$fn$;
`;
