import type { DomainEvent, RecordedEvent } from '@sw/event-store';
import type { EntityManager } from 'typeorm';
import { rowProjection } from './row-projection';

type Counted = DomainEvent<'Opened', { name: string }> | DomainEvent<'Counted', { by: number }> | DomainEvent<'Ignored', Record<string, never>>;
interface CounterRow { id: string; name: string; total: number; at: string }

const counters = rowProjection<CounterRow, 'id', Counted>({
  table: { name: 'counters', columns: { id: 'uuid', name: 'text', total: 'int', at: 'timestamptz' }, key: ['id'], update: ['total', 'at'] },
  key: (event) => (event.type === 'Ignored' ? null : { id: event.metadata.correlationId }),
  evolve(row, event) {
    if (event.type === 'Opened') return row ? null : { id: event.metadata.correlationId, name: event.data.name, total: 0, at: event.metadata.occurredAt };
    if (!row || event.type !== 'Counted') return null;
    return { ...row, total: row.total + event.data.by, at: event.metadata.occurredAt };
  },
});

let n = 0;
const event = (id: string, type: Counted['type'], data: object): RecordedEvent => ({
  streamId: `counter-${id}`, revision: n, position: `1/${++n}`, id: `e${n}`, type, data, recordedAt: 'r',
  metadata: { correlationId: id, occurredAt: `t${n}` } as RecordedEvent['metadata'],
});

/** A manager that answers the read with the given rows and records every statement. */
function manager(stored: CounterRow[]) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const query = async (sql: string, params: unknown[]) => {
    calls.push({ sql, params });
    return sql.startsWith('select') ? stored : [];
  };
  return { calls, manager: { query } as unknown as EntityManager };
}

describe('rowProjection', () => {
  it('reads the rows a batch touches once, folds the batch in order, upserts the changed rows once', async () => {
    const { calls, manager: m } = manager([{ id: 'b', name: 'B', total: 5, at: 't0' }]);
    const changed = await counters.apply([
      event('a', 'Opened', { name: 'A' }), event('a', 'Counted', { by: 2 }), event('b', 'Counted', { by: 1 }),
      event('c', 'Counted', { by: 1 }), event('a', 'Ignored', {}), event('a', 'Counted', { by: 3 }),
    ], m);
    expect(changed).toEqual([{ id: 'a', name: 'A', total: 5, at: 't6' }, { id: 'b', name: 'B', total: 6, at: 't3' }]);
    expect(calls).toHaveLength(2);
    expect(calls[0].sql).toBe('select t.id::text as id, t.name, t.total, t.at::text as at from counters t join unnest($1::uuid[]) as k(id) using (id)');
    expect(calls[0].params).toEqual([['a', 'b', 'c']]);
    expect(calls[1].sql).toBe(
      'insert into counters (id, name, total, at) select r.id, r.name, r.total, r.at from jsonb_to_recordset($1::jsonb) as r(id uuid, name text, total int, at timestamptz)' +
      ' on conflict (id) do update set total = excluded.total, at = excluded.at',
    );
    expect(JSON.parse(calls[1].params[0] as string)).toEqual(changed);
  });

  it('writes nothing when no event changes a row, and reads nothing when none touches the table', async () => {
    const touched = manager([]);
    expect(await counters.apply([event('x', 'Counted', { by: 1 })], touched.manager)).toEqual([]);
    expect(touched.calls).toHaveLength(1);
    const untouched = manager([]);
    expect(await counters.apply([event('x', 'Ignored', {})], untouched.manager)).toEqual([]);
    expect(untouched.calls).toHaveLength(0);
  });
});
