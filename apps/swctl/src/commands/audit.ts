import type { HistoryEntry, ShipmentAudit } from '@sw/audit';
import type { Clock } from '@sw/platform';
import type { AgencyView, StatusView } from '@sw/read-models';
import { CliError, expectPositionals, stringOption, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';
import { DATABASE_HELP, DATABASE_OPTIONS } from '../database';
import { count, type Output } from '../output';
import { EVENT_STORE_HELP, isNotFound, UUID, withTool, type OpenedTool } from './tool-context';
import { verifyCommand } from './verify';
import { libraries } from '../lazy';

/** The same instant syntax as the API's `?asOf=` (an offset is required), or `now`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The audit service of the opened server modules (loaded with them, so the class is the app's own). */
function shipmentAudit({ tool }: OpenedTool): ShipmentAudit {
  return tool.app.get(libraries().ShipmentAudit);
}

function shipmentId(args: ParsedArgs, command: string): string {
  expectPositionals(args, 1, command);
  const id = args.positionals[0];
  if (!id) throw new UsageError('which shipment? give its declaration id', command);
  if (!UUID.test(id)) throw new UsageError(`a declaration id is a UUID, e.g. 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60 (got "${id}")`, command);
  return id.toLowerCase();
}

/** A NotFoundException of the audit service, as a failure (exit 1) that says where we looked. */
function notFound(error: unknown, opened: OpenedTool): never {
  if (isNotFound(error)) throw new CliError(`${(error as Error).message} in ${opened.database} (${opened.target.source}, events in ${opened.eventStore})`);
  throw error;
}

// ---------------------------------------------------------------------------------------------
// swctl audit history <id>
// ---------------------------------------------------------------------------------------------

export const auditHistoryCommand: Command = {
  name: 'audit history',
  synopsis: '<declarationId> [--database-url URL | --data-dir D]',
  summary: 'every event of a shipment, across its streams, in global order',
  description: [
    'Reads the shipment\'s events from the event store itself (by correlation id): the',
    'declaration, its agencies\' cases (customs, inspection, border), examinations… in the order',
    'they were stored. A table of time (engine clock), stream, revision, type, actor, event id and',
    'the event that caused it; --json prints { "events": [...] } as GET',
    '/v1/audit/shipments/{id}/events does (data, metadata with hash and schemaVersion, recordedAt).',
    '',
    DATABASE_HELP,
    EVENT_STORE_HELP,
    '',
    'Exit code 1 when the store holds no event of the shipment.',
  ].join('\n'),
  options: { ...DATABASE_OPTIONS },
  examples: [
    'swctl audit history 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60',
    'swctl audit history 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60 --json | jq \'.events[].type\'',
  ],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'audit history';
    const id = shipmentId(args, command);
    return withTool(args, context, command, async (opened) => {
      const events = await shipmentAudit(opened).history(id).catch((error) => notFound(error, opened));
      if (context.out.json) context.out.printJson({ events });
      else printHistory(context.out, id, events, opened);
      return 0;
    });
  },
};

/** `declaration` for `declaration-<id>`: the shipment's own streams by their kind, others in full. */
function streamLabel(stream: string, id: string): string {
  return stream.endsWith(`-${id}`) ? stream.slice(0, -(id.length + 1)) : stream;
}

function actorLabel(actor: HistoryEntry['metadata']['actor']): string {
  if (!actor) return '—';
  return `${actor.kind} ${actor.id}${actor.agency && !actor.id.includes(actor.agency) ? ` (${actor.agency})` : ''}`;
}

export function printHistory(out: Output, id: string, events: HistoryEntry[], opened: Pick<OpenedTool, 'database' | 'eventStore'>): void {
  const streams = [...new Set(events.map((e) => e.stream))];
  const index = new Map(events.map((e, i) => [e.id, i + 1]));
  out.line(`Shipment ${id}: ${count(events.length)} event${events.length === 1 ? '' : 's'} in ${streams.length} stream${streams.length === 1 ? '' : 's'} (${streams.map((s) => streamLabel(s, id)).join(', ')})`);
  out.line(out.dim(`  events from ${opened.eventStore} at ${opened.database}; streams named <kind>-${id}`));
  out.line();
  const rows = events.map((e, i) => {
    const cause = e.metadata.causationId;
    const causeIndex = cause ? index.get(cause) : undefined;
    return [
      String(i + 1),
      e.metadata.occurredAt,
      streamLabel(e.stream, id),
      String(e.revision),
      e.type,
      actorLabel(e.metadata.actor),
      e.id.slice(0, 8),
      cause ? `${causeIndex ? `#${causeIndex} ` : ''}${cause.slice(0, 8)}` : '—',
    ];
  });
  out.line(out.table(['#', 'TIME', 'STREAM', 'REV', 'TYPE', 'ACTOR', 'ID', 'CAUSED BY'], rows, ['right', 'left', 'left', 'right']));
}

// ---------------------------------------------------------------------------------------------
// swctl audit state <id> --as-of <instant>
// ---------------------------------------------------------------------------------------------

