import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { jointExaminationDecider } from '@sw/examination';
import { CLOCK, FieldValidationException, commandContext, type Clock } from '@sw/platform';
import { examinationStream } from '@sw/shipment';
import { requireExaminationAccess } from '../examination-access';
import { BookAppointment } from './book-appointment.command';

@CommandHandler(BookAppointment)
export class BookAppointmentHandler implements ICommandHandler<BookAppointment> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, from, to, location, principal }: BookAppointment) {
    await requireExaminationAccess(this.repository, declarationId, principal);
    if (!(from < to)) throw new FieldValidationException([{ field: 'to', message: 'to must be after from' }]);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.repository.handle(examinationStream(declarationId), jointExaminationDecider, {
      type: 'BookAppointment', slot: { from, to }, location,
      // The trade side books as an enterprise: the declarant itself, or the broker that filed for it
      // under a power of attorney (代理报关: its USCC says which); an officer's booking stands over theirs.
      bookedBy: principal.role === 'enterprise' || principal.role === 'broker' ? { kind: 'enterprise', id: principal.uscc! } : { kind: 'officer', id: principal.subject },
      now: context.now,
    }, context);
    return { declarationId, status: result.state.status, revision: result.revision };
  }
}
