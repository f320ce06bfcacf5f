import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, NotFoundError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { bankReferenceStream, instructionStream, legacyInstructionStream } from '@sw/shipment';
import { bankReferenceDecider } from '../domain/bank-reference';
import { instructionDecider, type InstructionCommand } from '../domain/instruction';
import { ConfirmSettlement, type ConfirmSettlementResult } from './confirm-settlement.command';

/**
 * A bank's answer to an instruction of the declaration it names. The instruction is looked up by
 * that declaration and the reference: a reference instructed on another declaration (by another
 * declarant, for another bank) is unknown here, and nothing says it exists elsewhere. A confirmation
 * first claims the reference for this bank (one payment or guarantee per bank reference: 
 * bank-reference.ts), then settles the instruction; a refusal claims nothing.
 */
@CommandHandler(ConfirmSettlement)
export class ConfirmSettlementHandler implements ICommandHandler<ConfirmSettlement, ConfirmSettlementResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ reference, confirmation, principal }: ConfirmSettlement): Promise<ConfirmSettlementResult> {
    const { declarationId } = confirmation;
    const { stream, loaded } = await this.instructionOf(declarationId, reference);
    // Unknown: 404 with a code; nothing is recorded for a reference nobody instructed on this declaration.
    if (!loaded) throw new NotFoundError(`No payment or guarantee instruction of declaration ${declarationId} has the reference ${reference}`, 'unknown-reference');
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const command: InstructionCommand = { type: 'Confirm', ...confirmation, bank: principal.bank!, now: context.now };
    // A mismatch or a contradiction is refused before the reference is claimed (pure: nothing is written).
    const events = instructionDecider.decide(command, loaded.state);
    if (confirmation.status === 'confirmed') {
      await this.repository.handle(bankReferenceStream(principal.bank!, reference), bankReferenceDecider,
        { type: 'ClaimReference', bank: principal.bank!, reference, declarationId, kind: loaded.state.terms!.kind, now: context.now }, context);
    }
    const result = events.length === 0 ? { events, revision: loaded.revision } : await this.repository.handle(stream, instructionDecider, command, context, { known: loaded });
    return { reference, declarationId, status: confirmation.status, duplicate: result.events.length === 0, revision: result.revision };
  }

  /** The instruction of this declaration under this reference, or the one given before instructions were keyed by declaration. */
  private async instructionOf(declarationId: string, reference: string) {
    for (const stream of [instructionStream(declarationId, reference), legacyInstructionStream(reference)]) {
      const loaded = await this.repository.load(stream, instructionDecider);
      if (loaded.state.status !== 'none' && loaded.state.terms!.declarationId === declarationId) return { stream, loaded };
    }
    return { stream: instructionStream(declarationId, reference), loaded: null };
  }
}
