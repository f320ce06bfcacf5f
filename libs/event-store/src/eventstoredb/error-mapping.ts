import { CancelledError, DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError, UnknownError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';

/** Connection-level failures become EventStoreUnavailableError (HTTP 503, retry later); others pass through. */
export function translate(error: unknown): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError
    || error instanceof NotLeaderError || error instanceof CancelledError
    || /Failed to discover|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|write after end|Connection dropped|No connection established/i.test(message)
  ) {
    return new EventStoreUnavailableError(`EventStoreDB event store unavailable: ${message}`, error);
  }
  return error;
}

/** Worth a resubscription: the connection, the leader, or an unexplained server-side failure. */
export function isTransient(error: unknown): boolean {
  return translate(error) instanceof EventStoreUnavailableError || error instanceof UnknownError;
}

export function ignore(): void {}
