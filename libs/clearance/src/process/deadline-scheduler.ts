import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeciderRepository } from '@sw/event-store';
import { declarationDecider } from '@sw/declaration';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@sw/platform';
import { ClearanceTables } from './clearance.tables';

/**
 * Fires stored deadlines (table `deadlines`, written from CompleteDeclarationScheduled) when the
 * engine clock passes them. Survives restarts (the table), fires once (the decider marks a
 * declaration overdue once, with event ids derived from the deadline).
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private readonly logger = new Logger('DeadlineScheduler');

  constructor(
    private readonly tables: ClearanceTables,
    private readonly repository: DeciderRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.tick(), 500);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Fires everything due now; returns how many deadlines fired. */
  tick(): Promise<void> {
    this.running ??= this.fireDue().catch((error) => this.logger.warn(`deadlines: ${(error as Error).message}`)).finally(() => { this.running = null; });
    return this.running;
  }

  private async fireDue(): Promise<void> {
    const now = this.clock.now();
    const due = await this.tables.dueDeadlines(now);
    for (const deadline of due) {
      await this.repository.handle(deadline.stream_id, declarationDecider, { type: 'MarkOverdue', now }, {
        correlationId: deadline.correlation_id, causationId: deadline.id, actor: { kind: 'system', id: 'deadlines' }, now, idempotencySeed: deadline.id,
      });
      await this.tables.markFired(deadline.id, now);
    }
  }
}
