import { createHash } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from './event-store.port';

/**
 * Each event's `metadata.hash` = SHA-256(hex) of the previous event's hash in the same stream
 * (empty for the first) followed by the event's canonical JSON. Changing, removing or
 * reordering a stored event breaks the chain from that event on.
 *
 * The canonical JSON covers the stream id, event id, type, data and metadata (less the hash),
 * with object keys sorted at every depth. The revision is implied by the chain order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => JSON.stringify(key) + ':' + canonicalJson((value as Record<string, unknown>)[key]));
  return '{' + entries.join(',') + '}';
}

export interface HashableEvent {
  streamId: string;
  id: string;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash'> & { hash?: string };
}

export function canonicalEventText(event: HashableEvent): string {
  const { hash: _hash, ...metadata } = event.metadata;
  return canonicalJson({ streamId: event.streamId, id: event.id, type: event.type, data: event.data, metadata });
}

export function chainHash(previousHash: string, canonicalText: string): string {
  return createHash('sha256').update(previousHash + canonicalText, 'utf8').digest('hex');
}

export type ChainVerdict = { valid: true; events: number } | { valid: false; brokenAt: { stream: string; revision: number }; events: number };

/** Verifies one stream's events, read in revision order from revision 0. */
export function verifyChain(events: RecordedEvent[]): ChainVerdict {
  let previous = '';
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const broken = { valid: false as const, brokenAt: { stream: event.streamId, revision: event.revision }, events: events.length };
    if (event.revision !== i) return broken; // a removed or inserted event
    const expected = chainHash(previous, canonicalEventText(event));
    if (event.metadata.hash !== expected) return broken;
    previous = expected;
  }
  return { valid: true, events: events.length };
}
