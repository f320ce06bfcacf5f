/** The engine's clock. Everything that reads the time goes through it, so the dev clock can move it. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

/** Wall-clock time plus an offset that only grows (set from the engine-clock stream). */
export class EngineClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** The offset never moves back: a stale reader must not undo an advance seen earlier. */
  setOffset(offsetMs: number): void {
    if (offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}

/** A clock that stands still until moved: for tests. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const DURATION = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration made of weeks, days, hours, minutes and seconds
 * (`P15D`, `PT48H`, `P1DT12H`). Years and months are refused: their length depends on the date.
 */
export function parseIsoDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const [, weeks, days, hours, minutes, seconds] = match;
  return (
    (Number(weeks ?? 0) * 7 * 24 * 3600 + Number(days ?? 0) * 24 * 3600 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000
  );
}
