import { Client } from 'pg';
import type { EventStore, Position, RebuildProgress, RebuildResult, Subscriber } from '@sw/event-store';
import { expectPositionals, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';
import { DATABASE_HELP, DATABASE_OPTIONS } from '../database';
import { count, duration, type Output, type Progress } from '../output';
import { EVENT_STORE_HELP, withTool, type OpenedTool } from './tool-context';
import { libraries } from '../lazy';

/** Lag is counted up to this many events (the count reads them through the subscription's filter). */
export const LAG_LIMIT = 10_000;

const isProjection = (subscriber: Subscriber) => (subscriber.tables?.length ?? 0) > 0;

// ---------------------------------------------------------------------------------------------
// swctl projections list
// ---------------------------------------------------------------------------------------------

export interface SubscriptionRow {
  name: string;
  /** A projection owns read-model tables and can be rebuilt; a process manager issues commands. */
  kind: 'projection' | 'process-manager';
  tables: string[];
  /** The position of the last event handled (null: nothing yet). */
  checkpoint: string | null;
  /** When the checkpoint last moved. */
  updatedAt: string | null;
  /** Events after the checkpoint that the subscription takes (its filter applied), counted up to LAG_LIMIT. */
  lag: number;
  /** True when there are more than `lag` such events. */
  lagAtLeast: boolean;
}

export const projectionsListCommand: Command = {
  name: 'projections list',
  synopsis: '[--database-url URL | --data-dir D]',
  summary: 'the projections and process managers, with their checkpoints and lag',
  description: [
    'Every subscription the server runs: projections (read models: their tables, rebuildable',
    'with `swctl projections rebuild`) and process managers (they issue commands: not',
    'rebuildable). For each, its checkpoint (the position of the last event it handled, kept in',
    'subscription_checkpoints next to the read models), when it last moved, and its lag: the',
    `events after the checkpoint that it takes (its filter applied), counted up to ${count(LAG_LIMIT)}.`,
    '(The sw_subscription_lag_events metric counts every event after the checkpoint.)',
    '',
    DATABASE_HELP,
    EVENT_STORE_HELP,
  ].join('\n'),
  options: { ...DATABASE_OPTIONS },
  examples: ['swctl projections list', 'swctl projections list --json --database-url postgres://single_window:…@db:5432/single_window'],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'projections list';
    expectPositionals(args, 0, command);
    return withTool(args, context, command, async (opened) => {
      const { tool } = opened;
      const checkpoints = new Map<string, { position: string | null; updated_at: Date }>(
        (await tool.dataSource.query('select name, position, updated_at from subscription_checkpoints') as { name: string; position: string | null; updated_at: Date }[])
          .map((row) => [row.name, row]),
      );
      const head = await tool.store.headPosition();
      const subscriptions: SubscriptionRow[] = [];
      for (const subscriber of sortSubscribers(tool.subscribers())) {
        const stored = checkpoints.get(subscriber.name);
        const checkpoint = stored?.position ?? null;
        const pending = await countPending(tool.store, subscriber, checkpoint);
        subscriptions.push({
          name: subscriber.name,
          kind: isProjection(subscriber) ? 'projection' : 'process-manager',
          tables: subscriber.tables ?? [],
          checkpoint,
          updatedAt: stored ? new Date(stored.updated_at).toISOString() : null,
          lag: pending.count,
          lagAtLeast: pending.more,
        });
      }
      const report = { database: opened.database, eventStore: opened.eventStore, head, subscriptions };
      if (context.out.json) context.out.printJson(report);
      else printList(context.out, report);
      return 0;
    });
  },
};

/** Projections first, then process managers, each by name. */
function sortSubscribers(subscribers: Subscriber[]): Subscriber[] {
  return [...subscribers].sort((a, b) => Number(isProjection(b)) - Number(isProjection(a)) || a.name.localeCompare(b.name));
}

/** The events after `checkpoint` that the subscriber takes, read through its filter, up to LAG_LIMIT. */
async function countPending(store: EventStore, subscriber: Subscriber, checkpoint: Position | null): Promise<{ count: number; more: boolean }> {
  let after = checkpoint;
  let total = 0;
  while (total < LAG_LIMIT) {
    const maxCount = Math.min(1000, LAG_LIMIT - total);
    const page = await store.readAll({ after, filter: subscriber.filter, maxCount });
    total += page.length;
    if (page.length < maxCount) return { count: total, more: false };
    after = page[page.length - 1].position;
  }
  const next = await store.readAll({ after, filter: subscriber.filter, maxCount: 1 });
  return { count: total, more: next.length > 0 };
}

function ago(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.now() - Date.parse(iso);
  return ms < 0 ? iso : `${duration(ms)} ago`;
}

