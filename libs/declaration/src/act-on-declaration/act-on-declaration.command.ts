import type { Without } from '@sw/event-store';
import type { Principal } from '@sw/platform';
import type { DeclarationCommand } from '../domain/declaration.decider';

/** Any later command of the declarant on its own declaration (complete, withdraw). */
export class ActOnDeclaration {
  constructor(readonly declarationId: string, readonly command: Without<DeclarationCommand, 'now'>, readonly principal: Principal) {}
}
