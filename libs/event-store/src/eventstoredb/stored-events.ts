import type { RecordedEvent as EsRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { encodePosition, knownPosition } from './positions';

/* Events as the server stores them, and as the port's RecordedEvent. */

/** The metadata as stored: the appended metadata, with copies of the ids for the server's `$by_correlation_id` projection. */
export type StoredMetadata = EventMetadata & { $correlationId?: string; $causationId?: string };

export function toRecorded(event: EsRecordedEvent): RecordedEvent | null {
  if (!event.isJson) return null; // not written by this adapter
  const position = knownPosition(event.position);
  return {
    streamId: event.streamId,
    revision: Number(event.revision),
    position: position ? encodePosition(position) : '',
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: fromStoredMetadata(event.metadata),
    recordedAt: event.created.toISOString(),
  };
}

/** The metadata as appended and hashed: without the `$correlationId`/`$causationId` copies for the server's projections. */
function fromStoredMetadata(metadata: unknown): EventMetadata {
  if (!metadata || typeof metadata !== 'object' || metadata instanceof Uint8Array || Array.isArray(metadata)) return {} as EventMetadata;
  const { $correlationId: _correlation, $causationId: _causation, ...rest } = metadata as StoredMetadata;
  return rest as EventMetadata;
}

export function untilTime(events: RecordedEvent[], until: Date | undefined): RecordedEvent[] {
  if (!until) return events;
  const limit = until.getTime();
  return events.filter((event) => Date.parse(event.metadata?.occurredAt) <= limit);
}
