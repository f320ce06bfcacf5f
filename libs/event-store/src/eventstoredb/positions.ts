import type { Position as EsPosition } from '@eventstore/db-client';
import type { Position, RecordedEvent } from '../event-store.port';

/*
 * Positions of the EventStoreDB adapter: `<commit>/<prepare>` of the transaction log, kept as
 * bigint end to end.
 */

/** 2^64 - 1: the server's "no position" (e.g. a stream read on a server that does not report positions). */
const NO_POSITION = (1n << 64n) - 1n;

/** A position in the transaction log. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

export function encodePosition(position: LogPosition): Position {
  if (position.commit < 0n || position.prepare < 0n) throw new RangeError(`negative log position ${position.commit}/${position.prepare}`);
  return `${position.commit}/${position.prepare}`;
}

export function decodePosition(position: Position): LogPosition {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(position);
  if (!match) throw new RangeError(`not an EventStoreDB position: ${position}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** Orders log positions as the server does: by commit, then by prepare. */
export function comparePositions(a: LogPosition, b: LogPosition): -1 | 0 | 1 {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The position the server reported, or null when it reported none. */
export function knownPosition(position: EsPosition | undefined): LogPosition | null {
  if (!position || position.commit === NO_POSITION || position.prepare === NO_POSITION) return null;
  if (position.commit < 0n || position.prepare < 0n) return null;
  return { commit: position.commit, prepare: position.prepare };
}

/** Parses a projection's position as reported by its statistics, e.g. `C:63821834/P:63821834; ...`. */
export function parseProjectionPosition(text: string | undefined): LogPosition | null {
  const match = /C:(-?\d+)\/P:(-?\d+)/.exec(text ?? '');
  if (!match) return null;
  const commit = BigInt(match[1]);
  const prepare = BigInt(match[2]);
  if (commit < 0n) return null;
  return { commit, prepare: prepare < 0n ? commit : prepare };
}

/** Global order; events without a reported position keep their relative order at the end. */
export function sortByPosition(events: RecordedEvent[]): RecordedEvent[] {
  const keyed = events.map((event, index) => ({ event, index, position: event.position ? decodePosition(event.position) : null }));
  keyed.sort((a, b) => {
    if (a.position && b.position) return comparePositions(a.position, b.position) || a.index - b.index;
    if (a.position) return -1;
    if (b.position) return 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.event);
}
