import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, NotFoundError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { guaranteeStream } from '@sw/shipment';
import { generalGuaranteeDecider } from '../domain/general-guarantee';
import { PayStatement } from './pay-statement.command';

/** Any bank may carry the holder's payment; what it confirms must be what the statement owes. */
@CommandHandler(PayStatement)
export class PayStatementHandler implements ICommandHandler<PayStatement> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ guaranteeId, payment, principal }: PayStatement) {
    const stream = guaranteeStream(guaranteeId);
    const { state, revision } = await this.repository.load(stream, generalGuaranteeDecider);
    if (state.status === 'none') throw new NotFoundError(`No guarantee ${guaranteeId}`, 'unknown-guarantee');
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, generalGuaranteeDecider, { type: 'ConfirmStatementPayment', ...payment, bank: principal.bank!, now: context.now }, context, { known: { state, revision } });
    return { id: guaranteeId, month: payment.month, balance: result.state.balance, duplicate: result.events.length === 0, revision: result.revision };
  }
}
