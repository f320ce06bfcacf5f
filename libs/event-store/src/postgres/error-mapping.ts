import { EventStoreUnavailableError } from '../errors';

/** Connection failures worth a retry later rather than an error to the caller. */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '53300']);

/** Connection-level failures of pg become EventStoreUnavailableError (HTTP 503, retry later); others pass through. */
export function translate(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? '';
  if ((code && UNAVAILABLE.has(code)) || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(message)) {
    return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${message}`, error);
  }
  return error;
}
