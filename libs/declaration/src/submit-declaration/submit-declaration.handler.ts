import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, canonicalJson, deterministicEventId } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { declarationStream } from '@sw/shipment';
import { createHash, randomUUID } from 'node:crypto';
import { CustomsNumbers } from '../customs-numbers/customs-numbers';
import { declarationDecider } from '../domain/declaration.decider';
import { routeDeclaration } from '../domain/routing';
import { SubmitDeclaration, type SubmitResult } from './submit-declaration.command';

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

@CommandHandler(SubmitDeclaration)
export class SubmitDeclarationHandler implements ICommandHandler<SubmitDeclaration, SubmitResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock, private readonly numbers: CustomsNumbers) {}

  async execute({ declaration, principal, idempotencyKey }: SubmitDeclaration): Promise<SubmitResult> {
    // 两步申报 and 汇总征税 are not open to a 失信 enterprise.
    if (referenceData().creditRating(declaration.declarant.uscc) === 'discredited' && (declaration.mode === 'two-step' || declaration.settlement === 'consolidated')) {
      const field = declaration.mode === 'two-step' ? 'mode' : 'settlement';
      throw new DomainError('not-eligible', `${declaration.declarant.uscc} is a 失信 (discredited) enterprise: ${field === 'mode' ? 'two-step declaration (两步申报)' : 'consolidated tax (汇总征税)'} is not open to it`,
        { errors: [{ field, message: 'not open to a discredited enterprise' }] });
    }
    const hash = requestHash(declaration);
    // With an Idempotency-Key the declaration id and event ids derive from it, so retries (even
    // concurrent ones) land on the same stream and the store keeps the first.
    const id = idempotencyKey ? deterministicEventId('declaration', principal.uscc!, idempotencyKey) : randomUUID();
    const stream = declarationStream(id);
    const routing = routeDeclaration(declaration, referenceData());
    // Goods reported before they were declared are found by the clearance process (one place finds
    // arrivals: its arrivals table, in the log's order), which records the arrival on the declaration.
    const context = commandContext(principal, { correlationId: id, clock: this.clock, idempotencySeed: idempotencyKey ? `${id}:${hash}` : undefined });
    // 海关编号 on acceptance: in the event itself, so every replay and every reader has the same one.
    const number = await this.numbers.assign(id, declaration.customsOffice, declaration.direction, context.now);
    try {
      const result = await this.repository.handle(stream, declarationDecider, { type: 'Submit', declarationId: id, number, declaration, requestHash: hash, arrivedAt: null, routing, now: context.now }, context, { newStream: !idempotencyKey });
      return { id, number, status: 'submitted', revision: result.revision, replayed: false };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'already-submitted') || !idempotencyKey) throw error;
      const { state, events } = await this.repository.load(stream, declarationDecider);
      if (state.requestHash !== hash) {
        throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was already used with another body');
      }
      const first = events[0].metadata.causationId;
      const revision = events.filter((e) => e.metadata.causationId === first).at(-1)!.revision;
      return { id, number: state.number ?? number, status: 'submitted', revision, replayed: true };
    }
  }
}
