import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, WrongExpectedRevisionError, type Decided, type DomainEvent } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { billOfLadingStream, manifestStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { billRegisterDecider } from '../domain/bill-register';
import { manifestDecider } from '../domain/manifest';
import { toBill } from '../http/bills';
import { FileManifest } from './file-manifest.command';

/**
 * Files the manifest and puts each of its bills of lading on it, in one append: a bill already
 * on another manifest refuses the whole (409 bill-of-lading-on-another-manifest), and two
 * manifests racing for one bill cannot both be stored.
 */
@CommandHandler(FileManifest)
export class FileManifestHandler implements ICommandHandler<FileManifest, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ body, principal }: FileManifest) {
    const manifestId = randomUUID();
    const stream = manifestStream(manifestId);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const billsOfLading = body.billsOfLading.map(toBill);
    const header = {
      manifestId, carrier: principal.uscc!, conveyance: body.conveyance, voyage: body.voyage ?? null, transportMode: body.transportMode,
      direction: body.direction, portOfEntry: body.portOfEntry, expectedAt: new Date(body.expectedAt).toISOString(),
    };
    try {
      const decided: Decided<unknown, DomainEvent>[] = [
        await this.repository.decideAll(stream, manifestDecider, [{ type: 'FileManifest', header, billsOfLading, filedBy: principal.subject, now: context.now }], context, { newStream: true }),
        ...await Promise.all(billsOfLading.map((bill) => this.repository.decideAll(billOfLadingStream(bill.number), billRegisterDecider, [{
          type: 'PutOnManifest', billOfLading: bill.number, manifestId, conveyance: body.conveyance, portOfEntry: body.portOfEntry, now: context.now,
        }], context))),
      ];
      const [manifest] = await this.repository.appendDecided(decided);
      return { id: manifestId, revision: manifest!.revision };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new DomainError('concurrent-change', 'Another manifest took one of these bills of lading meanwhile: file again to see which');
      throw error;
    }
  }
}
