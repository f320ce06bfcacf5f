/** The part of an object-mode Readable that readBatches uses (a client subscription is one). */
export interface BatchSource {
  read(): unknown;
  readonly readableLength: number;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * Reads an object-mode Readable in batches: each batch holds what has arrived (at most
 * `batchSize`), so events that arrive together are delivered together and a lone event is not
 * held back. Ends when the source ends or closes; throws the source's error once the items
 * received before it are delivered. `signal` abandons at once; `stop` ends after delivering
 * what was already buffered when it fired.
 */
export async function* readBatches<T>(
  source: BatchSource,
  options: { batchSize: number; signal?: AbortSignal; stop?: AbortSignal },
): AsyncGenerator<T[], void, undefined> {
  const batchSize = Math.max(1, Math.floor(options.batchSize));
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  /** Items still to deliver after `stop` fired (what was buffered at that moment). */
  let remainingAfterStop: number | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const onEnd = () => { ended = true; notify(); };
  const onError = (error: unknown) => { failure ??= { error }; notify(); };
  source.on('readable', notify);
  source.on('end', onEnd);
  source.on('close', onEnd);
  source.on('error', onError);
  options.signal?.addEventListener('abort', notify);
  options.stop?.addEventListener('abort', notify);
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      if (options.stop?.aborted && remainingAfterStop === null) remainingAfterStop = source.readableLength;
      const limit = remainingAfterStop === null ? batchSize : Math.min(batchSize, remainingAfterStop);
      const batch: T[] = [];
      while (batch.length < limit) {
        const item = source.read() as T | null;
        if (item === null) break;
        batch.push(item);
      }
      if (remainingAfterStop !== null) remainingAfterStop -= batch.length;
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw failure.error;
      if (ended || remainingAfterStop !== null) return;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    source.off('readable', notify);
    source.off('end', onEnd);
    source.off('close', onEnd);
    source.off('error', onError);
    options.signal?.removeEventListener('abort', notify);
    options.stop?.removeEventListener('abort', notify);
  }
}
