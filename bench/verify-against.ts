import { execFile } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { canonicalEventText, chainHash, MerkleFrontier, PostgresEventStore } from '@sw/event-store';
import { declarationData } from './lib/declaration-events';
import { createBenchDatabase, startServer, withClient } from './lib/postgres-server';

/*
 * How long `swctl audit verify --against` takes over a large log (issue 23: "a million events in
 * seconds"). Fills a fresh embedded PostgreSQL with --events events (streams of 10: a declaration
 * of about 1 KB, then nine smaller status events, as the engine writes them) by writing a CSV file
 * and one server-side COPY, each event hashed as sw_append hashes it; signs a checkpoint over all of
 * them (Ed25519, the server's format) and runs the built swctl against it, --runs times, reporting
 * the wall time, the rate and the load average before each run.
 *
 *   node scripts/build.mjs && node dist/bench/verify-against.js --events=1000000 --runs=2
 */

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const EVENTS = arg('events', 100_000);
const RUNS = arg('runs', 1);
const STATUS_TYPES = ['DeclarationSubmitted', 'RiskAssessed', 'DutiesAssessed', 'PaymentConfirmed', 'ExaminationOrdered', 'ExaminationCompleted', 'ReleaseGranted', 'GoodsExited', 'CaseClosed'];
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** --cli=<main.js>[,<main.js>…]: other builds of swctl (e.g. an older one, to compare), taken in turn. */
const CLIS = (option('cli') ?? path.resolve(__dirname, '../apps/swctl/src/main.js')).split(',');
/** --threads=<n>[,<n>…]: passed on as swctl's --threads, each in turn (to the first --cli only: older builds have no --threads). */
const THREADS = option('threads')?.split(',') ?? [undefined];
/** --profile=<dir>: a CPU profile of each swctl run (node --cpu-prof) written there. */
const PROFILE = option('profile');
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
/** CPU seconds (user + system) of the children this process waited for: /proc/self/stat cutime + cstime. */
const childCpu = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // fields 16 and 17 of proc(5), in clock ticks (100 a second)
};
const csv = (value: string) => `"${value.replace(/"/g, '""')}"`;

async function fill(file: string, frontier: MerkleFrontier): Promise<void> {
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  let n = 0;
  for (let s = 0; n < EVENTS; s++) {
    const declarationId = randomUUID();
    const stream = `declaration-${declarationId}`;
    let previous = '';
    for (let revision = 0; revision < 10 && n < EVENTS; revision++, n++) {
      const data = revision === 0
        ? declarationData(n, declarationId)
        : { declarationId, step: revision, officer: `officer-${n % 50}`, note: `step ${revision} of shipment ${s}`, amounts: { duty: (n % 977) * 1.5, vat: (n % 431) * 13 }, at: new Date(1_765_000_000_000 + n * 1000).toISOString() };
      const metadata = { correlationId: declarationId, causationId: randomUUID(), actor: { kind: 'officer' as const, id: `officer-${n % 50}` }, occurredAt: new Date(1_765_000_000_000 + n * 1000).toISOString(), schemaVersion: 1 };
      const event = { streamId: stream, id: randomUUID(), type: revision === 0 ? 'DeclarationDrafted' : STATUS_TYPES[revision - 1], data, metadata };
      const hash = chainHash(previous, canonicalEventText(event));
      previous = hash;
      frontier.add(hash);
      await write([stream, revision, event.id, event.type, csv(JSON.stringify(data)), csv(JSON.stringify({ ...metadata, hash })), declarationId, metadata.occurredAt].join(',') + '\n');
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function swctl(cli: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []), cli, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function main(): Promise<void> {
  const server = await startServer({ log });
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-verify-bench-'));
  chmodSync(dir, 0o755); // the server's own COPY reads the file as the postgres user
  try {
    const database = await createBenchDatabase(server.url);
    await PostgresEventStore.createSchema(database.url);
    const frontier = new MerkleFrontier();
    let started = Date.now();
    await fill(path.join(dir, 'events.csv'), frontier);
    chmodSync(path.join(dir, 'events.csv'), 0o644);
    log(`${EVENTS} events written and hashed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const position = await withClient(database.url, async (client) => {
      await client.query(`copy events (stream_id, revision, event_id, type, data, metadata, correlation_id, occurred_at) from '${path.join(dir, 'events.csv')}' with (format csv)`);
      await client.query('vacuum analyze events');
      const { rows: [row] } = await client.query<{ p: string }>('select transaction_id::text || \'/\' || global_position::text as p from events order by transaction_id desc, global_position desc limit 1');
      return row.p;
    });
    log(`copied in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { CompactSign, exportJWK, generateKeyPair } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = 'bench-key';
    const signed = { position, events: frontier.count, root: frontier.root(), at: new Date().toISOString() };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(signed))).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'sw-checkpoint' }).sign(privateKey);
    writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify({ ...signed, kid, jws }));
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] }));

    for (let run = 1; run <= RUNS; run++) {
      for (const cli of CLIS) {
        for (const threads of cli === CLIS[0] ? THREADS : [undefined]) {
          const before = load();
          const cpuBefore = childCpu();
          started = Date.now();
          const result = await swctl(cli, ['audit', 'verify', '--against', path.join(dir, 'checkpoint.json'), '--jwks', path.join(dir, 'jwks.json'), '--json',
            '--database-url', database.url, ...(threads ? ['--threads', threads] : [])]);
          const seconds = (Date.now() - started) / 1000;
          const report = JSON.parse(result.stdout || '{}');
          if (result.code !== 0 || report.valid !== true) throw new Error(`verify --against failed (${result.code}): ${result.stdout.slice(0, 2000)}${result.stderr.slice(0, 2000)}`);
          log(`run ${run} ${CLIS.length > 1 ? `${cli} ` : ''}${threads ? `threads ${threads}: ` : ''}${report.events} events verified in ${seconds.toFixed(1)} s ` +
            `(${Math.round(report.events / seconds)} events/s; the tool's own ${report.elapsedMs} ms; swctl's CPU ${(childCpu() - cpuBefore).toFixed(1)} s); load average before ${before}, after ${load()}`);
        }
      }
    }
    await database.drop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
