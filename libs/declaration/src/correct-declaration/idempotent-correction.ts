import { DomainError, canonicalJson, deterministicEventId, fold, type RecordedEvent } from '@sw/event-store';
import type { Principal } from '@sw/platform';
import { declarationDecider, type DeclarationState } from '../domain/declaration.decider';
import type { DeclarationEvent } from '../domain/declaration.events';

/** Each declaration event by its type. */
type ByType = { [E in DeclarationEvent as E['type']]: E };

/**
 * A correction (修改申请, 补充申报, 退单 resubmission) under an Idempotency-Key, as POST
 * /v1/declarations takes one: the events' ids derive from the declaration, the caller and the
 * key, so a retry finds what the first request appended. Same key and same request: the first
 * answer again, nothing appended; same key, another request: 409 idempotency-key-reused.
 */
export class CorrectionKey {
  readonly seed: string;
  constructor(declarationId: string, principal: Principal, readonly key: string) {
    this.seed = `correction:${declarationId}:${principal.uscc ?? principal.subject}:${key}`;
  }

  /** An id derived from the key (an amendment's), the same on every retry. */
  id(kind: string): string {
    return deterministicEventId(this.seed, 0, kind);
  }

  /**
   * The first request under this key, if one was handled: its first event (of `type`) and the
   * declaration's state and the stream's revision right after that request's events. Throws 409
   * when that event says another request.
   */
  earlier<T extends keyof ByType>(events: RecordedEvent[], type: T, same: (data: ByType[T]['data']) => boolean): { event: ByType[T]; state: DeclarationState; revision: number } | null {
    const id = deterministicEventId(this.seed, 0, type);
    const index = events.findIndex((event) => event.id === id);
    if (index < 0) return null;
    const event = events[index] as unknown as ByType[T];
    if (!same(event.data)) throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was already used with another body');
    // The state the first answer was given on: its events, and those its command appended with it.
    const upTo = events.slice(0, index + 1);
    for (const next of events.slice(index + 1)) {
      if (next.metadata.causationId !== events[index]!.metadata.causationId) break;
      upTo.push(next);
    }
    return { event, state: fold(declarationDecider, upTo as unknown as DeclarationEvent[]), revision: upTo.length - 1 };
  }
}

/** Two requests' contents compared as canonical JSON (key order does not matter). */
export const sameContent = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
