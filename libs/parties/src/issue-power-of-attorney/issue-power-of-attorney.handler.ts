import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, FieldValidationException, type Clock } from '@sw/platform';
import { chinaDate } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { powerOfAttorneyDecider, powerOfAttorneyStream } from '../domain/power-of-attorney';
import { PowersOfAttorneyTable } from '../powers-of-attorney.table';
import { IssuePowerOfAttorney } from './issue-power-of-attorney.command';

@CommandHandler(IssuePowerOfAttorney)
export class IssuePowerOfAttorneyHandler implements ICommandHandler<IssuePowerOfAttorney, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, private readonly table: PowersOfAttorneyTable, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ agent, validFrom, validUntil, scope, principal }: IssuePowerOfAttorney) {
    const errors = [];
    if (agent === principal.uscc) errors.push({ field: 'agent', message: "agent must be a broker's USCC, not the principal's own" });
    if (validUntil < chinaDate(this.clock.now())) errors.push({ field: 'validUntil', message: `validUntil ${validUntil} is already past (today is ${chinaDate(this.clock.now())} in China)` });
    if (errors.length) throw new FieldValidationException(errors);
    const id = randomUUID();
    // Found before it exists rather than exist unfound: the table only says where to look.
    await this.table.record(id, principal.uscc!, agent);
    const stream = powerOfAttorneyStream(id);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, powerOfAttorneyDecider, { type: 'Issue', id, principal: principal.uscc!, agent, validFrom, validUntil, scope, now: context.now }, context, { newStream: true });
    return { id, revision: result.revision };
  }
}