function printList(out: Output, report: { database: string; eventStore: string; head: string | null; subscriptions: SubscriptionRow[] }): void {
  out.line(`Subscriptions of ${report.database} (events in ${report.eventStore}, head ${report.head ?? 'none: the store is empty'})`);
  out.line();
  out.line(out.table(
    ['NAME', 'KIND', 'TABLES', 'CHECKPOINT', 'LAG', 'MOVED'],
    report.subscriptions.map((s) => [
      s.name,
      s.kind === 'projection' ? 'projection' : 'process manager',
      s.tables.length ? s.tables.join(', ') : '—',
      s.checkpoint ?? '— (none yet)',
      s.lag === 0 ? out.green('0') : (s.lagAtLeast ? out.yellow(`>${count(s.lag)}`) : out.yellow(count(s.lag))),
      s.checkpoint ? ago(s.updatedAt) : '—',
    ]),
    ['left', 'left', 'left', 'left', 'right', 'left'],
  ));
  out.line();
  out.line(out.dim('LAG: events after the checkpoint that the subscription takes (its filter applied).'));
}

// ---------------------------------------------------------------------------------------------
// swctl projections rebuild [name]
// ---------------------------------------------------------------------------------------------

export interface RebuildRow {
  projection: string;
  tables: string[];
  events: number;
  seconds: number;
  eventsPerSecond: number;
  checkpoint: string | null;
}

export const projectionsRebuildCommand: Command = {
  name: 'projections rebuild',
  synopsis: '[projection] [--database-url URL | --data-dir D]',
  summary: 'rebuild one projection, or all, from the event store (online)',
  description: [
    'Replays the event store into fresh copies of the projection\'s tables (a schema of its',
    'own), then, in one transaction, applies what arrived meanwhile, swaps the copies in and sets',
    'the projection\'s checkpoint to where the rebuild stopped. Readers never see a half-built',
    'read model, and the server may keep running: its live subscription waits for the swap,',
    'then carries on from the new checkpoint. Without a name, every projection, one after the',
    'other. Process managers (subscriptions that issue commands) are never replayed.',
    '',
    'On a terminal, a progress line shows events done / events in the store, events/s and the',
    'time left; then a table of projection, tables, events, seconds and events/s. Ctrl-C stops',
    'the rebuild: the live tables are untouched and the copies are dropped.',
    '',
    DATABASE_HELP,
    EVENT_STORE_HELP,
    '',
    'Exit code 1 when a rebuild fails (the others still run), 2 for an unknown projection.',
  ].join('\n'),
  options: { ...DATABASE_OPTIONS },
  examples: ['swctl projections rebuild', 'swctl projections rebuild declaration-status --json'],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'projections rebuild';
    expectPositionals(args, 1, command);
    const name = args.positionals[0];
    const { out } = context;
    return withTool(args, context, command, async (opened) => {
      const { tool } = opened;
      const subscribers = tool.subscribers();
      const projections = sortSubscribers(subscribers).filter(isProjection);
      const names = projections.map((p) => p.name).join(', ');
      let chosen = projections;
      if (name !== undefined) {
        const found = subscribers.find((s) => s.name === name);
        if (!found) throw new UsageError(`no projection "${name}": the projections are ${names}`, command);
        if (!isProjection(found)) throw new UsageError(`${name} is a process manager (it issues commands), not a projection: only projections can be rebuilt (${names})`, command);
        chosen = [found];
      }

      const { rebuildProjection } = libraries();
      const started = Date.now();
      const rebuilt: RebuildRow[] = [];
      const failed: { projection: string; error: string }[] = [];
      const progress = out.progress();
      const interruption = onInterrupt(opened, out, progress);
      // Once interrupted, the rebuild's next read of the store fails, wherever it stands.
      const store = new Proxy(tool.store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'readAll' || typeof value !== 'function') return value;
          return (...readArgs: Parameters<EventStore['readAll']>) => {
            if (interruption.interrupted) return Promise.reject(new Error('interrupted'));
            return value.apply(target, readArgs);
          };
        },
      });
      try {
        for (const [i, projection] of chosen.entries()) {
          if (interruption.interrupted) break;
          const prefix = chosen.length > 1 ? `[${i + 1}/${chosen.length}] ` : '';
          if (!out.interactive && !out.json) out.note(`${prefix}rebuilding ${projection.name} (${projection.tables!.join(', ')})…`);
          let lastNote = Date.now();
          try {
            const result: RebuildResult = await rebuildProjection(store, tool.dataSource, projection, {
              onProgress: (p) => {
                progress.update(prefix + progressLine(p), p.phase !== 'replaying');
                if (!out.interactive && !out.json && p.phase === 'replaying' && Date.now() - lastNote >= 10_000) {
                  lastNote = Date.now();
                  out.note(`  ${progressText(p)}`);
                }
              },
            });
            rebuilt.push({
              projection: result.projection,
              tables: result.tables,
              events: result.events,
              seconds: Math.round(result.seconds * 1000) / 1000,
              eventsPerSecond: result.seconds > 0 ? Math.round(result.events / result.seconds) : result.events,
              checkpoint: result.checkpoint,
            });
          } catch (error) {
            if (interruption.interrupted) break;
            failed.push({ projection: projection.name, error: (error as Error)?.message ?? String(error) });
            progress.done();
            out.error(`rebuilding ${projection.name} failed: ${(error as Error)?.message ?? String(error)}`);
          }
        }
      } finally {
        progress.done();
        interruption.dispose();
      }

      const report = {
        database: opened.database,
        eventStore: opened.eventStore,
        projections: rebuilt,
        failed,
        ...(interruption.interrupted ? { interrupted: true } : {}),
        elapsedMs: Date.now() - started,
      };
      if (out.json) out.printJson(report);
      else printRebuild(out, report);
      if (interruption.interrupted) return 130;
      return failed.length ? 1 : 0;
    });
  },
};

