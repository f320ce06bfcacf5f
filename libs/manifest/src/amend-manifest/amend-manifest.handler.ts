import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, WrongExpectedRevisionError, type Decided, type DomainEvent } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { billOfLadingStream, manifestStream } from '@sw/shipment';
import { billRegisterDecider } from '../domain/bill-register';
import { manifestDecider, type ManifestEvent } from '../domain/manifest';
import { toBill } from '../http/bills';
import { AmendManifest } from './amend-manifest.command';

const ATTEMPTS = 3;

/** 舱单变更: the manifest's new list of bills; bills added go on it, bills removed come off it, in one append. */
@CommandHandler(AmendManifest)
export class AmendManifestHandler implements ICommandHandler<AmendManifest, { id: string; revision: number; added: string[]; removed: string[] }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ manifestId, body, principal }: AmendManifest) {
    const stream = manifestStream(manifestId);
    for (let attempt = 1; ; attempt++) {
      const context = commandContext(principal, { correlationId: stream, clock: this.clock });
      const manifest = await this.repository.decideAll(stream, manifestDecider, [{
        type: 'AmendManifest', carrier: principal.uscc!, billsOfLading: body.billsOfLading.map(toBill),
        ...(body.expectedAt ? { expectedAt: new Date(body.expectedAt).toISOString() } : {}), amendedBy: principal.subject, now: context.now,
      }], context);
      const amended = manifest.events[0] as Extract<ManifestEvent, { type: 'ManifestAmended' }>;
      const { added, removed, conveyance, portOfEntry } = amended.data;
      const decided: Decided<unknown, DomainEvent>[] = [
        manifest,
        ...await Promise.all(added.map((number) => this.repository.decideAll(billOfLadingStream(number), billRegisterDecider, [{ type: 'PutOnManifest', billOfLading: number, manifestId, conveyance, portOfEntry, now: context.now }], context))),
        ...await Promise.all(removed.map((number) => this.repository.decideAll(billOfLadingStream(number), billRegisterDecider, [{ type: 'TakeOffManifest', billOfLading: number, manifestId, now: context.now }], context))),
      ];
      try {
        const [written] = await this.repository.appendDecided(decided);
        return { id: manifestId, revision: written!.revision, added, removed };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= ATTEMPTS) throw new DomainError('concurrent-change', 'The manifest or one of its bills changed meanwhile: amend again');
      }
    }
  }
}
