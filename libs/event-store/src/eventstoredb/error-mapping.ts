import {
  AccessDeniedError, CancelledError, DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError, UnknownError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';

/** What the deployment's user needs, said wherever the server refuses it. */
export const REQUIRED_ACCESS =
  'the user of EVENTSTORE_CONNECTION_STRING must be allowed to read $all and the $bc-* system streams '
  + '(by default only members of $admins are; see docs/operations.md, "EventStoreDB user")';

/**
 * Connection-level failures become EventStoreUnavailableError (HTTP 503, retry later); others
 * pass through. A refusal of access is one of them: the store is there but cannot be used by
 * this deployment until its user is given the rights (an operator's fix, not the caller's).
 */
export function translate(error: unknown): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AccessDeniedError) {
    return new EventStoreUnavailableError(`EventStoreDB event store refused access (${message}): ${REQUIRED_ACCESS}`, error);
  }
  if (
    error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError
    || error instanceof NotLeaderError || error instanceof CancelledError
    || /Failed to discover|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|write after end|Connection dropped|No connection established/i.test(message)
  ) {
    return new EventStoreUnavailableError(`EventStoreDB event store unavailable: ${message}`, error);
  }
  return error;
}

/** Worth a resubscription: the connection, the leader, access (until an operator grants it), or an unexplained server-side failure. */
export function isTransient(error: unknown): boolean {
  return translate(error) instanceof EventStoreUnavailableError || error instanceof UnknownError;
}

export function ignore(): void {}
