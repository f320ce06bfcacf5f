import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, canonicalJson, deterministicEventId, type Actor, type Without } from '@sw/event-store';
import { CLOCK, type Clock, type Principal } from '@sw/platform';
import { createHash, randomUUID } from 'node:crypto';
import { arrivalDecider } from '../domain/arrival';
import { declarationDecider, type DeclarationCommand, type DeclarationState } from '../domain/declaration.decider';
import { routeDeclaration } from '../domain/routing';
import { referenceData } from '@sw/reference-data';
import { arrivalStream, declarationStream, type DeclarationBody } from '@sw/shipment';

export const actorOf = (principal: Principal): Actor =>
  principal.role === 'enterprise' ? { kind: 'enterprise', id: principal.uscc! }
    : principal.role === 'officer' ? { kind: 'officer', id: principal.subject, agency: principal.agency }
    : { kind: principal.role === 'auditor' ? 'auditor' : principal.role, id: principal.subject } as Actor;

export class SubmitDeclaration {
  constructor(readonly declaration: DeclarationBody, readonly principal: Principal, readonly idempotencyKey: string | undefined, readonly requestId: string) {}
}
export interface SubmitResult { id: string; status: 'submitted'; revision: number; replayed: boolean }

/** Any later command of the declarant on its own declaration (complete, guarantee, pay, withdraw). */
export class ActOnDeclaration {
  constructor(readonly declarationId: string, readonly command: Without<DeclarationCommand, 'now'>, readonly principal: Principal, readonly requestId: string) {}
}

export class ReportArrivalCommand {
  constructor(readonly billOfLading: string, readonly conveyance: string, readonly portOfEntry: string, readonly arrivedAt: Date | undefined, readonly principal: Principal, readonly requestId: string) {}
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

@CommandHandler(SubmitDeclaration)
export class SubmitDeclarationHandler implements ICommandHandler<SubmitDeclaration, SubmitResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declaration, principal, idempotencyKey, requestId }: SubmitDeclaration): Promise<SubmitResult> {
    const hash = requestHash(declaration);
    // With an Idempotency-Key the declaration id and event ids derive from it, so retries (even
    // concurrent ones) land on the same stream and the store keeps the first.
    const id = idempotencyKey ? deterministicEventId('declaration', principal.uscc!, idempotencyKey) : randomUUID();
    const stream = declarationStream(id);
    const arrivals = await this.repository.load(arrivalStream(declaration.transport.billOfLading), arrivalDecider);
    const arrivedAt = (arrivals.events[0]?.data as { arrivedAt?: string } | undefined)?.arrivedAt ?? null;
    const routing = routeDeclaration(declaration, referenceData());
    try {
      const result = await this.repository.handle(stream, declarationDecider, { type: 'Submit', declarationId: id, declaration, requestHash: hash, arrivedAt, routing, now: this.clock.now() }, {
        correlationId: id, causationId: requestId, actor: { kind: 'enterprise', id: principal.uscc! }, now: this.clock.now(),
        idempotencySeed: idempotencyKey ? `${id}:${hash}` : undefined,
      }, { newStream: !idempotencyKey });
      return { id, status: 'submitted', revision: result.revision, replayed: false };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'already-submitted') || !idempotencyKey) throw error;
      const { state, events } = await this.repository.load(stream, declarationDecider);
      if (state.requestHash !== hash) {
        throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was already used with another body');
      }
      const first = events[0].metadata.causationId;
      const revision = events.filter((e) => e.metadata.causationId === first).at(-1)!.revision;
      return { id, status: 'submitted', revision, replayed: true };
    }
  }
}

@CommandHandler(ActOnDeclaration)
export class ActOnDeclarationHandler implements ICommandHandler<ActOnDeclaration, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, command, principal, requestId }: ActOnDeclaration) {
    const stream = declarationStream(declarationId);
    const { state } = await this.repository.load(stream, declarationDecider);
    if (!isDeclarant(state, principal)) throw new NotFoundException(`No declaration ${declarationId}`);
    const now = this.clock.now();
    const result = await this.repository.handle(stream, declarationDecider, { ...command, now } as DeclarationCommand, {
      correlationId: declarationId, causationId: requestId, actor: actorOf(principal), now,
    });
    return { id: declarationId, revision: result.revision };
  }
}

/** An enterprise sees and acts on its own declarations only; others get 404, never 403. */
export function isDeclarant(state: DeclarationState, principal: Principal): boolean {
  return state.lifecycle !== 'none' && principal.role === 'enterprise' && state.declaration?.declarant.uscc === principal.uscc;
}

@CommandHandler(ReportArrivalCommand)
export class ReportArrivalHandler implements ICommandHandler<ReportArrivalCommand, { revision: number; arrivedAt: string }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute(command: ReportArrivalCommand) {
    const now = this.clock.now();
    const stream = arrivalStream(command.billOfLading);
    const result = await this.repository.handle(stream, arrivalDecider, {
      type: 'ReportArrival', billOfLading: command.billOfLading, conveyance: command.conveyance, portOfEntry: command.portOfEntry,
      arrivedAt: command.arrivedAt ?? now, reportedBy: command.principal.subject, now,
    }, { correlationId: stream, causationId: command.requestId, actor: actorOf(command.principal), now });
    return { revision: result.revision, arrivedAt: (command.arrivedAt ?? now).toISOString() };
  }
}
