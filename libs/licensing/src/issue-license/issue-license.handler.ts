import { ForbiddenException, Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { licenseStream } from '@sw/shipment';
import { licenseDecider } from '../domain/license';
import { licenseTypes } from '../license-types.loader';
import { IssueLicense } from './issue-license.command';

@CommandHandler(IssueLicense)
export class IssueLicenseHandler implements ICommandHandler<IssueLicense, { number: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ terms, principal }: IssueLicense) {
    const type = licenseTypes().type(terms.type)!;
    if (!type.authorities.includes(principal.authority!)) {
      throw new ForbiddenException({
        message: `The authority ${principal.authority} does not issue ${type.nameEn} (${type.code} ${type.nameZh}): ${type.authorities.join(', ')} does`,
        errors: [{ field: 'type', message: `type ${type.code} is issued by ${type.authorities.join(', ')}, not by ${principal.authority}` }],
      });
    }
    const stream = licenseStream(terms.number);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, licenseDecider, { type: 'IssueLicense', terms: { ...terms, authority: principal.authority! }, now: context.now }, context);
    return { number: terms.number, revision: result.revision };
  }
}
