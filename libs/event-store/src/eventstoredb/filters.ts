import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { EventFilter } from '../event-store.port';

/* The port's event filters, as the server's filters and as the same test on the client. */

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|#\s-]/g, (c) => (/\s/.test(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : '\\' + c));
}

/**
 * The server-side filter for a port filter: stream-name prefixes, an exact-type regex, or (with
 * no filter) all but system events. Null when the filter can match nothing (an empty list).
 */
export function toServerFilter(filter: EventFilter | undefined): Filter | null {
  if (!filter) return excludeSystemEvents();
  if ('streamPrefixes' in filter) {
    if (filter.streamPrefixes.length === 0) return null;
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter.eventTypes.length === 0) return null;
  // eventTypeFilter({ prefixes }) would also let "AB" through for "A": exact types need a regex.
  return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
}

/** System streams (`$…`, metadata streams `$$…`) and system events (`$…` types, links `$>`). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** The same predicate as the server-side filter, applied again on the client (and where no server filter exists). */
export function matchesFilter(event: { streamId: string; type: string }, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if ('streamPrefixes' in filter) return filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
  return filter.eventTypes.includes(event.type);
}