const BAR = 24;

/** `declaration-status  [██████░░░░]  52%  1,234/2,345 events  3,456 events/s  ETA 1.2 s` */
export function progressLine(p: RebuildProgress): string {
  if (p.phase === 'copying') return `${p.projection}: creating the copies of its tables…`;
  if (p.phase === 'swapping') return `${p.projection}: ${count(p.events)} events replayed; applying the newest and swapping the tables in…`;
  if (p.phase === 'done') return `${p.projection}: done, ${count(p.events)} events`;
  const fraction = p.total ? Math.min(1, p.events / p.total) : null;
  const bar = fraction === null ? '' : `[${'█'.repeat(Math.round(fraction * BAR))}${'░'.repeat(BAR - Math.round(fraction * BAR))}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `;
  return `${p.projection}  ${bar}${progressText(p)}`;
}

function progressText(p: RebuildProgress): string {
  const eta = p.etaSeconds === null ? '' : `  ETA ${duration(p.etaSeconds * 1000)}`;
  return `${count(p.events)}${p.total === null ? '' : `/${count(p.total)}`} events  ${count(p.eventsPerSecond)} events/s${eta}`;
}

/**
 * Ctrl-C during a rebuild: ends the tool's own PostgreSQL sessions (found by their
 * application_name), which rolls back the batch or swap in flight; rebuildProjection then drops
 * its copies on a fresh connection. A second Ctrl-C exits at once.
 */
function onInterrupt(opened: OpenedTool, out: Output, progress: Progress): { readonly interrupted: boolean; dispose(): void } {
  let interrupted = false;
  const handler = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress.done();
    out.warn('interrupted: stopping the rebuild (the live read models are untouched; the copies are dropped). Ctrl-C again to quit at once.');
    const client = new Client({ connectionString: opened.target.url, connectionTimeoutMillis: 5000 });
    void client.connect()
      .then(() => client.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid() and state <> \'idle\'', [opened.applicationName]))
      .catch((error) => out.warn(`could not stop the rebuild's sessions: ${(error as Error).message}`))
      .finally(() => void client.end().catch(() => undefined));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

function printRebuild(out: Output, report: { database: string; eventStore: string; projections: RebuildRow[]; failed: { projection: string; error: string }[]; interrupted?: boolean; elapsedMs: number }): void {
  const total = report.projections.reduce((sum, p) => sum + p.events, 0);
  if (report.projections.length) {
    out.line(out.table(
      ['PROJECTION', 'TABLES', 'EVENTS', 'SECONDS', 'EVENTS/S'],
      report.projections.map((p) => [p.projection, p.tables.join(', '), count(p.events), p.seconds.toFixed(2), count(p.eventsPerSecond)]),
      ['left', 'left', 'right', 'right', 'right'],
    ));
    out.line();
  }
  const summary = `Rebuilt ${report.projections.length} projection${report.projections.length === 1 ? '' : 's'} (${count(total)} events replayed) in ${duration(report.elapsedMs)} from ${report.eventStore} into ${report.database}`;
  if (report.failed.length === 0 && !report.interrupted) {
    out.line(out.green('✔ ') + summary);
    return;
  }
  out.line(summary);
  for (const failure of report.failed) out.line(out.red(`✘ ${failure.projection} failed: ${failure.error}`) + ' (its live tables are unchanged)');
  if (report.interrupted) out.line(out.yellow('interrupted: the projections not listed above keep their live tables'));
}
