import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { declarationDecider, isDeclarant } from '@sw/declaration';
import { DeciderRepository, DomainError, NotFoundError } from '@sw/event-store';
import { instructionDecider } from '@sw/money';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { declarationStream, instructionStream } from '@sw/shipment';
import { InstructSettlement, type InstructSettlementResult } from './instruct-settlement.command';

/**
 * Records the declarant's instruction (API.md "Money that customs can trust"): nothing is
 * settled until the bank confirms it (POST /v1/bank/confirmations), and the clearance process
 * settles the customs case from that confirmation only.
 */
@CommandHandler(InstructSettlement)
export class InstructSettlementHandler implements ICommandHandler<InstructSettlement, InstructSettlementResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, instruction, principal }: InstructSettlement): Promise<InstructSettlementResult> {
    const { state } = await this.repository.load(declarationStream(declarationId), declarationDecider);
    if (!isDeclarant(state, principal)) throw new NotFoundError(`No declaration ${declarationId}`);
    const { lifecycle } = state;
    const nothingOwed = instruction.kind === 'payment' ? 'nothing to pay' : 'nothing to guarantee';
    if (lifecycle === 'withdrawn' || lifecycle === 'rejected') throw new DomainError(`declaration-${lifecycle}`, `The declaration was ${lifecycle}; ${nothingOwed}`);
    if (instruction.kind === 'guarantee' && (lifecycle === 'released' || lifecycle === 'exited')) {
      throw new DomainError('already-released', 'The goods are already released; a guarantee is lodged before release');
    }
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.repository.handle(instructionStream(declarationId, instruction.reference), instructionDecider,
      { type: 'Instruct', declarationId, declarant: principal.uscc!, ...instruction, now: context.now }, context);
    const status = result.state.status === 'none' ? 'pending-confirmation' : result.state.status;
    return { id: declarationId, reference: instruction.reference, kind: instruction.kind, status, revision: result.revision };
  }
}
