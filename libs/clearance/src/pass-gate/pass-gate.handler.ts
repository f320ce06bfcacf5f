import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DECLARATIONS_BY_TRANSPORT, declarationDecider, type DeclarationsByTransport } from '@sw/declaration';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { declarationStream } from '@sw/shipment';
import { PassGate, type GatePass } from './pass-gate.command';

/** The gate opens only when every candidate declaration is released, and records each one's exit. */
@CommandHandler(PassGate)
export class PassGateHandler implements ICommandHandler<PassGate, GatePass> {
  constructor(
    private readonly repository: DeciderRepository,
    @Inject(DECLARATIONS_BY_TRANSPORT) private readonly declarations: DeclarationsByTransport,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ conveyance, portOfEntry, principal }: PassGate): Promise<GatePass> {
    const declarationIds = await this.declarations.awaitingExit(conveyance, portOfEntry);
    if (declarationIds.length === 0) return { open: false, reasons: [`no declaration awaits exit for ${conveyance} at ${portOfEntry}`] };
    // The read model finds the candidates; each declaration's own stream says whether it is released.
    const states = await Promise.all(declarationIds.map(async (id) => ({ id, state: (await this.repository.load(declarationStream(id), declarationDecider)).state })));
    const waiting = states.filter(({ state }) => state.lifecycle !== 'released' && state.lifecycle !== 'exited');
    if (waiting.length) return { open: false, reasons: waiting.map(({ id, state }) => `declaration ${id} is not released (${state.lifecycle})`) };
    for (const { id } of states) {
      const context = commandContext(principal, { correlationId: id, clock: this.clock });
      await this.repository.handle(declarationStream(id), declarationDecider, { type: 'RecordExit', conveyance, portOfEntry, now: context.now }, context);
    }
    return { open: true, declarations: states.map((s) => s.id) };
  }
}
