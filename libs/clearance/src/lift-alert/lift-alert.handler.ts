import { ForbiddenException, Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { alertStream } from '@sw/shipment';
import { alertDecider } from '../domain/alert';
import { LiftAlert } from './lift-alert.command';

@CommandHandler(LiftAlert)
export class LiftAlertHandler implements ICommandHandler<LiftAlert, { id: string; status: 'lifted'; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ alertId: id, reason, principal }: LiftAlert) {
    const { state } = await this.repository.load(alertStream(id), alertDecider);
    if (state.status === 'none') throw new NotFoundException(`No alert ${id}`);
    if (state.raisedBy && state.raisedBy.agency !== principal.agency) {
      throw new ForbiddenException({ message: `Alert ${id} was raised by ${state.raisedBy.agency}: only its officers lift it`, code: 'alert-of-another-agency' });
    }
    const context = commandContext(principal, { correlationId: alertStream(id), clock: this.clock });
    const result = await this.repository.handle(alertStream(id), alertDecider, {
      type: 'LiftAlert', reason, liftedBy: { agency: principal.agency!, officer: principal.subject }, now: context.now,
    }, context);
    return { id, status: 'lifted' as const, revision: result.revision };
  }
}
