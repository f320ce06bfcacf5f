import { Client } from 'pg';
// The PostgreSQL adapter and the hash chain alone: the @sw/event-store index also loads the
// EventStoreDB client and Nest.
import type { RecordedEvent } from '@sw/event-store';
import { libraries } from '../lazy';
import { expectPositionals, flag, integerOption, stringOption, UsageError, type ParsedArgs } from '../args';
import { verifyAgainst } from './verify-against';
import { defaultThreads } from './against/hashing-pool';
import type { Command, CommandContext } from '../command';
import { connectionProblem, DATABASE_HELP, DATABASE_OPTIONS, redact, resolveDatabase } from '../database';
import { count, duration, rate } from '../output';

export type BreakReason = 'hash-mismatch' | 'missing-event' | 'missing-tail' | 'head-mismatch';

export interface BrokenStream {
  stream: string;
  /** The first revision at which the chain does not hold. */
  revision: number;
  reason: BreakReason;
  detail: string;
}

export interface VerifyReport {
  scope: 'all' | 'shipment';
  declarationId?: string;
  database: string;
  valid: boolean;
  streams: number;
  events: number;
  /** The first broken stream in stream order, or null. */
  brokenAt: { stream: string; revision: number } | null;
  brokenStreams: number;
  /** The broken streams in stream order (the first 100). */
  broken: BrokenStream[];
  elapsedMs: number;
}

interface StreamRecord {
  stream_id: string;
  revision: string;
  last_hash: string;
}

const MAX_LISTED = 100;

export const verifyCommand: Command = {
  name: 'verify',
  synopsis: '(<declarationId> | --all | --against <checkpoint.json> [--jwks FILE|URL]) [--database-url URL | --data-dir D]',
  summary: 'verify the hash chains of one shipment or of the whole event store',
  description: [
    'Each event stores SHA-256(previous hash + its canonical JSON): verify recomputes every',
    'chain from revision 0 and compares the last event with the stream record, so a changed,',
    'removed, inserted or reordered event is found.',
    '',
    '  <declarationId>  the streams of one shipment (declaration, customs, inspection, border…)',
    '  --all            every stream of the store, with a progress line on a terminal',
    '  --against <file> every event up to a signed checkpoint (GET /v1/audit/checkpoints/latest,',
    '                   saved): the signature, every hash chain, and the Merkle root, which no',
    '                   recomputed chain can give again; a progress bar on a terminal',
    '  --threads <n>    --against: threads that re-hash events beside the reading one (0: none;',
    '                   default: one per core but two)',
    '  --jwks <file|url> the public keys to check its signature with (default: those the',
    '                   database publishes; /.well-known/jwks.json of the server)',
    '',
    DATABASE_HELP,
    '',
    'Prints streams, events and "valid", or the first broken stream and revision.',
    'Exit code 1 when a chain is broken.',
  ].join('\n'),
  options: {
    all: { kind: 'boolean', description: 'every stream of the event store' },
    against: { kind: 'string', value: '<checkpoint.json>', description: 'every event up to a signed checkpoint, against its Merkle root' },
    jwks: { kind: 'string', value: '<file|url>', description: 'the public keys that check the checkpoint\'s signature' },
    ...DATABASE_OPTIONS,
    concurrency: { kind: 'string', value: '<n>', description: 'streams read at once (default 8)' },
    threads: { kind: 'string', value: '<n>', description: '--against: threads that re-hash the events, 0 for none (default: one per core but two)' },
  },
  examples: [
    'swctl verify --all',
    'swctl verify --against checkpoint.json --jwks https://sw.example.cn/.well-known/jwks.json',
    'swctl verify 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60 --json',
    'swctl verify --all --database-url postgres://postgres:postgres@127.0.0.1:5432/postgres',
  ],
  run,
};

