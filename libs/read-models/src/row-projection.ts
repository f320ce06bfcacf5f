import type { DomainEvent, RecordedEvent } from '@sw/event-store';
import type { EntityManager } from 'typeorm';

/** A stored event of a known union: narrowing on `type` narrows `data`; stream and metadata as stored. */
export type Recorded<E extends DomainEvent> = E extends unknown ? Omit<RecordedEvent, 'type' | 'data'> & { type: E['type']; data: E['data'] } : never;

/**
 * The one cast from the store's events to a context's union, at the read side's boundary. The
 * store holds what the deciders appended, so the cast is as safe as the filter that chose the
 * streams; an evolve ignores any type it does not name.
 */
export function asEvent<E extends DomainEvent>(event: RecordedEvent): Recorded<E> {
  return event as unknown as Recorded<E>;
}

type Column<Row> = keyof Row & string;

/** A read-model table as the helper reads and writes it. */
export interface RowTable<Row extends object, Key extends Column<Row>> {
  name: string;
  /** Every column the row carries, with its SQL type; `timestamptz` and `uuid` are read back as text (exact). */
  columns: { [C in Column<Row>]: string };
  /** The primary key. */
  key: readonly Key[];
  /** The columns (derived ones too) an upsert of an existing row sets; the others are written once, by the insert. */
  update: readonly string[];
  /** Further columns, written from SQL over the row's columns (`r.<column>`), e.g. a field of a jsonb document. */
  derived?: Record<string, string>;
}

export interface RowProjectionSpec<Row extends object, Key extends Column<Row>, E extends DomainEvent> {
  table: RowTable<Row, Key>;
  /** The row an event touches, or null when the table takes no part in it. */
  key(event: Recorded<E>): Pick<Row, Key> | null;
  /** The event applied to its row (undefined: none yet): the row it leaves, or null when nothing changes. */
  evolve(row: Row | undefined, event: Recorded<E>): Row | null;
}

export interface RowProjection<Row extends object> {
  readonly table: string;
  /**
   * Two statements a batch at most: reads the rows the batch touches, folds the batch into them
   * in order, upserts the rows that changed (the same rows as applying each event on its own).
   * Returns the changed rows.
   */
  apply(events: RecordedEvent[], manager: EntityManager): Promise<Row[]>;
}

const READ_AS_TEXT = new Set(['timestamptz', 'uuid']);

/** Read rows → fold → upsert, for any table keyed by what the events carry. */
export function rowProjection<Row extends object, Key extends Column<Row>, E extends DomainEvent>(spec: RowProjectionSpec<Row, Key, E>): RowProjection<Row> {
  const { table } = spec;
  const columns = Object.keys(table.columns) as Column<Row>[];
  const type = (column: Column<Row>) => table.columns[column];
  const keyOf = (row: Pick<Row, Key>) => table.key.map((k) => String(row[k])).join('\u0000');
  const select = columns.map((c) => (READ_AS_TEXT.has(type(c)) ? `t.${c}::text as ${c}` : `t.${c}`)).join(', ');
  const readSql =
    `select ${select} from ${table.name} t join unnest(${table.key.map((k, i) => `$${i + 1}::${type(k)}[]`).join(', ')})` +
    ` as k(${table.key.join(', ')}) using (${table.key.join(', ')})`;
  const derived = Object.entries(table.derived ?? {});
  const writeSql =
    `insert into ${table.name} (${[...columns, ...derived.map(([c]) => c)].join(', ')})` +
    ` select ${[...columns.map((c) => `r.${c}`), ...derived.map(([, sql]) => sql)].join(', ')}` +
    ` from jsonb_to_recordset($1::jsonb) as r(${columns.map((c) => `${c} ${type(c)}`).join(', ')})` +
    ` on conflict (${table.key.join(', ')}) do update set ${table.update.map((c) => `${c} = excluded.${c}`).join(', ')}`;

  return {
    table: table.name,
    async apply(events, manager) {
      const touched: [Recorded<E>, Pick<Row, Key>][] = [];
      const keys = new Map<string, Pick<Row, Key>>();
      for (const recorded of events) {
        const event = asEvent<E>(recorded);
        const key = spec.key(event);
        if (!key) continue;
        touched.push([event, key]);
        keys.set(keyOf(key), key);
      }
      if (keys.size === 0) return [];
      const loaded: Row[] = await manager.query(readSql, table.key.map((k) => [...keys.values()].map((key) => key[k])));
      const rows = new Map(loaded.map((row) => [keyOf(row), row]));
      const changed = new Set<string>();
      for (const [event, key] of touched) {
        const id = keyOf(key);
        const next = spec.evolve(rows.get(id), event);
        if (next) {
          rows.set(id, next);
          changed.add(id);
        }
      }
      if (changed.size === 0) return [];
      const written = [...changed].map((id) => rows.get(id)!);
      await manager.query(writeSql, [JSON.stringify(written)]);
      return written;
    },
  };
}
