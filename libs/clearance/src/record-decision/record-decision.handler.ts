import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyCases } from '@sw/agency-case';
import { declarationDecider } from '@sw/declaration';
import { DeciderRepository, DomainError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { declarationStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { RecordDecision } from './record-decision.command';

@CommandHandler(RecordDecision)
export class RecordDecisionHandler implements ICommandHandler<RecordDecision> {
  constructor(private readonly cases: AgencyCases, private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ agency, declarationId, decision, reason, principal, fields }: RecordDecision) {
    const { state } = await this.cases.load(agency, declarationId);
    if (state.status === 'none') throw new NotFoundException(`No ${agency} case for declaration ${declarationId}`);
    // A withdrawn or rejected declaration is over, whether or not the process has closed this case yet
    // (a case that is itself decided answers for itself below).
    const { state: declaration } = await this.repository.load(declarationStream(declarationId), declarationDecider);
    const caseOpen = state.status !== 'released' && state.status !== 'rejected' && state.status !== 'closed';
    if (caseOpen && (declaration.lifecycle === 'withdrawn' || declaration.lifecycle === 'rejected')) {
      throw new DomainError(`declaration-${declaration.lifecycle}`, `The declaration was ${declaration.lifecycle}: no decision is taken on it any more`);
    }
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    if (decision === 'return' || decision === 'request-information') {
      // 退单 and 补充申报 are the declaration's: the clearance process answers them on the cases.
      if (!caseOpen) throw new DomainError(`case-${state.status}`, `Cannot ${decision === 'return' ? 'return the declaration' : 'request information'}: the ${agency} case is ${state.status}`);
      const requestId = randomUUID();
      const command = decision === 'return'
        ? { type: 'Return' as const, agency, reason, officer: principal.subject, now: context.now }
        : { type: 'RequestInformation' as const, requestId, agency, reason, fields, officer: principal.subject, now: context.now };
      const result = await this.repository.handle(declarationStream(declarationId), declarationDecider, command, context);
      return { declarationId, agency, status: result.state.lifecycle, revision: result.revision, ...(decision === 'request-information' ? { requestId } : {}) };
    }
    const result = await this.cases.handle(agency, declarationId, { type: 'Decide', decision, reason, officer: principal.subject, now: context.now }, context);
    return { declarationId, agency, status: result.state.status, revision: result.revision };
  }
}
