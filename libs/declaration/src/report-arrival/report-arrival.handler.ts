import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { arrivalStream } from '@sw/shipment';
import { arrivalDecider } from '../domain/arrival';
import { ReportArrivalCommand } from './report-arrival.command';

@CommandHandler(ReportArrivalCommand)
export class ReportArrivalHandler implements ICommandHandler<ReportArrivalCommand, { revision: number; arrivedAt: string }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute(command: ReportArrivalCommand) {
    const stream = arrivalStream(command.billOfLading);
    const context = commandContext(command.principal, { correlationId: stream, clock: this.clock });
    const { now } = context;
    const result = await this.repository.handle(stream, arrivalDecider, {
      type: 'ReportArrival', billOfLading: command.billOfLading, conveyance: command.conveyance, portOfEntry: command.portOfEntry,
      arrivedAt: command.arrivedAt ?? now, reportedBy: command.principal.subject, now,
    }, context);
    return { revision: result.revision, arrivedAt: (command.arrivedAt ?? now).toISOString() };
  }
}
