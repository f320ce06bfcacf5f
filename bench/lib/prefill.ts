import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { PostgresEventStore, canonicalEventText, chainHash, verifyChain, type EventFilter, type RecordedEvent } from '@sw/event-store';
import { GREEN_LANE_ENTERPRISE, greenLaneDeclaration } from './green-lane';
import { devToken, requestJson } from './http';
import { BenchServerProcess } from './server-process';
import { round } from './stats';
import { openToolContext } from './tool-context';

/**
 * Fills a fresh bench database with `targetEvents` events of realistic shipments, fast:
 *
 * 1. Templates: the built server runs on the database (its migrations create the schema) and
 *    `templates` green-lane declarations are submitted over HTTP and followed until released:
 *    real shipments, with every event, stream and read-model row the engine writes for one.
 * 2. Clones: each template shipment is copied with new ids (declaration id, event ids,
 *    causation ids that name them, consignment note and vehicle plate) until the store holds
 *    `targetEvents` events. Rows go in with multi-row INSERTs (unnest of arrays, 4,000 rows a
 *    statement, synchronous_commit off for these sessions only), in each template's global
 *    order, streams rows included. The hash chain is computed here as sw_append computes it
 *    (chainHash over canonicalEventText, libs/event-store/src/hash-chain.ts) and checked
 *    afterwards with verifyChain on sampled cloned streams.
 * 3. Read models: every read-model row that names a template shipment (found generically: any
 *    row of a public table whose JSON text holds the template's declaration id) is copied for
 *    each clone with the same replacements, so the read models hold every shipment as if the
 *    projections had handled them.
 * 4. Checkpoints: each subscription's checkpoint is set to where a live, caught-up subscription
 *    would have it: the last event its filter takes (none: no checkpoint), so no subscription
 *    replays the clones when the server starts, and none skips work it would really do.
 * 5. VACUUM ANALYZE and CHECKPOINT, so the measured run does not pay for the fill.
 */
export interface PrefillReport {
  targetEvents: number;
  events: number;
  shipments: number;
  templates: number;
  eventsPerShipment: number;
  readModelRows: number;
  seconds: { templates: number; clone: number; readModels: number; vacuum: number; total: number };
  rowsPerSecond: number;
  verifiedStreams: number;
  method: string;
}

const BATCH_ROWS = 4000;
const SKIP_TABLES = new Set(['events', 'streams', 'subscription_checkpoints', 'migrations', 'typeorm_metadata']);

interface Batch {
  rows: number;
  /** Columns: stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at. */
  events: unknown[][];
  /** Columns: stream_id, revision, last_hash. */
  streams: unknown[][];
  models: Map<string, string[]>;
  /** The clones' shipment (correlation) ids. */
  correlationIds: string[];
}

function newBatch(): Batch {
  return { rows: 0, events: [[], [], [], [], [], [], [], []], streams: [[], [], []], models: new Map(), correlationIds: [] };
}

interface Template {
  id: string;
  events: RecordedEvent[];
  tokens: string[];
  pattern: RegExp;
  rows: { table: string; text: string }[];
}

