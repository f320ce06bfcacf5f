import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, deterministicEventId } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { declarationStream } from '@sw/shipment';
import { declarationDecider } from '../domain/declaration.decider';
import { draftDecider, draftStream } from '../domain/declaration-draft.decider';
import { requestHash } from '../submit-declaration/submit-declaration.handler';
import { StageMessage, messageIdempotencyKey } from './stage-message.command';

@CommandHandler(StageMessage)
export class StageMessageHandler implements ICommandHandler<StageMessage, string> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declaration, clientSeqNo, principal }: StageMessage): Promise<string> {
    // The id SubmitDeclaration gives the same ClientSeqNo (its Idempotency-Key), so C later declares this one.
    const id = deterministicEventId('declaration', principal.uscc!, messageIdempotencyKey(clientSeqNo));
    const { state } = await this.repository.load(declarationStream(id), declarationDecider);
    const context = commandContext(principal, { correlationId: id, clock: this.clock });
    await this.repository.handle(draftStream(id), draftDecider, {
      type: 'Stage', declarationId: id, clientSeqNo, declaration, requestHash: requestHash(declaration), declared: state.lifecycle !== 'none', now: context.now,
    }, context);
    return id;
  }
}
