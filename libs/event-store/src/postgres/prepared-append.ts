import { randomUUID } from 'node:crypto';
import type { ExpectedRevision, StreamAppend } from '../event-store.port';
import { canonicalEventText } from '../hash-chain';

/** sw_append's codes for the expected revisions that are not a number (schema.ts). */
const EXPECTED_CODE: Record<string, number> = { 'no-stream': -1, any: -2, 'stream-exists': -3 };

/** One stream's append as sw_append takes it. */
export interface PreparedAppend {
  streamId: string;
  expected: ExpectedRevision;
  /** sw_append's code for the expected revision. */
  code: number;
  ids: string[];
  canonical: string[];
}

/**
 * Each event's id and its one canonical text, both hashed and stored (sw_append parses it): the
 * verifier recomputes the same text from what is stored. canonicalJson follows JSON.stringify's
 * rules (dates, undefined), so no normalising round trip is needed first.
 */
export function prepare({ streamId, events, expected }: StreamAppend): PreparedAppend {
  const ids: string[] = [];
  const canonical: string[] = [];
  for (const event of events) {
    const id = event.id ?? randomUUID();
    ids.push(id);
    const metadata = { ...event.metadata, occurredAt: event.metadata.occurredAt ?? new Date().toISOString(), schemaVersion: event.metadata.schemaVersion ?? 1 };
    canonical.push(canonicalEventText({ streamId, id, type: event.type, data: event.data ?? null, metadata }));
  }
  return { streamId, expected, code: typeof expected === 'number' ? expected : EXPECTED_CODE[expected], ids, canonical };
}
