import type { EventFilter, Position, RecordedEvent } from '../event-store.port';

/** Where a subscriber's checkpoint lies against the cached stretch of the log. */
export type TailLocation = 'before' | 'inside' | 'end' | 'beyond';

type Key = readonly [bigint, bigint];

/**
 * The newest stretch of the event log, read once and served to every subscriber of the process.
 *
 * It holds every event (no filter) in (start, end], where end is a position the store had
 * read up to: below the oldest running transaction, so nothing can later appear inside the
 * stretch. A subscriber whose checkpoint lies inside is served from memory with its own filter
 * and batch size, exactly what its own query would have returned; one outside reads the store.
 * The events are frozen: every subscriber gets the same objects.
 */
export class TailCache {
  private start: Key;
  private end: Key;
  private endPosition: Position | null;
  private readonly events: RecordedEvent[] = [];
  private readonly keys: Key[] = [];
  /** The store's wake-up count when the last read began: a later wake-up means there may be more. */
  generation = -1;

  constructor(after: Position | null, private readonly maxEvents: number) {
    this.start = keyOf(after);
    this.end = this.start;
    this.endPosition = after;
  }

  get size(): number {
    return this.events.length;
  }

  /** The position everything up to which is held (a read of the store continues from it). */
  get readTo(): Position | null {
    return this.endPosition;
  }

  locate(after: Position | null): TailLocation {
    const key = keyOf(after);
    if (compare(key, this.start) < 0) return 'before';
    const toEnd = compare(key, this.end);
    return toEnd < 0 ? 'inside' : toEnd === 0 ? 'end' : 'beyond';
  }

  /**
   * The next `limit` events after `after` that pass the filter, and how far that went: the last
   * one's position when the batch is full, else the end of the stretch. `after` must be inside.
   */
  serve(after: Position | null, limit: number, filter: EventFilter | undefined): { events: RecordedEvent[]; readTo: Position | null } {
    const key = keyOf(after);
    const matches = matcher(filter);
    const events: RecordedEvent[] = [];
    for (let i = this.firstAfter(key); i < this.events.length; i++) {
      const event = this.events[i];
      if (!matches(event)) continue;
      events.push(event);
      if (events.length === limit) return { events, readTo: event.position };
    }
    return { events, readTo: this.endPosition };
  }

  /**
   * Adds what a read from the end found: `events` in order right after it, and `readTo`, the
   * position the read covered (its last event's, or the stable head when it was not full).
   * Drops the oldest events beyond the size limit (the start moves up).
   */
  extend(events: RecordedEvent[], readTo: Position | null, generation: number): void {
    for (const event of events) {
      this.events.push(deepFreeze(event));
      this.keys.push(keyOf(event.position));
    }
    const key = keyOf(readTo);
    if (compare(key, this.end) > 0) {
      this.end = key;
      this.endPosition = readTo;
    }
    this.generation = generation;
    const excess = this.events.length - this.maxEvents;
    if (excess > 0) {
      this.start = this.keys[excess - 1];
      this.events.splice(0, excess);
      this.keys.splice(0, excess);
    }
  }

  private firstAfter(key: Key): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(this.keys[mid], key) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The same test as the store's SQL filter: a stream id prefix, or an event type. */
export function matcher(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  if (!filter) return () => true;
  if ('streamPrefixes' in filter) {
    const prefixes = filter.streamPrefixes;
    return (event) => prefixes.some((prefix) => event.streamId.startsWith(prefix));
  }
  const types = new Set(filter.eventTypes);
  return (event) => types.has(event.type);
}

function keyOf(position: Position | null): Key {
  if (!position) return [-1n, -1n];
  const slash = position.indexOf('/');
  return [BigInt(position.slice(0, slash)), BigInt(position.slice(slash + 1))];
}

function compare(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
