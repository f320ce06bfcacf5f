import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock, type Principal } from '@sw/platform';
import { declarationStream, isPartyOf } from '@sw/shipment';
import { declarationDecider, type DeclarationCommand, type DeclarationState } from '../domain/declaration.decider';
import { ActOnDeclaration } from './act-on-declaration.command';

@CommandHandler(ActOnDeclaration)
export class ActOnDeclarationHandler implements ICommandHandler<ActOnDeclaration, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, command, principal }: ActOnDeclaration) {
    const stream = declarationStream(declarationId);
    const { state } = await this.repository.load(stream, declarationDecider);
    if (!isDeclarant(state, principal)) throw new NotFoundException(`No declaration ${declarationId}`);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.repository.handle(stream, declarationDecider, { ...command, now: context.now } as DeclarationCommand, context);
    return { id: declarationId, revision: result.revision };
  }
}

/**
 * An enterprise sees and acts on the declarations it filed or a broker filed for it (代理报关), a
 * broker on those it filed; others get 404, never 403.
 */
export function isDeclarant(state: DeclarationState, principal: Principal): boolean {
  return state.lifecycle !== 'none' && !!state.declaration && isPartyOf(state.declaration, principal);
}
