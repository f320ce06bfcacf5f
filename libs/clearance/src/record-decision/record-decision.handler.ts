import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyCases } from '@sw/agency-case';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { RecordDecision } from './record-decision.command';

@CommandHandler(RecordDecision)
export class RecordDecisionHandler implements ICommandHandler<RecordDecision> {
  constructor(private readonly cases: AgencyCases, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ agency, declarationId, decision, reason, principal }: RecordDecision) {
    const { state } = await this.cases.load(agency, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${agency} case for declaration ${declarationId}`);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.cases.handle(agency, declarationId, { type: 'Decide', decision, reason, officer: principal.subject, now: context.now }, context);
    return { declarationId, agency, status: result.state.status, revision: result.revision };
  }
}
