import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { chinaDate, feeCatalogueStream } from '@sw/shipment';
import { feeCatalogueDecider } from '../domain/fee-catalogue';
import { PublishCatalogue } from './publish-catalogue.command';

@CommandHandler(PublishCatalogue)
export class PublishCatalogueHandler implements ICommandHandler<PublishCatalogue, { port: string; version: number; effectiveFrom: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ port, effectiveFrom, items, principal }: PublishCatalogue) {
    const stream = feeCatalogueStream(port);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, feeCatalogueDecider, {
      type: 'PublishCatalogue', port, effectiveFrom, items, publishedBy: principal.subject, today: chinaDate(context.now), now: context.now,
    }, context);
    return { port, version: result.state.versions.at(-1)!.version, effectiveFrom, revision: result.revision };
  }
}
