import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { LoggedEvent } from '@sw/event-store';
import { eventLog } from '../lazy';
import { CliError, UsageError } from '../args';
import type { CommandContext } from '../command';
import { connectionProblem, redact, type DatabaseTarget } from '../database';
import { count, duration, rate } from '../output';
import { HashingPool } from './against/hashing-pool';

/*
 * swctl audit verify --against <checkpoint.json>: the event log up to a signed checkpoint,
 * re-hashed. The owner of the tables can recompute every hash chain so that the plain check
 * passes; he cannot make the events give the Merkle root the server signed before. One pass in
 * commit order: each event's chain hash recomputed from its content (a change without
 * recomputing), and the stored hashes folded into the Merkle tree (a change with recomputing, a
 * removed, inserted or moved event).
 */

export interface SignedCheckpoint {
  position: string;
  events: number;
  root: string;
  at: string;
}

export type AgainstProblem =
  | { reason: 'signature'; detail: string }
  | { reason: 'count' | 'root'; detail: string }
  | { reason: 'hash-mismatch' | 'missing-event' | 'duplicate-revision'; stream: string; revision: number; detail: string };

export interface AgainstReport {
  scope: 'checkpoint';
  database: string;
  checkpoint: SignedCheckpoint & { kid: string; keys: string };
  valid: boolean;
  /** Events found up to the checkpoint's position, and the root they give. */
  events: number;
  root: string;
  problems: AgainstProblem[];
  elapsedMs: number;
}

/** Rows fetched from the cursor at a time, and events handed to a hashing thread at a time. */
const BATCH = 10_000;
const HASH_BATCH = 2_000;

/** The compact JWS of a checkpoint file: the API's checkpoint object, a list page of them, or the JWS itself. */
export function checkpointJws(text: string, file: string): string {
  const trimmed = text.trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) return trimmed;
  let parsed: { jws?: unknown; items?: { jws?: unknown }[] };
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new UsageError(`${file} is neither JSON nor a compact JWS: save the answer of GET /v1/audit/checkpoints/latest`, 'audit verify');
  }
  const jws = parsed.jws ?? parsed.items?.[0]?.jws;
  if (typeof jws !== 'string') throw new UsageError(`${file} holds no "jws": save the answer of GET /v1/audit/checkpoints/latest`, 'audit verify');
  return jws;
}

