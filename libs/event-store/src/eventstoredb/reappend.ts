import { DuplicateEventIdError } from '../errors';
import type { AppendResult, RecordedEvent } from '../event-store.port';

/**
 * Recognises a re-append of events already stored in the stream. `tail` holds the newest events
 * of the stream (any order). Returns the first append's result when every id sits at consecutive
 * revisions in the order given; null when none of the ids is stored; DuplicateEventIdError when
 * some are stored but not as exactly this batch.
 */
export function findReappend(streamId: string, tail: readonly RecordedEvent[], ids: readonly string[]): AppendResult | null {
  if (ids.length === 0) return null;
  const byId = new Map(tail.map((event) => [event.id, event]));
  const first = byId.get(ids[0]);
  if (!first) {
    const stored = ids.find((id) => byId.has(id));
    if (stored) throw new DuplicateEventIdError(stored, streamId);
    return null;
  }
  for (let i = 1; i < ids.length; i++) {
    if (byId.get(ids[i])?.revision !== first.revision + i) throw new DuplicateEventIdError(ids[i], streamId);
  }
  const last = byId.get(ids[ids.length - 1])!;
  return { nextRevision: last.revision, position: last.position };
}
