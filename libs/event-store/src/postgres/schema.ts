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
-- -1 no stream, -2 any, -3 stream exists. p_events: [{ id, type, data, metadata, canonical }]
-- where canonical is the event's canonical JSON (hash-chain.ts); the chain hash is
-- sha256(previous hash || canonical) in hex, stored in metadata.hash.
-- Errors: SW001 wrong expected revision (detail: actual revision, -1 for none);
--         SW002 event id already stored elsewhere (detail: the id).
create or replace function sw_append(p_stream text, p_expected bigint, p_events jsonb)
returns table (next_revision bigint, tx text, last_position bigint)
language plpgsql as $fn$
declare
  v_count    int := jsonb_array_length(p_events);
  v_revision bigint;
  v_hash     text;
  v_first    bigint;
  v_matches  int;
  v_event    jsonb;
  v_position bigint;
  v_dup      text;
begin
  if v_count > 0 then
    -- A re-append of events already stored (a retried request) returns the first result.
    select e.revision into v_first from events e
     where e.event_id = (p_events->0->>'id')::uuid and e.stream_id = p_stream;
    if found then
      select count(*) into v_matches
        from jsonb_array_elements(p_events) with ordinality as n(ev, ord)
        join events e on e.event_id = (n.ev->>'id')::uuid
       where e.stream_id = p_stream and e.revision = v_first + n.ord - 1;
      if v_matches = v_count then
        return query select e.revision, e.transaction_id::text, e.global_position from events e
         where e.stream_id = p_stream and e.revision = v_first + v_count - 1;
        return;
      end if;
    end if;
  end if;

  loop
    select s.revision, s.last_hash into v_revision, v_hash from streams s where s.stream_id = p_stream for update;
    exit when found;
    if p_expected >= 0 or p_expected = -3 then
      raise exception using errcode = 'SW001', message = 'wrong expected revision', detail = '-1';
    end if;
    if v_count = 0 then
      return query select -1::bigint, null::text, null::bigint;
      return;
    end if;
    insert into streams (stream_id, revision, last_hash) values (p_stream, -1, '') on conflict do nothing;
    if found then
      v_revision := -1; v_hash := '';
      exit;
    end if;
  end loop;

  if (p_expected = -1 and v_revision >= 0) or (p_expected >= 0 and v_revision <> p_expected) then
    raise exception using errcode = 'SW001', message = 'wrong expected revision', detail = v_revision::text;
  end if;
  if v_count = 0 then
    return query select v_revision, null::text, null::bigint;
    return;
  end if;

  select n.ev->>'id' into v_dup from jsonb_array_elements(p_events) as n(ev)
    join events e on e.event_id = (n.ev->>'id')::uuid limit 1;
  if found then
    raise exception using errcode = 'SW002', message = 'event id already stored', detail = v_dup;
  end if;

  for v_event in select value from jsonb_array_elements(p_events) loop
    v_revision := v_revision + 1;
    v_hash := encode(sha256(convert_to(v_hash || (v_event->>'canonical'), 'UTF8')), 'hex');
    insert into events (stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at)
    values (p_stream, v_revision, (v_event->>'id')::uuid, v_event->>'type', v_event->'data',
            (v_event->'metadata') || jsonb_build_object('hash', v_hash),
            v_event->'metadata'->>'correlationId', (v_event->'metadata'->>'occurredAt')::timestamptz)
    returning global_position into v_position;
  end loop;

  update streams set revision = v_revision, last_hash = v_hash, updated_at = now() where stream_id = p_stream;
  perform pg_notify('sw_events', '');
  return query select v_revision, pg_current_xact_id()::text, v_position;
end
$fn$;
`;
