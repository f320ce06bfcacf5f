import type { EntityManager } from 'typeorm';

/**
 * 整体通关时间 as China measures it, over clearance_times: an import from its arrival (运抵) to
 * its release, split into before declaring (arrival → declaration; nil when declared ahead of
 * arrival, 提前申报) and after (the later of both → release); an export from its declaration to
 * its release. Figures per direction, port and mode come from one grouped query.
 */

export interface Distribution { count: number; medianHours: number | null; p90Hours: number | null }

export interface ClearanceFigures {
  released: number;
  clearanceTime: Distribution;
  releasedWithin24h: { count: number; of: number; share: number | null };
  /** Imports only: arrival → declaration. */
  beforeDeclaring: Distribution;
  /** Imports: the later of arrival and declaration → release; exports: declaration → release. */
  afterDeclaring: Distribution;
  /** Imports arrived and unreleased 48 h after arrival, at the figures' instant. */
  overdue: number;
}

export interface GroupedFigures {
  overall: ClearanceFigures;
  directions: Partial<Record<'import' | 'export', ClearanceFigures>>;
  ports: (ClearanceFigures & { port: string; direction: string })[];
  modes: (ClearanceFigures & { mode: string; direction: string })[];
}

/** Overdue alarm (超时预警): imports unreleased this long after arrival. */
export const OVERDUE_HOURS = 48;
/** Released within a day (24 小时内放行). */
export const WITHIN_HOURS = 24;

const hours = (from: string, to: string) => `greatest(0, extract(epoch from (${to} - ${from})) / 3600.0)`;
/** When a shipment's clearance clock starts: imports at arrival, exports at declaration. */
export const CLOCK_START = `(case when direction = 'export' then submitted_at else arrived_at end)`;
const TOTAL = hours(CLOCK_START, 'released_at');
const BEFORE = `(case when direction = 'import' then ${hours('arrived_at', 'submitted_at')} end)`;
const AFTER = hours(`greatest(submitted_at, ${CLOCK_START})`, 'released_at');

/** The arrived imports still unreleased 48 h after arrival at `$1`, as SQL over clearance_times. */
export const OVERDUE_AT = `direction = 'import' and arrived_at is not null and arrived_at <= $1::timestamptz - interval '${OVERDUE_HOURS} hours'
  and (released_at is null or released_at > $1::timestamptz) and (closed_at is null or closed_at > $1::timestamptz)`;

// grouping(direction, port_of_entry, mode): the bits of the columns a row is NOT grouped by.
const GROUPS = 'grouping sets ((), (direction), (direction, port_of_entry), (direction, mode))';
const OVERALL = 7, BY_DIRECTION = 3, BY_PORT = 1, BY_MODE = 2;

const percentiles = (column: string, name: string) =>
  `count(${column})::int as ${name}_count, percentile_cont(0.5) within group (order by ${column}) as ${name}_median, percentile_cont(0.9) within group (order by ${column}) as ${name}_p90`;

type Row = Record<string, any> & { g: number; direction: string | null; port_of_entry: string | null; mode: string | null };

/**
 * The figures of the shipments released by `at` in scope (SQL over clearance_times with `$2`,
 * `$3` … as params), grouped; overdue counts the arrived imports unreleased 48 h at `at` (all of
 * them, or those in its own scope over the same params).
 */
