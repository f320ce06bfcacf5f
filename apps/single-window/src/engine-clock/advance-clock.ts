import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, EngineClock, commandContext } from '@sw/platform';
import { ENGINE_CLOCK_STREAM, engineClockDecider } from './engine-clock.decider';

export class AdvanceClockCommand {
  constructor(readonly durationMs: number, readonly duration: string) {}
}

@CommandHandler(AdvanceClockCommand)
export class AdvanceClockHandler implements ICommandHandler<AdvanceClockCommand> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: EngineClock) {}

  async execute(command: AdvanceClockCommand): Promise<{ now: string; revision: number }> {
    const context = commandContext({ kind: 'system', id: 'dev-clock' }, { correlationId: ENGINE_CLOCK_STREAM, clock: this.clock });
    const result = await this.repository.handle(
      ENGINE_CLOCK_STREAM,
      engineClockDecider,
      { type: 'AdvanceClock', durationMs: command.durationMs, duration: command.duration, now: context.now },
      context,
    );
    // The stream is the truth; this instance follows it at once, others through the projection.
    this.clock.setOffset(result.state.offsetMs);
    return { now: this.clock.now().toISOString(), revision: result.revision };
  }
}