export async function prefill(databaseUrl: string, targetEvents: number, options: { templates: number; log: (line: string) => void; serverMain?: string }): Promise<PrefillReport> {
  const { log } = options;
  const started = performance.now();

  // 1. Templates through the real server.
  const server = new BenchServerProcess(databaseUrl, { main: options.serverMain });
  let templateIds: string[];
  try {
    await server.start();
    const base = new URL(server.url);
    const token = await devToken(base, { role: 'enterprise', uscc: GREEN_LANE_ENTERPRISE.uscc });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    templateIds = [];
    const submitOne = async () => {
      const response = await requestJson(agent, base, 'POST', '/v1/declarations', greenLaneDeclaration(), { authorization: `Bearer ${token}` });
      if (response.status !== 202) throw new Error(`prefill: template refused: ${response.status} ${JSON.stringify(response.body)}`);
      templateIds.push(response.body.id);
    };
    for (let i = 0; i < options.templates; i += 4) await Promise.all(Array.from({ length: Math.min(4, options.templates - i) }, submitOne));
    const deadline = Date.now() + 120_000;
    for (const id of templateIds) {
      for (;;) {
        const view = await requestJson(agent, base, 'GET', `/v1/declarations/${id}`, undefined, { authorization: `Bearer ${token}` });
        if (view.status === 200 && view.body.status === 'released') break;
        if (Date.now() > deadline) throw new Error(`prefill: template ${id} not released after 120 s (${view.status} ${view.body?.status})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    agent.destroy();
  } finally {
    await server.stop(); // subscriptions drained: the templates' read models are complete
  }
  const templatesSeconds = (performance.now() - started) / 1000;

  const client = new Client({ connectionString: databaseUrl, options: '-c synchronous_commit=off' });
  await client.connect();
  const store = new PostgresEventStore({ connectionString: databaseUrl, poolSize: 2 });
  try {
    // 2. Read the templates and every read-model row that names them.
    const tables = (await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)).rows
      .map((r) => r.table_name).filter((t) => !SKIP_TABLES.has(t) && !t.startsWith('emt_') && !t.startsWith('bench_'));
    const readModelRows: { table: string; text: string }[] = [];
    for (const table of tables) {
      const { rows } = await client.query<{ row: string }>(`select row_to_json(t)::text as row from ${table} t`);
      for (const row of rows) readModelRows.push({ table, text: row.row });
    }
    const templates: Template[] = [];
    for (const id of templateIds) {
      const events = await store.readByCorrelation(id);
      const tokens = new Set<string>([id]);
      for (const event of events) {
        tokens.add(event.id);
        const transport = (event.data as { declaration?: { transport?: { billOfLading?: string; conveyance?: string } } })?.declaration?.transport;
        if (transport?.billOfLading) tokens.add(transport.billOfLading);
        if (transport?.conveyance) tokens.add(transport.conveyance);
        // 海关编号: unique per declaration (the unique index events_customs_number), so each clone takes a number of its own.
        const number = (event.data as { number?: unknown })?.number;
        if (typeof number === 'string' && /^\d{18}$/.test(number)) tokens.add(number);
      }
      const list = [...tokens].sort((a, b) => b.length - a.length);
      const pattern = new RegExp(list.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
      templates.push({ id, events, tokens: list, pattern, rows: readModelRows.filter((r) => r.text.includes(id)) });
    }
    const perShipment = templates.reduce((s, t) => s + t.events.length, 0) / templates.length;
    const existing = Number((await client.query<{ n: string }>('select count(*) as n from events')).rows[0].n);
    const clones = Math.max(0, Math.ceil((targetEvents - existing) / perShipment));
    log(`  prefill: ${templates.length} template shipments (${round(perShipment, 1)} events, ${round(templates.reduce((s, t) => s + t.rows.length, 0) / templates.length, 1)} read-model rows each) in ${round(templatesSeconds, 1)} s; cloning ${clones.toLocaleString('en-US')} shipments`);

    // 3. Clone: events (with the chain), streams, read-model rows. Every text a clone needs is
    // its template's with the tokens swapped, the canonical text included (the tokens are plain
    // JSON strings: swapping them changes no escaping and no key order), so a clone costs a few
    // string replacements and one SHA-256 per event. Batches are built while the previous one is
    // being inserted (two connections).
    const cloneStarted = performance.now();
    const shapes = templates.map((template) => template.events.map((event) => {
      const { hash: _hash, ...metadata } = event.metadata;
      return {
        streamId: event.streamId, revision: event.revision, id: event.id, type: event.type, occurredAt: metadata.occurredAt,
        data: JSON.stringify(event.data), metadata: JSON.stringify(metadata),
        canonical: canonicalEventText({ streamId: event.streamId, id: event.id, type: event.type, data: event.data, metadata }),
      };
    }));
    const second = new Client({ connectionString: databaseUrl, options: '-c synchronous_commit=off' });
    await second.connect();
    const connections = [client, second];
    const inFlight: (Promise<void> | null)[] = [null, null];
    let turn = 0;
    let plate = 0;
    let readModelCount = 0;
    let cloneEvents = 0;
    const sampleStreams: string[] = [];
    let batch = newBatch();
    const insert = async (connection: Client, b: Batch) => {
      await connection.query('begin');
      await connection.query({
        name: 'bench_prefill_events',
        text: `insert into events (stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at)
               select s, r, e, t, d, m, c, o from unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[], $8::timestamptz[])
                 with ordinality as u(s, r, e, t, d, m, c, o, n) order by n`,
        values: b.events,
      });
      await connection.query({
        name: 'bench_prefill_streams',
        text: 'insert into streams (stream_id, revision, last_hash) select * from unnest($1::text[], $2::bigint[], $3::text[])',
        values: b.streams,
      });
      for (const [table, rows] of b.models) {
        await connection.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, ['[' + rows.join(',') + ']']);
      }
      // A status row records the position of the last event folded into it (the shipment's last
      // event): the template's position names the template's event, so the clone's row takes its own.
      await connection.query(
        `update declaration_status d set position = (select e.transaction_id::text || '/' || e.global_position from events e
           where e.correlation_id = d.id::text order by e.transaction_id desc, e.global_position desc limit 1)
          where d.id = any($1::uuid[]) and d.position is not null`, [b.correlationIds]);
      await connection.query('commit');
    };
    const flush = async () => {
      if (batch.rows === 0) return;
      const slot = turn;
      turn = (turn + 1) % connections.length;
      await inFlight[slot];
      const full = batch;
      batch = newBatch();
      inFlight[slot] = insert(connections[slot], full);
    };
    try {
      for (let k = 0; k < clones; k++) {
        const index = k % templates.length;
        const template = templates[index];
        const replacements = new Map<string, string>();
        const n = (plate++).toString(36).toUpperCase();
        for (const token of template.tokens) {
          if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)) replacements.set(token, randomUUID());
          else if (token.startsWith('HG-')) replacements.set(token, `HG-PF-${n}`);
          else if (/^\d{18}$/.test(token)) replacements.set(token, `${token.slice(0, 9)}${String(500_000_000 + plate).padStart(9, '0')}`); // office, year, direction kept
          else replacements.set(token, `粤P${n.padStart(5, '0').slice(-5)}`);
        }
        const swap = (text: string) => text.replace(template.pattern, (token) => replacements.get(token) ?? token);
        const correlationId = replacements.get(template.id)!;
        batch.correlationIds.push(correlationId);
        const last = new Map<string, { revision: number; hash: string }>();
        for (const shape of shapes[index]) {
          const streamId = swap(shape.streamId);
          const hash = chainHash(last.get(streamId)?.hash ?? '', swap(shape.canonical));
          last.set(streamId, { revision: shape.revision, hash });
          const metadata = swap(shape.metadata);
          const e = batch.events;
          e[0].push(streamId); e[1].push(shape.revision); e[2].push(replacements.get(shape.id)!); e[3].push(shape.type);
          e[4].push(swap(shape.data)); e[5].push(`${metadata.slice(0, -1)},"hash":"${hash}"}`); e[6].push(correlationId); e[7].push(shape.occurredAt);
          batch.rows++;
          cloneEvents++;
        }
        for (const [streamId, head] of last) {
          batch.streams[0].push(streamId);
          batch.streams[1].push(head.revision);
          batch.streams[2].push(head.hash);
          if (k % 997 === 0 && sampleStreams.length < 30) sampleStreams.push(streamId);
        }
        for (const row of template.rows) {
          const list = batch.models.get(row.table) ?? [];
          list.push(swap(row.text));
          batch.models.set(row.table, list);
          readModelCount++;
        }
        if (batch.rows >= BATCH_ROWS) await flush();
        if (k > 0 && k % 20000 === 0) log(`  prefill: ${k.toLocaleString('en-US')} shipments, ${cloneEvents.toLocaleString('en-US')} events (${Math.round(cloneEvents / ((performance.now() - cloneStarted) / 1000)).toLocaleString('en-US')} events/s)`);
      }
      await flush();
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled(inFlight);
      await second.end().catch(() => undefined);
    }
    const cloneSeconds = (performance.now() - cloneStarted) / 1000;

    // 4. Checkpoints where caught-up subscriptions would have them.
    const modelsStarted = performance.now();
    const context = await openToolContext(databaseUrl, 2);
    try {
      for (const subscriber of context.subscribers()) {
        const { clause, value } = filterSql(subscriber.filter);
        const { rows } = await client.query<{ tx: string; global_position: string }>(
          `select transaction_id::text as tx, global_position from events where true ${clause} order by transaction_id desc, global_position desc limit 1`,
          value === undefined ? [] : [value]);
        const position = rows.length ? `${rows[0].tx}/${rows[0].global_position}` : null;
        await client.query(
          `insert into subscription_checkpoints (name, position) values ($1, $2) on conflict (name) do update set position = excluded.position, updated_at = now()`,
          [subscriber.name, position]);
      }
    } finally {
      await context.close();
    }
    const readModelsSeconds = (performance.now() - modelsStarted) / 1000;

    // 5. Verify some cloned chains with the store's own verifier; leave the database settled.
    for (const stream of sampleStreams) {
      const verdict = verifyChain(await store.readStream(stream));
      if (!verdict.valid) throw new Error(`prefill: the hash chain of cloned stream ${stream} does not verify`);
    }
    const vacuumStarted = performance.now();
    await client.query('vacuum (analyze)');
    await client.query('checkpoint');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    const events = Number((await client.query<{ n: string }>('select count(*) as n from events')).rows[0].n);
    const total = (performance.now() - started) / 1000;
    const report: PrefillReport = {
      targetEvents, events, shipments: templates.length + clones, templates: templates.length, eventsPerShipment: round(perShipment, 2), readModelRows: readModelCount,
      seconds: { templates: round(templatesSeconds, 1), clone: round(cloneSeconds, 1), readModels: round(readModelsSeconds, 1), vacuum: round(vacuumSeconds, 1), total: round(total, 1) },
      rowsPerSecond: Math.round(cloneEvents / Math.max(cloneSeconds, 1e-3)),
      verifiedStreams: sampleStreams.length,
      method: 'template shipments through the server, cloned with multi-row INSERTs (hash chain computed as sw_append does, verified with verifyChain); read-model rows cloned; checkpoints set as caught up',
    };
    log(`  prefill: ${events.toLocaleString('en-US')} events in the store (${report.shipments.toLocaleString('en-US')} shipments) in ${report.seconds.total} s ` +
      `(clone ${report.seconds.clone} s at ${report.rowsPerSecond.toLocaleString('en-US')} events/s, vacuum ${report.seconds.vacuum} s); ${report.verifiedStreams} cloned chains verified`);
    return report;
  } finally {
    await store.close().catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** The store's filter (libs/event-store/src/postgres/sql.ts filterClause) as SQL on `events`. */
function filterSql(filter: EventFilter | undefined): { clause: string; value?: string[] } {
  if (!filter) return { clause: '' };
  if ('streamPrefixes' in filter) return { clause: 'and stream_id like any($1::text[])', value: filter.streamPrefixes.map((p) => p.replace(/[\\%_]/g, (c) => '\\' + c) + '%') };
  return { clause: 'and type = any($1::text[])', value: filter.eventTypes };
}