async function run(args: ParsedArgs, context: CommandContext): Promise<number> {
  const { out, env, cwd } = context;
  const command = 'verify';
  expectPositionals(args, 1, command);
  const all = flag(args, 'all');
  const declarationId = args.positionals[0];
  const against = stringOption(args, 'against');
  if (against !== undefined) {
    if (all || declarationId) throw new UsageError('--against checks the whole log up to the checkpoint: give no declaration id or --all with it', command);
    const threads = integerOption(args, 'threads', { min: 0, max: 64, fallback: defaultThreads(), command });
    return verifyAgainst(against, stringOption(args, 'jwks'), resolveDatabase(args, env, cwd, command), context, threads);
  }
  if (all && declarationId) throw new UsageError('give a declaration id or --all, not both', command);
  if (!all && !declarationId) throw new UsageError('what to verify? a declaration id, or --all for every stream', command);
  const concurrency = integerOption(args, 'concurrency', { min: 1, max: 64, fallback: 8, command });
  const target = resolveDatabase(args, env, cwd, command);

  const started = Date.now();
  const client = new Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw connectionProblem(error, target);
  }
  const store = new (libraries().PostgresEventStore)({ connectionString: target.url, poolSize: concurrency });
  const progress = out.progress();
  try {
    // Which streams, with their stream records (revision and hash of the last event).
    let streamIds: string[];
    let records: Map<string, StreamRecord>;
    try {
      if (all) {
        const { rows } = await client.query<StreamRecord>('select stream_id, revision::text, last_hash from streams order by stream_id');
        streamIds = rows.map((row) => row.stream_id);
        records = new Map(rows.map((row) => [row.stream_id, row]));
      } else {
        // The shipment's streams, in the order of their first event (the declaration first).
        streamIds = [...new Set((await store.readByCorrelation(declarationId)).map((event) => event.streamId))];
        const { rows } = await client.query<StreamRecord>('select stream_id, revision::text, last_hash from streams where stream_id = any($1)', [streamIds]);
        records = new Map(rows.map((row) => [row.stream_id, row]));
      }
    } catch (error) {
      throw connectionProblem(error, target);
    }
    if (!all && streamIds.length === 0) {
      const report = { scope: 'shipment', declarationId, database: redact(target.url), found: false, valid: false, streams: 0, events: 0 };
      if (out.json) out.printJson(report);
      out.error(`no events of shipment ${declarationId} in ${redact(target.url)} (${target.source})`);
      return 1;
    }

    // Read and check the streams, `concurrency` at a time.
    const broken: (BrokenStream & { index: number })[] = [];
    let done = 0;
    let events = 0;
    let next = 0;
    const verifyStarted = Date.now();
    const show = (force = false) => {
      const elapsed = Date.now() - verifyStarted;
      const percent = streamIds.length ? Math.floor((done * 100) / streamIds.length) : 100;
      progress.update(
        `verifying ${count(done)}/${count(streamIds.length)} streams (${percent}%)${done ? `  ${rate(done, elapsed).replace('/s', ' streams/s')}` : ''}  ${count(events)} events${broken.length ? `  ${count(broken.length)} broken` : ''}`,
        force,
      );
    };
    const worker = async () => {
      while (next < streamIds.length) {
        const index = next++;
        const stream = streamIds[index];
        const streamEvents = await store.readStream(stream);
        events += streamEvents.length;
        const problem = checkStream(stream, streamEvents, records.get(stream));
        if (problem) broken.push({ ...problem, index });
        done++;
        show();
      }
    };
    show(true);
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, streamIds.length) }, worker));
    } catch (error) {
      throw connectionProblem(error, target);
    } finally {
      progress.done();
    }

    broken.sort((a, b) => a.index - b.index);
    const first = broken[0];
    const report: VerifyReport = {
      scope: all ? 'all' : 'shipment',
      ...(all ? {} : { declarationId }),
      database: redact(target.url),
      valid: broken.length === 0,
      streams: streamIds.length,
      events,
      brokenAt: first ? { stream: first.stream, revision: first.revision } : null,
      brokenStreams: broken.length,
      broken: broken.slice(0, MAX_LISTED).map(({ index: _index, ...rest }) => rest),
      elapsedMs: Date.now() - started,
    };
    print(report, out);
    return report.valid ? 0 : 1;
  } finally {
    progress.done();
    await store.close().catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * The chain of one stream (verifyChain), then its tail against the stream record: the record
 * keeps the revision and hash of the last event, so a removed last event shows too. Events
 * appended while we read lie beyond the record's revision and are checked by the chain alone.
 */
export function checkStream(stream: string, events: RecordedEvent[], record: StreamRecord | undefined): BrokenStream | null {
  const verdict = libraries().verifyChain(events);
  if (!verdict.valid) {
    const { revision } = verdict.brokenAt;
    const index = events.findIndex((event) => event.revision === revision);
    const gap = index !== revision;
    return {
      stream,
      revision,
      reason: gap ? 'missing-event' : 'hash-mismatch',
      detail: gap
        ? `an event is missing or out of order before revision ${revision}`
        : `the stored event does not match its hash: it, or its place in the chain, was changed after it was written`,
    };
  }
  if (!record) return null;
  const last = Number(record.revision);
  if (last < 0) return null;
  if (events.length <= last) {
    return {
      stream,
      revision: events.length,
      reason: 'missing-tail',
      detail: `the stream record says the last revision is ${last}, but the events end at ${events.length - 1}: events were removed`,
    };
  }
  if (events[last].metadata.hash !== record.last_hash) {
    return {
      stream,
      revision: last,
      reason: 'head-mismatch',
      detail: `the hash of revision ${last} differs from the one its stream record kept`,
    };
  }
  return null;
}

function print(report: VerifyReport, out: CommandContext['out']): void {
  if (out.json) {
    out.printJson(report);
    return;
  }
  const what = report.scope === 'all' ? 'the event store' : `shipment ${report.declarationId}`;
  out.line(`Verified ${count(report.streams)} stream${report.streams === 1 ? '' : 's'}, ${count(report.events)} event${report.events === 1 ? '' : 's'} of ${what} in ${duration(report.elapsedMs)} (${rate(report.streams, report.elapsedMs).replace('/s', ' streams/s')})`);
  out.line(`  database  ${report.database}`);
  if (report.valid) {
    out.line(out.green('✔ valid: every hash chain is intact'));
    return;
  }
  const [first] = report.broken;
  out.line(out.red(`✘ broken: stream ${first.stream} at revision ${first.revision}`) + ` — ${first.detail}`);
  if (report.brokenStreams > 1) {
    out.line(`  ${count(report.brokenStreams)} of ${count(report.streams)} streams are broken:`);
    for (const item of report.broken.slice(1, 20)) out.line(`  ${item.stream} at revision ${item.revision} (${item.reason})`);
    if (report.brokenStreams > 20) out.line(`  … and ${count(report.brokenStreams - 20)} more (--json lists ${MAX_LISTED})`);
  }
}
