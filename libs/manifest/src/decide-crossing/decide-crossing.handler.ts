import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { crossingStream } from '@sw/shipment';
import { crossingDecider } from '../domain/crossing';
import { DecideCrossing } from './decide-crossing.command';

@CommandHandler(DecideCrossing)
export class DecideCrossingHandler implements ICommandHandler<DecideCrossing, { id: string; status: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ crossingId, decision, reason, principal }: DecideCrossing) {
    const stream = crossingStream(crossingId);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, crossingDecider, { type: 'DecideCrossing', decision, reason, officer: principal.subject, now: context.now }, context);
    return { id: crossingId, status: result.state.status, revision: result.revision };
  }
}