export const auditStateCommand: Command = {
  name: 'audit state',
  synopsis: '<declarationId> --as-of <instant> [--database-url URL | --data-dir D]',
  summary: 'the status view of a shipment as it stood at an instant',
  description: [
    'Replays the shipment\'s events that occurred at or before the instant (engine clock) through',
    'the same reducer the live declaration-status projection uses: what the declarant would have',
    'seen then. Prints status, agencies (status, lane, decisions), duties, arrival and the',
    'complete declaration; --json prints the whole view, as GET /v1/audit/shipments/{id}/state.',
    '',
    '  --as-of  an ISO 8601 instant with an offset (2026-11-23T10:00:00Z, 2026-11-23T18:00+08:00),',
    '           or "now" (the engine clock, which the dev clock may have moved)',
    '',
    DATABASE_HELP,
    EVENT_STORE_HELP,
    '',
    'Exit code 1 when the shipment is unknown or was not yet declared at that instant.',
  ].join('\n'),
  options: {
    'as-of': { kind: 'string', value: '<instant>', description: 'ISO 8601 instant with offset, or "now"' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'swctl audit state 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60 --as-of 2026-11-23T10:00:00+08:00',
    'swctl audit state 3f2c9a4e-8d1b-5c7e-9a0f-1b2c3d4e5f60 --as-of now --json',
  ],
  async run(args: ParsedArgs, context: CommandContext): Promise<number> {
    const command = 'audit state';
    const id = shipmentId(args, command);
    const raw = stringOption(args, 'as-of');
    if (raw === undefined) throw new UsageError('as of when? --as-of <ISO 8601 instant with offset>, e.g. --as-of 2026-11-23T10:00:00Z, or --as-of now', command);
    if (raw !== 'now' && (!ISO_INSTANT.test(raw) || Number.isNaN(Date.parse(raw)))) {
      throw new UsageError(`--as-of must be an ISO 8601 instant with an offset, e.g. 2026-11-23T10:00:00Z, or "now" (got "${raw}")`, command);
    }
    return withTool(args, context, command, async (opened) => {
      const asOf = raw === 'now' ? engineNow(opened) : new Date(raw);
      const view = await shipmentAudit(opened).stateAsOf(id, asOf).catch((error) => notFound(error, opened));
      if (context.out.json) context.out.printJson(view);
      else printState(context.out, view);
      return 0;
    });
  },
};

/** Now on the engine's clock (the dev clock may have moved it ahead of the wall clock). */
function engineNow({ tool }: OpenedTool): Date {
  return tool.app.get<Clock>(libraries().CLOCK).now();
}

const AGENCY_ORDER = ['customs', 'inspection', 'border'];

export function printState(out: Output, view: StatusView & { asOf: string }): void {
  const paint = view.status === 'released' || view.status === 'exited' ? out.green
    : view.status === 'rejected' || view.status === 'held' ? out.red
      : view.status === 'withdrawn' ? out.dim : out.yellow;
  const duties = view.duties;
  const complete = view.completeDeclaration;
  const fields: [string, string][] = [
    ['status', paint(view.status)],
    ['declaration', `${view.mode} ${view.direction}, declarant ${view.declarant.uscc} ${view.declarant.name}`],
    ['port', `${view.portOfEntry} (customs office ${view.customsOffice}), ${view.transport.conveyance ?? ''} ${view.transport.billOfLading ? `B/L ${view.transport.billOfLading}` : ''}`.trim()],
    ['submitted', view.submittedAt],
    ['arrival', view.arrival ? `arrived ${view.arrival.arrivedAt}` : 'not yet arrived'],
    ['duties', `${duties.assessed === null ? 'not assessed' : `assessed ${duties.assessed} ${duties.currency}`}, settled: ${duties.settled} (paid ${duties.paid}, guaranteed ${duties.guaranteed})`],
    ['complete decl.', complete ? `${complete.status}${complete.dueAt ? `, due ${complete.dueAt}` : ''}${complete.filedAt ? `, filed ${complete.filedAt}` : ''}${complete.lateFee ? `, late fee ${complete.lateFee.amount} ${complete.lateFee.currency} (${complete.lateFee.days} days${complete.lateFee.waived ? ', waived' : ''})` : ''}` : '—'],
    ['examination', view.examination ? `${view.examination.status} (${view.examination.agencies.join(', ')})` : '—'],
    ['released', view.releasedAt ?? '—'],
    ...(view.exitedAt ? [['exited', view.exitedAt] as [string, string]] : []),
    ...(view.withdrawn ? [['withdrawn', `${view.withdrawn.at}: ${view.withdrawn.reason}`] as [string, string]] : []),
    ...(view.rejected ? [['rejected', `${view.rejected.at} by ${view.rejected.agency}: ${view.rejected.reason}`] as [string, string]] : []),
    ['events', `${count(view.eventCount)} applied (declaration revision ${view.revision}), last change ${view.updatedAt}`],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  out.line(`Shipment ${view.id} as of ${view.asOf}`);
  for (const [name, value] of fields) out.line(`  ${name.padEnd(width)}  ${value}`);
  const agencies = Object.entries(view.agencies)
    .filter((entry): entry is [string, AgencyView] => entry[1] !== undefined)
    .sort(([a], [b]) => AGENCY_ORDER.indexOf(a) - AGENCY_ORDER.indexOf(b));
  out.line();
  if (agencies.length === 0) {
    out.line('  no agency has opened a case yet');
    return;
  }
  out.line(out.table(
    ['AGENCY', 'STATUS', 'LANE', 'RELEASED', 'DECISIONS'],
    agencies.map(([agency, a]) => [
      agency,
      a.status,
      a.lane ?? '—',
      a.releasedAt ?? '—',
      a.decisions.length ? a.decisions.map((d) => `${d.decision} by ${d.by}`).join('; ') : '—',
    ]),
  ));
}

// ---------------------------------------------------------------------------------------------
// swctl audit verify (and its alias, swctl verify)
// ---------------------------------------------------------------------------------------------

/** verify.ts under the audit group. */
export const auditVerifyCommand: Command = {
  ...verifyCommand,
  name: 'audit verify',
  examples: (verifyCommand.examples ?? []).map((example) => example.replace(/^swctl verify/, 'swctl audit verify')),
};

/** `swctl verify`, kept for the scripts that call it. */
export const verifyAliasCommand: Command = {
  ...verifyCommand,
  summary: 'the same as `audit verify` (kept as an alias)',
};
