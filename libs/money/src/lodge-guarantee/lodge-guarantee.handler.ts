import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError } from '@sw/event-store';
import { CLOCK, commandContext, setCorrelationId, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { guaranteeStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { chinaDate, generalGuaranteeDecider } from '../domain/general-guarantee';
import { LodgeGuarantee } from './lodge-guarantee.command';

@CommandHandler(LodgeGuarantee)
export class LodgeGuaranteeHandler implements ICommandHandler<LodgeGuarantee, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ terms, principal }: LodgeGuarantee) {
    // 汇总征税 is not open to a 失信 enterprise.
    if (referenceData().creditRating(terms.holder) === 'discredited') {
      throw new DomainError('holder-not-eligible', `Enterprise ${terms.holder} is a 失信 (discredited) enterprise: consolidated tax against a general guarantee is not open to it`, { errors: [{ field: 'holder', message: 'a discredited enterprise is not eligible' }] });
    }
    if (terms.validUntil < chinaDate(this.clock.now())) {
      throw new DomainError('guarantee-expired', `A guarantee valid until ${terms.validUntil} covers nothing any more`, { errors: [{ field: 'validUntil', message: 'must be today or later' }] });
    }
    const guaranteeId = randomUUID();
    const stream = guaranteeStream(guaranteeId);
    setCorrelationId(stream);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, generalGuaranteeDecider, { type: 'LodgeGuarantee', guaranteeId, ...terms, bank: principal.bank!, now: context.now }, context, { newStream: true });
    return { id: guaranteeId, revision: result.revision };
  }
}