export async function groupedFigures(manager: EntityManager, scope: { released: string; overdue?: string; params: unknown[] }, at: Date): Promise<GroupedFigures> {
  const released: Row[] = await manager.query(
    `select grouping(direction, port_of_entry, mode) as g, direction, port_of_entry, mode, count(*)::int as released,
            ${percentiles('total_h', 'total')}, count(*) filter (where total_h <= ${WITHIN_HOURS})::int as within,
            ${percentiles('before_h', 'before')}, ${percentiles('after_h', 'after')}
       from (select direction, port_of_entry, mode, ${TOTAL} as total_h, ${BEFORE} as before_h, ${AFTER} as after_h
               from clearance_times where released_at <= $1::timestamptz and ${CLOCK_START} is not null and (${scope.released})) m
      group by ${GROUPS}`, [at, ...scope.params]);
  const overdue: Row[] = await manager.query(
    `select grouping(direction, port_of_entry, mode) as g, direction, port_of_entry, mode, count(*)::int as overdue
       from clearance_times where ${OVERDUE_AT} ${scope.overdue ? `and (${scope.overdue})` : ''} group by ${GROUPS}`, scope.overdue ? [at, ...scope.params] : [at]);
  const key = (r: Row) => `${r.g}|${r.direction}|${r.port_of_entry}|${r.mode}`;
  const rows = new Map<string, Row>();
  for (const r of released) rows.set(key(r), r);
  for (const r of overdue) rows.set(key(r), { ...(rows.get(key(r)) ?? { g: r.g, direction: r.direction, port_of_entry: r.port_of_entry, mode: r.mode }), overdue: r.overdue });
  const result: GroupedFigures = { overall: figures(undefined), directions: {}, ports: [], modes: [] };
  // Imports first, then by port or mode.
  const order = (r: Row) => `${r.direction === 'export' ? 1 : 0}|${r.port_of_entry}|${r.mode}`;
  for (const r of [...rows.values()].sort((a, b) => order(a).localeCompare(order(b)))) {
    const g = Number(r.g);
    if (g === OVERALL) result.overall = figures(r);
    else if (g === BY_DIRECTION) result.directions[r.direction as 'import' | 'export'] = figures(r);
    else if (g === BY_PORT) result.ports.push({ port: r.port_of_entry!, direction: r.direction!, ...figures(r) });
    else if (g === BY_MODE) result.modes.push({ mode: r.mode!, direction: r.direction!, ...figures(r) });
  }
  return result;
}

function distribution(row: Row | undefined, name: string): Distribution {
  const median = row?.[`${name}_median`] ?? null;
  const p90 = row?.[`${name}_p90`] ?? null;
  return { count: row?.[`${name}_count`] ?? 0, medianHours: median === null ? null : round(Number(median), 4), p90Hours: p90 === null ? null : round(Number(p90), 4) };
}

function figures(row: Row | undefined): ClearanceFigures {
  const released = row?.released ?? 0;
  const within = row?.within ?? 0;
  return {
    released,
    clearanceTime: distribution(row, 'total'),
    releasedWithin24h: { count: within, of: released, share: released ? round(within / released, 4) : null },
    beforeDeclaring: distribution(row, 'before'),
    afterDeclaring: distribution(row, 'after'),
    overdue: row?.overdue ?? 0,
  };
}

/** `number`: the declaration's customs number (海关编号), null before it has one (officers name a declaration by it). */
export interface OverdueItem { id: string; number: string | null; declarant: string; mode: string; portOfEntry: string; submittedAt: string; arrivedAt: string; hoursOpen: number }

/** The 48 h list (超时预警) at `at`: arrived imports unreleased 48 h after arrival, oldest arrival first. */
export async function overdueImports(manager: EntityManager, at: Date, limit = 1000): Promise<OverdueItem[]> {
  const rows: { declaration_id: string; number: string | null; declarant_uscc: string; mode: string; port_of_entry: string; submitted_at: Date; arrived_at: Date; hours_open: number }[] = await manager.query(
    `select declaration_id, ${NUMBER_OF('clearance_times.declaration_id')} as number, declarant_uscc, mode, port_of_entry, submitted_at, arrived_at, ${hours('arrived_at', '$1::timestamptz')} as hours_open
       from clearance_times where ${OVERDUE_AT} order by arrived_at, declaration_id limit $2`, [at, limit]);
  return rows.map((o) => ({
    id: o.declaration_id, number: o.number ?? null, declarant: o.declarant_uscc, mode: o.mode, portOfEntry: o.port_of_entry,
    submittedAt: new Date(o.submitted_at).toISOString(), arrivedAt: new Date(o.arrived_at).toISOString(), hoursOpen: round(Number(o.hours_open), 2),
  }));
}

/** SQL: the customs number (海关编号) of the declaration whose id `column` holds, from the status view (null before it has one). */
export const NUMBER_OF = (column: string) => `(select d.number from declaration_status d where d.id = ${column})`;

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
