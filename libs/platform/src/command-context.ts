import type { Actor, CommandContext } from '@sw/event-store';
import { randomUUID } from 'node:crypto';
import type { Principal } from './access';
import type { Clock } from './clock';
import { requestContext } from './request-context';

/** Who acts, as the events record it: the enterprise by its USCC, an officer with its agency, others by subject. */
export const actorOf = (principal: Principal): Actor =>
  principal.role === 'enterprise' ? { kind: 'enterprise', id: principal.uscc! }
    : principal.role === 'broker' ? { kind: 'broker', id: principal.uscc! }
    : principal.role === 'officer' ? { kind: 'officer', id: principal.subject, agency: principal.agency }
    : principal.role === 'bank' ? { kind: 'bank', id: principal.bank! }
    : principal.role === 'carrier' ? { kind: 'carrier', id: principal.uscc! }
    : { kind: principal.role, id: principal.subject };

export interface CommandContextOptions {
  /** The shipment (declaration id), or the stream the command concerns when it has none. */
  correlationId: string;
  /** The engine's clock: `now` is read from it once, for the events and the command alike. */
  clock: Clock;
  /** Derives the event ids from it, so a retried request appends nothing new. */
  idempotencySeed?: string;
}

/**
 * The one way to build a command's metadata: the request that caused it (its id, or a fresh
 * one outside a request), who acts (a caller's principal, or an actor such as the engine itself)
 * and the engine's time.
 */
export function commandContext(principal: Principal | Actor, options: CommandContextOptions): CommandContext {
  return {
    correlationId: options.correlationId,
    causationId: requestContext.getStore()?.requestId ?? randomUUID(),
    actor: 'role' in principal ? actorOf(principal) : principal,
    now: options.clock.now(),
    ...(options.idempotencySeed !== undefined ? { idempotencySeed: options.idempotencySeed } : {}),
  };
}