/** A progress bar: `[██████░░░░]  60%`. */
export function bar(done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(fraction * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/** The public keys to check the signature with: --jwks (a file or an http(s) URL), else those the database publishes. */
async function loadKeys(jwksOption: string | undefined, client: Client): Promise<{ keys: { keys: object[] }; source: string }> {
  if (jwksOption && /^https?:\/\//.test(jwksOption)) {
    const response = await fetch(jwksOption).catch((error) => { throw new CliError(`cannot fetch ${jwksOption}: ${(error as Error).message}`); });
    if (!response.ok) throw new CliError(`${jwksOption} answered ${response.status}`);
    return { keys: (await response.json()) as { keys: object[] }, source: jwksOption };
  }
  if (jwksOption) {
    try {
      return { keys: JSON.parse(readFileSync(jwksOption, 'utf8')), source: jwksOption };
    } catch (error) {
      throw new CliError(`cannot read the key set ${jwksOption}: ${(error as Error).message}`);
    }
  }
  const { rows } = await client.query<{ jwk: object }>('select jwk from audit_signing_keys');
  return { keys: { keys: rows.map((r) => r.jwk) }, source: 'the keys the database publishes (pass --jwks for keys you hold yourself)' };
}

export async function verifyAgainst(file: string, jwksOption: string | undefined, target: DatabaseTarget, { out }: CommandContext, threads?: number): Promise<number> {
  const started = Date.now();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the checkpoint ${file}: ${(error as Error).message}`);
  }
  const jws = checkpointJws(text, file);
  const client = new Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw connectionProblem(error, target);
  }
  const progress = out.progress();
  const pool = new HashingPool(threads);
  try {
    const { compactVerify, createLocalJWKSet, decodeProtectedHeader } = await import('jose');
    const problems: AgainstProblem[] = [];
    const kid = String(decodeProtectedHeader(jws).kid ?? '');
    const { keys, source } = await loadKeys(jwksOption, client).catch((error) => {
      if (error instanceof CliError) throw error;
      throw connectionProblem(error, target);
    });
    let signed: SignedCheckpoint;
    try {
      const { payload } = await compactVerify(jws, createLocalJWKSet(keys as never));
      signed = JSON.parse(new TextDecoder().decode(payload));
    } catch (error) {
      problems.push({ reason: 'signature', detail: `the checkpoint's signature does not verify with ${source}: ${(error as Error).message}` });
      signed = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
    }
    if (!/^\d+\/\d+$/.test(String(signed.position))) throw new CliError(`the checkpoint names no event store position (${JSON.stringify(signed.position)})`);

    const { MerkleFrontier, eventsUpTo } = eventLog();
    const frontier = new MerkleFrontier();
    const streams = new Map<string, { next: number; hash: string; pending: Map<number, [LoggedEvent, number]> | null }>();
    const db = { query: <Row extends object>(sql: string, values?: unknown[]) => client.query(sql, values) as unknown as Promise<{ rows: Row[] }> };
    // Events in revision order with the previous stored hash of their stream, for the hashing threads.
    let texts: string[] = [];
    let sent: { stream: string; revision: number; seq: number }[] = [];
    const checked: Promise<void>[] = [];
    const unchained: { stream: string; revision: number; seq: number }[] = [];
    const sequenced: { seq: number; problem: AgainstProblem }[] = [];
    const send = async () => {
      if (sent.length === 0) return;
      const events = sent;
      const { broken } = await pool.check(texts);
      const done = broken.then((indexes) => { for (const i of indexes) unchained.push(events[i]); });
      done.catch(() => undefined); // awaited below, with the others
      checked.push(done);
      texts = [];
      sent = [];
    };
    const queue = (event: LoggedEvent, seq: number, stream: { next: number; hash: string }) => {
      texts.push(stream.hash, event.streamId, event.id, event.type, event.data, event.metadata, event.hash);
      sent.push({ stream: event.streamId, revision: event.revision, seq });
      stream.next = event.revision + 1;
      stream.hash = event.hash;
    };
    const show = (force = false) => {
      const elapsed = Date.now() - started;
      progress.update(`verifying ${bar(frontier.count, signed.events)}  ${count(frontier.count)}/${count(signed.events)} events  ${rate(frontier.count, elapsed).replace('/s', ' events/s')}`, force);
    };
    show(true);
    try {
      for await (const batch of eventsUpTo(db, signed.position, BATCH)) {
        for (const event of batch) {
          const seq = frontier.count;
          frontier.add(event.hash);
          let stream = streams.get(event.streamId);
          if (!stream) streams.set(event.streamId, (stream = { next: 0, hash: '', pending: null }));
          // Commit order may put a stream's revision after a later one (two appends in one transaction): wait for it.
          if (event.revision > stream.next) (stream.pending ??= new Map()).set(event.revision, [event, seq]);
          else if (event.revision < stream.next) {
            sequenced.push({ seq, problem: { reason: 'duplicate-revision', stream: event.streamId, revision: event.revision, detail: 'the revision appears twice' } });
          } else {
            queue(event, seq, stream);
            for (let next = stream.pending?.get(stream.next); next; next = stream.pending?.get(stream.next)) {
              stream.pending!.delete(next[0].revision);
              queue(next[0], next[1], stream);
            }
          }
          if (sent.length >= HASH_BATCH) await send();
        }
        show();
      }
      await send();
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw connectionProblem(error, target);
    }
    // The first event of each stream whose content no longer gives its hash (later ones follow from it).
    await Promise.all(checked);
    const broken = new Set<string>();
    for (const event of unchained.sort((a, b) => a.stream.localeCompare(b.stream) || a.revision - b.revision)) {
      if (broken.has(event.stream)) continue;
      broken.add(event.stream);
      sequenced.push({ seq: event.seq, problem: { reason: 'hash-mismatch', stream: event.stream, revision: event.revision, detail: 'its content no longer gives its stored hash' } });
    }
    problems.push(...sequenced.sort((a, b) => a.seq - b.seq).map((p) => p.problem));
    progress.done();
    for (const [name, stream] of streams) {
      if (stream.pending?.size) problems.push({ reason: 'missing-event', stream: name, revision: stream.next, detail: `revision ${stream.next} is missing (later ones are there)` });
    }
    const root = frontier.root();
    if (frontier.count !== signed.events) {
      problems.push({ reason: 'count', detail: `the checkpoint covers ${count(signed.events)} events up to ${signed.position}; the database holds ${count(frontier.count)} there: events were ${frontier.count < signed.events ? 'removed' : 'inserted'}` });
    }
    if (root !== signed.root) problems.push({ reason: 'root', detail: 'the events up to the checkpoint no longer give its Merkle root: an event was changed, removed, inserted or moved' });
    const report: AgainstReport = {
      scope: 'checkpoint', database: redact(target.url), checkpoint: { ...signed, kid, keys: source },
      valid: problems.length === 0, events: frontier.count, root, problems, elapsedMs: Date.now() - started,
    };
    print(report, out);
    return report.valid ? 0 : 1;
  } finally {
    progress.done();
    await pool.close();
    await client.end().catch(() => undefined);
  }
}

function print(report: AgainstReport, out: CommandContext['out']): void {
  if (out.json) {
    out.printJson(report);
    return;
  }
  const c = report.checkpoint;
  out.line(`Verified ${count(report.events)} events against the checkpoint of ${c.at} (${count(c.events)} events up to ${c.position}) in ${duration(report.elapsedMs)} (${rate(report.events, report.elapsedMs).replace('/s', ' events/s')})`);
  out.line(`  database  ${report.database}`);
  out.line(`  key       ${c.kid} from ${c.keys}`);
  if (report.valid) {
    out.line(out.green('✔ valid: the signature holds, every hash chain is intact and the events give the signed Merkle root'));
    return;
  }
  out.line(out.red(`✘ broken: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`));
  for (const problem of report.problems.slice(0, 20)) {
    out.line(`  ${problem.reason.padEnd(18)} ${'stream' in problem ? `${problem.stream} at revision ${problem.revision}: ` : ''}${problem.detail}`);
  }
}
