import type { Position } from '../event-store.port';

/*
 * Positions of the PostgreSQL event store: `<transaction id>/<global position>`, in commit order
 * (schema.ts says why the transaction id comes first).
 */

/** Orders two positions of this store (null: before everything). */
export function comparePositions(a: Position | null, b: Position | null): number {
  if (a === b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  const [ta, pa] = parsePosition(a).map(BigInt);
  const [tb, pb] = parsePosition(b).map(BigInt);
  return ta !== tb ? (ta < tb ? -1 : 1) : pa === pb ? 0 : pa < pb ? -1 : 1;
}

export function parsePosition(position: Position | null): [string, string] {
  if (!position) return ['0', '0'];
  const match = /^(\d+)\/(\d+)$/.exec(position);
  if (!match) throw new RangeError(`not a PostgreSQL event store position: ${position}`);
  return [match[1], match[2]];
}
