import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyCases } from '@sw/agency-case';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { AssessConformity } from './assess-conformity.command';

@CommandHandler(AssessConformity)
export class AssessConformityHandler implements ICommandHandler<AssessConformity> {
  constructor(private readonly cases: AgencyCases, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ agency, declarationId, result: conformity, note, reference, principal }: AssessConformity) {
    const { state } = await this.cases.load(agency, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${agency} case for declaration ${declarationId}`);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.cases.handle(agency, declarationId, { type: 'AssessConformity', result: conformity, officer: principal.subject, note, reference, now: context.now }, context);
    return { declarationId, agency, conformity: result.state.conformity, revision: result.revision };
  }
}
