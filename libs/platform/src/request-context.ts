import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a request carries. */
export interface RequestContext {
  requestId: string;
  correlationId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Marks the current request as concerning one shipment, so its log lines carry the id. */
export function setCorrelationId(correlationId: string): void {
  const context = requestContext.getStore();
  if (context) context.correlationId = correlationId;
}
