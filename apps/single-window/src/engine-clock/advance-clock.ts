import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository } from '@sw/event-store';
import { CLOCK, EngineClock } from '@sw/platform';
import { ENGINE_CLOCK_STREAM, engineClockDecider } from './engine-clock.decider';

export class AdvanceClockCommand {
  constructor(readonly durationMs: number, readonly duration: string, readonly requestId: string) {}
}

@CommandHandler(AdvanceClockCommand)
export class AdvanceClockHandler implements ICommandHandler<AdvanceClockCommand> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: EngineClock) {}

  async execute(command: AdvanceClockCommand): Promise<{ now: string; revision: number }> {
    const now = this.clock.now();
    const result = await this.repository.handle(
      ENGINE_CLOCK_STREAM,
      engineClockDecider,
      { type: 'AdvanceClock', durationMs: command.durationMs, duration: command.duration, now },
      { correlationId: ENGINE_CLOCK_STREAM, causationId: command.requestId, actor: { kind: 'system', id: 'dev-clock' }, now },
    );
    // The stream is the truth; this instance follows it at once, others through the projection.
    this.clock.setOffset(result.state.offsetMs);
    return { now: this.clock.now().toISOString(), revision: result.revision };
  }
}
