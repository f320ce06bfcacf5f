import type { ExpectedRevision } from './event-store.port';

/** The stream was not at the expected revision: a concurrent writer won. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no-stream'. */
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
  }
}

/** An event id is already stored, but not as a re-append of the same events to the same stream. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(readonly eventId: string, readonly streamId: string) {
    super(`event ${eventId} is already stored in another place than stream ${streamId}`);
  }
}

/** The store cannot be reached; the caller may retry later (HTTP 503). */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}
