import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { amendedBody, declarationDecider, routeDeclaration } from '@sw/declaration';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { declarationStream } from '@sw/shipment';
import { DecideAmendment } from './decide-amendment.command';

@CommandHandler(DecideAmendment)
export class DecideAmendmentHandler implements ICommandHandler<DecideAmendment> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, amendmentId, decision, reason, principal }: DecideAmendment) {
    const stream = declarationStream(declarationId);
    const { state } = await this.repository.load(stream, declarationDecider);
    const amendment = state.amendments.find((a) => a.id === amendmentId);
    if (state.lifecycle === 'none' || !state.declaration || !amendment) throw new NotFoundException(`No amendment ${amendmentId} of declaration ${declarationId}`);
    // Approved before release, the amended declaration is routed again on the reference data (the decider stays pure).
    const routing = decision === 'approve' && !amendment.afterRelease ? routeDeclaration(amendedBody(state.declaration, amendment.changes), referenceData()) : null;
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.repository.handle(stream, declarationDecider, { type: 'DecideAmendment', amendmentId, decision, reason, officer: principal.subject, routing, now: context.now }, context);
    const decided = result.state.amendments.find((a) => a.id === amendmentId)!;
    return { declarationId, amendmentId, status: decided.status, version: result.state.version };
  }
}
