import { parentPort } from 'node:worker_threads';
import { unchainedEvents } from './chain-check';

/** A hashing thread of `verify --against` (hashing-pool.ts): batches in, the broken events' indexes out. */
parentPort?.on('message', (batch: { id: number; texts: string[] }) => {
  parentPort!.postMessage({ id: batch.id, broken: unchainedEvents(batch.texts) });
});
