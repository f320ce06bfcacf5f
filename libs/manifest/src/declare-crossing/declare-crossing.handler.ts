import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, type Decided, type DomainEvent } from '@sw/event-store';
import { CLOCK, FieldValidationException, commandContext, type Clock } from '@sw/platform';
import { arrivalMatches, conveyanceStream, crossingStream, declarationStream, normalizeConveyance } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { conveyanceRegisterDecider } from '../domain/conveyance-register';
import { crossingDecider } from '../domain/crossing';
import { DeclareCrossing } from './declare-crossing.command';

type Submitted = { type: string; data: { declaration?: { portOfEntry: string; transport: { conveyance: string } } } };
/** A declaration's submission, as its stream's first event carries it (only what a crossing checks). */
const submission = { initialState: (): Submitted['data']['declaration'] | null => null, evolve: (state: Submitted['data']['declaration'] | null, event: Submitted) => state ?? event.data.declaration ?? null };

/**
 * Declares the crossing; border check assesses it when the event comes back (the clearance
 * process, with the active alerts). Each declaration listed must be one of that conveyance at
 * that port, so that the gate cannot let a declaration out on another vehicle.
 */
@CommandHandler(DeclareCrossing)
export class DeclareCrossingHandler implements ICommandHandler<DeclareCrossing, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ body, principal }: DeclareCrossing) {
    const declarations = (body.declarations ?? []).map((id) => id.toLowerCase());
    const found = await Promise.all(declarations.map((id) => this.repository.load(declarationStream(id), submission as never)));
    const errors = declarations.flatMap((id, index) => {
      const declared = found[index]!.state as Submitted['data']['declaration'] | null;
      return declared && arrivalMatches({ portOfEntry: body.portOfEntry, conveyance: body.conveyance }, declared) ? []
        : [{ field: `declarations[${index}]`, message: `${id} is not a declaration of conveyance ${body.conveyance} at port ${body.portOfEntry}` }];
    });
    if (errors.length) throw new FieldValidationException(errors);
    const crossingId = randomUUID();
    const stream = crossingStream(crossingId);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const decided: Decided<unknown, DomainEvent>[] = [
      await this.repository.decideAll(stream, crossingDecider, [{
        type: 'DeclareCrossing', now: context.now,
        crossing: {
          crossingId, carrier: principal.uscc!, conveyance: body.conveyance, direction: body.direction, portOfEntry: body.portOfEntry,
          crew: body.crew.map(({ name, document }) => ({ name, document })), empty: body.empty, declarations, declaredBy: principal.subject,
        },
      }], context, { newStream: true }),
      // The register is read by the gate at once; a concurrent declaration of the same vehicle makes this append fail (409), never both half-written.
      await this.repository.decideAll(conveyanceStream(body.portOfEntry, normalizeConveyance(body.conveyance)), conveyanceRegisterDecider, [{
        type: 'RegisterCrossing', crossingId, conveyance: body.conveyance, portOfEntry: body.portOfEntry, now: context.now,
      }], context),
    ];
    const [crossing] = await this.repository.appendDecided(decided);
    return { id: crossingId, revision: crossing!.revision };
  }
}
