import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { jointExaminationDecider } from '@sw/examination';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { examinationStream } from '@sw/shipment';
import { requireExaminationAccess } from '../examination-access';
import { RecordFindings } from './record-findings.command';

@CommandHandler(RecordFindings)
export class RecordFindingsHandler implements ICommandHandler<RecordFindings> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ declarationId, findings, principal }: RecordFindings) {
    await requireExaminationAccess(this.repository, declarationId, principal);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    const result = await this.repository.handle(examinationStream(declarationId), jointExaminationDecider, {
      type: 'RecordFindings', agency: principal.agency!, officer: principal.subject, findings, now: context.now,
    }, context);
    return { declarationId, status: result.state.status, revision: result.revision };
  }
}
