import { HttpException, HttpStatus, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * Admission control (ADMISSION_MAX_BACKLOG_SECONDS): a server that says no before it drowns.
 *
 * The pipeline's backlog is how long the oldest event still waiting for a subscription has
 * waited (measured by the server, see apps/single-window/src/admission). While it is above the
 * limit, routes marked @Sheddable() (new submissions only) are refused with 503, code
 * `admission-backlog` and a Retry-After; everything else (officers' decisions, payments,
 * banks' confirmations, arrivals, reads) is always taken, so work already accepted can finish.
 */
export const SHEDDABLE = Symbol('sheddable');

/** Marks a route that creates new work: refused while the pipeline is too far behind. */
export const Sheddable = () => SetMetadata(SHEDDABLE, true);

/** One measurement of the pipeline's backlog. */
export interface BacklogReading {
  /** Seconds the oldest waiting event has waited (0: nothing waits), the largest over the subscriptions. */
  seconds: number;
  /** Per subscription: seconds its oldest waiting event has waited. */
  bySubscription: Record<string, number>;
  /** When it was measured (epoch ms). */
  measuredAt: number;
}

/** A reading older than this is not acted on (the measurement failed): submissions are taken. */
const STALE_AFTER_MS = 5_000;
/** Retry-After is at least this and at most RETRY_AFTER_MAX_SECONDS. */
const RETRY_AFTER_MIN_SECONDS = 1;
const RETRY_AFTER_MAX_SECONDS = 60;

/** The decision: shed or admit, from the latest reading. Pure apart from `now`. */
export class AdmissionControl {
  private reading: BacklogReading | null = null;
  private shedCount = 0;
  /** Called on each refused submission (the server counts them in /metrics). */
  onShed?: () => void;

  /** `maxBacklogSeconds` 0 turns shedding off (the backlog is still measured and shown). */
  constructor(readonly maxBacklogSeconds: number, private readonly now: () => number = Date.now) {}

  update(reading: BacklogReading): void {
    this.reading = reading;
  }

  /** The latest reading, or null before the first (or when it is stale). */
  current(): BacklogReading | null {
    if (!this.reading || this.now() - this.reading.measuredAt > STALE_AFTER_MS) return null;
    return this.reading;
  }

  /** Null: admit. Otherwise how long the client should wait before trying again. */
  refusal(): { backlogSeconds: number; retryAfterSeconds: number } | null {
    const reading = this.current();
    if (this.maxBacklogSeconds <= 0 || !reading || reading.seconds <= this.maxBacklogSeconds) return null;
    // The backlog beyond the limit must drain before a new submission is taken: that long at least.
    const over = Math.ceil(reading.seconds - this.maxBacklogSeconds);
    return { backlogSeconds: round1(reading.seconds), retryAfterSeconds: Math.min(RETRY_AFTER_MAX_SECONDS, Math.max(RETRY_AFTER_MIN_SECONDS, over)) };
  }

  /** What /health shows. */
  status(): { state: 'admitting' | 'shedding' | 'unknown'; backlogSeconds: number | null; maxBacklogSeconds: number; shed: number; measuredAt: string | null; bySubscription: Record<string, number> } {
    const reading = this.current();
    return {
      state: !reading ? 'unknown' : this.refusal() ? 'shedding' : 'admitting',
      backlogSeconds: reading ? round1(reading.seconds) : null,
      maxBacklogSeconds: this.maxBacklogSeconds,
      shed: this.shedCount,
      measuredAt: reading ? new Date(reading.measuredAt).toISOString() : null,
      bySubscription: reading?.bySubscription ?? {},
    };
  }

  /** Counts a refused submission. */
  shed(): void {
    this.shedCount++;
    this.onShed?.();
  }

  get shedTotal(): number {
    return this.shedCount;
  }
}

/** 503 with code `admission-backlog`; the guard has set Retry-After on the reply. */
export class AdmissionRefusedException extends HttpException {
  constructor(readonly backlogSeconds: number, readonly maxBacklogSeconds: number, readonly retryAfterSeconds: number) {
    super({
      message: `The clearance pipeline is ${backlogSeconds} s behind (more than ${maxBacklogSeconds} s): new declarations are not taken for now; `
        + `retry after ${retryAfterSeconds} s. Nothing was stored. Decisions, payments and confirmations are still taken.`,
      code: 'admission-backlog',
    }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** Global guard: refuses @Sheddable() routes while AdmissionControl says so. Runs after AccessGuard. */
@Injectable()
export class AdmissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly admission: AdmissionControl) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.reflector.getAllAndOverride<boolean | undefined>(SHEDDABLE, [context.getHandler(), context.getClass()])) return true;
    const refusal = this.admission.refusal();
    if (!refusal) return true;
    this.admission.shed();
    context.switchToHttp().getResponse().header('retry-after', String(refusal.retryAfterSeconds));
    throw new AdmissionRefusedException(refusal.backlogSeconds, this.admission.maxBacklogSeconds, refusal.retryAfterSeconds);
  }
}

export const ADMISSION_CONTROL = Symbol('ADMISSION_CONTROL');

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
