import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * The engine's clock offset as a stream (`engine-clock`): moving the dev clock is a recorded
 * fact like any other, so deadlines and audits see the same time on every instance and
 * after a restart.
 */
export const ENGINE_CLOCK_STREAM = 'engine-clock';

export type ClockAdvanced = DomainEvent<'ClockAdvanced', { byMs: number; duration: string; offsetMs: number; at: string }>;
export type EngineClockEvent = ClockAdvanced;

export interface AdvanceClock {
  type: 'AdvanceClock';
  durationMs: number;
  duration: string;
  now: Date;
}

export interface EngineClockState {
  offsetMs: number;
}

/** Ten years: enough for any deadline scenario, small enough to keep dates sane. */
export const MAX_ADVANCE_MS = 10 * 366 * 24 * 3600 * 1000;

export const engineClockDecider: Decider<EngineClockState, AdvanceClock, EngineClockEvent> = {
  initialState: () => ({ offsetMs: 0 }),
  evolve: (state, event) => (event.type === 'ClockAdvanced' ? { offsetMs: state.offsetMs + event.data.byMs } : state),
  decide(command, state) {
    if (!(command.durationMs > 0)) throw new DomainError('clock-not-advanced', 'The clock only moves forward: give a positive duration');
    if (state.offsetMs + command.durationMs > MAX_ADVANCE_MS) throw new DomainError('clock-too-far', 'The dev clock may run at most ten years ahead');
    return [{
      type: 'ClockAdvanced',
      data: { byMs: command.durationMs, duration: command.duration, offsetMs: state.offsetMs + command.durationMs, at: new Date(command.now.getTime() + command.durationMs).toISOString() },
    }];
  },
};
