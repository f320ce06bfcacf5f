import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, NotFoundError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { powerOfAttorneyDecider, powerOfAttorneyStream } from '../domain/power-of-attorney';
import { RevokePowerOfAttorney } from './revoke-power-of-attorney.command';

@CommandHandler(RevokePowerOfAttorney)
export class RevokePowerOfAttorneyHandler implements ICommandHandler<RevokePowerOfAttorney, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ id, reason, principal }: RevokePowerOfAttorney) {
    const stream = powerOfAttorneyStream(id);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    try {
      const result = await this.repository.handle(stream, powerOfAttorneyDecider, { type: 'Revoke', by: principal.uscc!, reason, now: context.now }, context);
      return { id, revision: result.revision };
    } catch (error) {
      // Another's power of attorney is as unknown as one that never was (404, not 403).
      if (error instanceof DomainError && error.code === 'power-of-attorney-unknown') throw new NotFoundError(`No power of attorney ${id}`, 'power-of-attorney-unknown');
      throw error;
    }
  }
}
