import { START, type AllStreamResolvedEvent, type EventStoreDBClient, type Filter } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, SubscriptionBatch } from '../event-store.port';
import { ignore, isTransient, translate } from './error-mapping';
import { isSystemEvent, matchesFilter } from './filters';
import { comparePositions, decodePosition, knownPosition, type LogPosition } from './positions';
import { readBatches } from './read-batches';
import { toRecorded } from './stored-events';
import { backoffMs, sleep } from './timing';

/**
 * A catch-up subscription to $all after `after` through the server-side filter, delivered in
 * batches of at most `batchSize`; it subscribes again after the last event delivered when the
 * server ends it or a transient failure breaks it, until `stop`.
 */
export async function* subscribeFrom(
  client: EventStoreDBClient, after: LogPosition | null, filter: Filter, options: SubscribeOptions, batchSize: number, stop: AbortSignal,
): AsyncGenerator<SubscriptionBatch, void, undefined> {
  let last = after;
  let failures = 0;
  while (!stop.aborted) {
    const subscription = client.subscribeToAll({ fromPosition: last ?? START, filter });
    subscription.on('error', ignore); // a late error after we let go must not crash the process
    subscription.on('confirmation', () => { failures = 0; });
    try {
      for await (const received of readBatches<AllStreamResolvedEvent>(subscription, { batchSize, signal: stop })) {
        const batch: RecordedEvent[] = [];
        for (const resolved of received) {
          const position = knownPosition(resolved.event?.position);
          const event = resolved.event && position ? toRecorded(resolved.event) : null;
          if (!event || !position) continue;
          // Never twice: a resubscription starts after `last`, and this guards it again.
          if (last && comparePositions(position, last) <= 0) continue;
          if (isSystemEvent(event) || !matchesFilter(event, options.filter)) continue;
          batch.push(event);
        }
        if (batch.length > 0) {
          last = decodePosition(batch[batch.length - 1].position); // known: checked above
          failures = 0;
          // Progress past filtered-out events is not reported here: the server-side filter
          // skips them cheaply on the next read.
          yield { events: batch, position: batch[batch.length - 1].position };
        }
      }
      if (stop.aborted) break;
      failures++; // the server ended the subscription (leader change, shutdown): resubscribe
    } catch (error) {
      if (stop.aborted) break;
      if (!isTransient(error)) throw translate(error);
      failures++;
    } finally {
      subscription.unsubscribe().catch(() => undefined);
    }
    await sleep(backoffMs(failures, { baseMs: 100, capMs: 5000 }), stop);
  }
}
