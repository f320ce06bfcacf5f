import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, NotFoundError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { bankReferenceStream, declarationStream, instructionStream, legacyInstructionStream } from '@sw/shipment';
import { bankReferenceDecider } from '../domain/bank-reference';
import { instructionDecider, type InstructionCommand, type InstructionState } from '../domain/instruction';
import { ConfirmSettlement, type ConfirmSettlementResult } from './confirm-settlement.command';
import { legacySettlements } from './legacy-settlements';

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
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const command: InstructionCommand = { type: 'Confirm', ...confirmation, bank: principal.bank!, now: context.now };
    const { stream, loaded: found } = await this.instructionOf(declarationId, reference);
    const loaded = found ?? await this.adoptLegacy(stream, declarationId, reference, command, context);
    // Unknown: 404 with a code; nothing is recorded for a reference nobody instructed on this declaration.
    if (!loaded) throw new NotFoundError(`No payment or guarantee instruction of declaration ${declarationId} has the reference ${reference}`, 'unknown-reference');
    // A mismatch or a contradiction is refused before the reference is claimed (pure: nothing is written).
    const events = instructionDecider.decide(command, loaded.state);
    if (confirmation.status === 'confirmed') {
      await this.repository.handle(bankReferenceStream(principal.bank!, reference), bankReferenceDecider,
        { type: 'ClaimReference', bank: principal.bank!, reference, declarationId, kind: loaded.state.terms!.kind, now: context.now }, context);
    }
    const result = events.length === 0 ? { events, revision: loaded.revision } : await this.repository.handle(stream, instructionDecider, command, context, { known: loaded });
    return { reference, declarationId, status: confirmation.status, duplicate: result.events.length === 0, revision: result.revision };
  }

  /** A payment or guarantee recorded on the declaration before v1.1 under this reference, taken on as its instruction (legacy-settlements.ts); null when there is none. */
  private async adoptLegacy(stream: string, declarationId: string, reference: string, confirm: InstructionCommand, context: ReturnType<typeof commandContext>) {
    const { state: records } = await this.repository.load(declarationStream(declarationId), legacySettlements);
    const record = records.find((r) => r.reference === reference);
    if (!record) return null;
    const { kind, amount, currency, at, declarant } = record;
    const adopt: InstructionCommand = { type: 'AdoptLegacy', declarationId, declarant, kind, amount, currency, reference, instructedAt: at, now: context.now };
    // A confirmation that does not match the record is refused before anything is written.
    const { initialState, evolve, decide } = instructionDecider;
    decide(confirm, decide(adopt, initialState()).reduce(evolve, initialState()));
    const adopted = await this.repository.handle(stream, instructionDecider, adopt, context);
    return { state: adopted.state, revision: adopted.revision };
  }

  /** The instruction of this declaration under this reference, or the one given before instructions were keyed by declaration. */
  private async instructionOf(declarationId: string, reference: string) {
    for (const stream of [instructionStream(declarationId, reference), legacyInstructionStream(reference)]) {
      const loaded = await this.repository.load(stream, instructionDecider);
      if (loaded.state.status !== 'none' && loaded.state.terms!.declarationId === declarationId) return { stream, loaded: { state: loaded.state, revision: loaded.revision } };
    }
    return { stream: instructionStream(declarationId, reference), loaded: null as { state: InstructionState; revision: number } | null };
  }
}
