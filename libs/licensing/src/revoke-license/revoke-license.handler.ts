import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { licenseStream } from '@sw/shipment';
import { licenseDecider } from '../domain/license';
import { loadVisibleLicense } from '../license-access';
import { RevokeLicense } from './revoke-license.command';

@CommandHandler(RevokeLicense)
export class RevokeLicenseHandler implements ICommandHandler<RevokeLicense, { number: string; status: 'revoked'; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ number, reason, principal }: RevokeLicense) {
    await loadVisibleLicense(this.repository, number, principal);
    const stream = licenseStream(number);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, licenseDecider, { type: 'RevokeLicense', reason, now: context.now }, context);
    return { number, status: 'revoked' as const, revision: result.revision };
  }
}
