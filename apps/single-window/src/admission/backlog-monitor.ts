import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, measureBacklog, type EventStore } from '@sw/event-store';
import { ADMISSION_CONTROL, type AdmissionControl } from '@sw/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { ServerMetrics } from '../metrics/prometheus';
import { SubscriptionHost } from '../subscription-host';
import { LOGGER, METRICS_REGISTRY } from '../tokens';

/** How often the backlog is measured: often enough that shedding starts within a second of the limit. */
export const BACKLOG_INTERVAL_MS = 500;

/**
 * Measures the pipeline's backlog (every subscription of the app, from the checkpoints in the
 * database, so an API process measures the workers' progress) and hands it to AdmissionControl
 * and the metrics. One measurement at a time; a failed one leaves the last reading to go stale,
 * and a stale reading sheds nothing.
 */
@Injectable()
export class BacklogMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly subscriptions: SubscriptionHost,
    @Inject(ADMISSION_CONTROL) private readonly admission: AdmissionControl,
    @Inject(METRICS_REGISTRY) private readonly metrics: ServerMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.admissionMaxBacklog.set(this.admission.maxBacklogSeconds);
    this.timer = setInterval(() => void this.measure(), BACKLOG_INTERVAL_MS);
    this.timer.unref();
    void this.measure();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Measures now (or joins the measurement under way). */
  measure(): Promise<void> {
    this.running ??= this.measureOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async measureOnce(): Promise<void> {
    try {
      const subscribers = this.subscriptions.subscribers();
      const items = await measureBacklog(this.store, this.dataSource.manager, subscribers);
      const bySubscription: Record<string, number> = {};
      for (const item of items) {
        bySubscription[item.name] = Math.round(item.seconds * 10) / 10;
        this.metrics.subscriptionBacklog.set({ subscription: item.name }, item.seconds);
      }
      const seconds = items.reduce((max, item) => Math.max(max, item.seconds), 0);
      this.metrics.pipelineBacklog.set(seconds);
      const wasShedding = this.admission.refusal() !== null;
      this.admission.update({ seconds, bySubscription, measuredAt: Date.now() });
      const shedding = this.admission.refusal() !== null;
      this.metrics.admissionShedding.set(shedding ? 1 : 0);
      if (shedding !== wasShedding) {
        this.logger.warn({ backlogSeconds: seconds, maxBacklogSeconds: this.admission.maxBacklogSeconds, bySubscription },
          shedding ? 'admission: the pipeline is behind; new submissions are refused (503)' : 'admission: the pipeline caught up; new submissions are taken again');
      }
    } catch (error) {
      this.logger.debug({ err: error }, 'backlog measurement failed');
    }
  }
}
