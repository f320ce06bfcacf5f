import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { alertStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { alertDecider } from '../domain/alert';
import { RaiseAlert } from './raise-alert.command';

@CommandHandler(RaiseAlert)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlert, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ subject, reason, action, principal }: RaiseAlert) {
    const id = randomUUID();
    const context = commandContext(principal, { correlationId: alertStream(id), clock: this.clock });
    const result = await this.repository.handle(alertStream(id), alertDecider, {
      type: 'RaiseAlert', alertId: id, subject, reason, action, raisedBy: { agency: principal.agency!, officer: principal.subject }, now: context.now,
    }, context);
    return { id, revision: result.revision };
  }
}
