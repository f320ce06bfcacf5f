import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, NotFoundError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { instructionStream } from '@sw/shipment';
import { instructionDecider } from '../domain/instruction';
import { ConfirmSettlement, type ConfirmSettlementResult } from './confirm-settlement.command';

@CommandHandler(ConfirmSettlement)
export class ConfirmSettlementHandler implements ICommandHandler<ConfirmSettlement, ConfirmSettlementResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ reference, confirmation, principal }: ConfirmSettlement): Promise<ConfirmSettlementResult> {
    const stream = instructionStream(reference);
    const { state, revision } = await this.repository.load(stream, instructionDecider);
    // Unknown: 404 with a code; nothing is recorded for a reference nobody instructed.
    if (state.status === 'none') throw new NotFoundError(`No payment or guarantee instruction has the reference ${reference}`, 'unknown-reference');
    const context = commandContext(principal, { correlationId: state.terms!.declarationId, clock: this.clock });
    const result = await this.repository.handle(stream, instructionDecider, { type: 'Confirm', ...confirmation, bank: principal.bank!, now: context.now }, context, { known: { state, revision } });
    return {
      reference, declarationId: state.terms!.declarationId, status: confirmation.status, duplicate: result.events.length === 0, revision: result.revision,
    };
  }
}
