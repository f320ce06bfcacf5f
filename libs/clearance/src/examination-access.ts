import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { declarationDecider } from '@sw/declaration';
import type { DeciderRepository } from '@sw/event-store';
import type { Principal } from '@sw/platform';
import { declarationStream, isPartyOf } from '@sw/shipment';

/** Enterprises: their own shipments, brokers those they filed (404 otherwise); officers: shipments routed to their agency. */
export async function requireExaminationAccess(repository: DeciderRepository, declarationId: string, principal: Principal): Promise<void> {
  if (principal.role === 'auditor') return;
  const { state } = await repository.load(declarationStream(declarationId), declarationDecider);
  if (state.lifecycle === 'none') throw new NotFoundException(`No declaration ${declarationId}`);
  if ((principal.role === 'enterprise' || principal.role === 'broker') && !(state.declaration && isPartyOf(state.declaration, principal))) throw new NotFoundException(`No declaration ${declarationId}`);
  if (principal.role === 'officer' && state.routing && !state.routing.agencies.includes(principal.agency!)) {
    throw new ForbiddenException(`Declaration ${declarationId} is not routed to ${principal.agency}`);
  }
}
