import { canonicalEventText, chainHash } from '@sw/event-store';

/*
 * The chain half of `verify --against`, run on worker threads: does each event's content, after
 * the previous stored hash of its stream, still give its own stored hash? Each event is checked on
 * its own (the previous hash is the stored one, which the reading thread hands over), so batches
 * can go to any thread in any order. A batch is a flat list of texts, FIELDS per event: what
 * structured cloning copies fastest between threads.
 */

/** Per event: previous hash, stream, event id, type, data (JSON), metadata (JSON, with its hash), stored hash. */
export const FIELDS = 7;

/** The indexes (0-based, in the batch) of the events whose content no longer gives their stored hash. */
export function unchainedEvents(texts: readonly string[]): number[] {
  const broken: number[] = [];
  for (let i = 0, n = 0; i < texts.length; i += FIELDS, n++) {
    let expected: string;
    try {
      expected = chainHash(texts[i], canonicalEventText({
        streamId: texts[i + 1], id: texts[i + 2], type: texts[i + 3], data: JSON.parse(texts[i + 4]), metadata: JSON.parse(texts[i + 5]),
      }));
    } catch {
      expected = ''; // text that is not JSON gives no hash at all
    }
    if (expected !== texts[i + 6]) broken.push(n);
  }
  return broken;
}
