import { DomainError } from '@sw/event-store';
import { MAX_ADVANCE_MS, engineClockDecider, type AdvanceClock, type EngineClockEvent } from './engine-clock.decider';

const now = new Date('2026-11-23T00:00:00.000Z');
const advance = (durationMs: number, duration = 'P1D'): AdvanceClock => ({ type: 'AdvanceClock', durationMs, duration, now });
const advanced = (byMs: number, offsetMs: number): EngineClockEvent => ({
  type: 'ClockAdvanced', data: { byMs, duration: 'P1D', offsetMs, at: new Date(now.getTime() + byMs).toISOString() },
});

function given(events: EngineClockEvent[]) {
  const state = events.reduce(engineClockDecider.evolve, engineClockDecider.initialState());
  return { when: (command: AdvanceClock) => () => engineClockDecider.decide(command, state) };
}

describe('engine clock decider', () => {
  it.each([
    ['a fresh clock', [], advance(86_400_000), [advanced(86_400_000, 86_400_000)]],
    ['a clock already ahead', [advanced(86_400_000, 86_400_000)], advance(86_400_000), [advanced(86_400_000, 172_800_000)]],
  ])('advances %s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each([
    ['zero', 0, 'clock-not-advanced'],
    ['a negative duration', -1, 'clock-not-advanced'],
    ['past ten years', MAX_ADVANCE_MS + 1, 'clock-too-far'],
  ])('refuses %s', (_, durationMs, code) => {
    expect(given([]).when(advance(durationMs))).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });
});
