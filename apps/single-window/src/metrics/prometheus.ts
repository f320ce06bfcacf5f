import { Controller, Get, Header, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ClearanceTimesProjection } from '@sw/read-models';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '@sw/event-store';
import { Public } from '@sw/platform';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { SubscriptionHost } from '../subscription-host';
import { METRICS_REGISTRY } from '../tokens';


/** The instruments of one server instance (one registry each, so several can run in a process). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'sw_http_request_duration_seconds', help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  readonly appends = new Counter({ name: 'sw_event_store_appends_total', help: 'Appends to the event store by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly appendedEvents = new Counter({ name: 'sw_event_store_appended_events_total', help: 'Events appended', registers: [this.registry] });
  readonly appendDuration = new Histogram({
    name: 'sw_event_store_append_duration_seconds', help: 'Append latency', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers: [this.registry],
  });
  readonly releases = new Counter({ name: 'sw_declarations_released_total', help: 'Declarations released (一次放行), as projected by this instance', registers: [this.registry] });
  readonly subscriptionLag = new Gauge({ name: 'sw_subscription_lag_events', help: 'Events stored after each subscription checkpoint', labelNames: ['subscription'] as const, registers: [this.registry] });
  readonly subscriptionBacklog = new Gauge({ name: 'sw_subscription_backlog_seconds', help: 'How long the oldest event waiting for each subscription has waited', labelNames: ['subscription'] as const, registers: [this.registry] });
  readonly pipelineBacklog = new Gauge({ name: 'sw_pipeline_backlog_seconds', help: 'The largest subscription backlog: how far behind the pipeline is (admission control acts on it)', registers: [this.registry] });
  readonly admissionMaxBacklog = new Gauge({ name: 'sw_admission_max_backlog_seconds', help: 'ADMISSION_MAX_BACKLOG_SECONDS: new submissions are refused above this backlog (0: never)', registers: [this.registry] });
  readonly admissionShedding = new Gauge({ name: 'sw_admission_shedding', help: '1 while new submissions are refused (503) because the pipeline is behind', registers: [this.registry] });
  readonly admissionShed = new Counter({ name: 'sw_admission_shed_total', help: 'New submissions refused with 503 because the pipeline was behind', registers: [this.registry] });
  readonly subscriptionFailures = new Gauge({ name: 'sw_subscription_failures', help: 'Consecutive failed batches of each subscription', labelNames: ['subscription'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sw_' });
  }

  /** The same store, with its appends counted and timed. */
  instrument(store: EventStore): EventStore {
    const metrics = this;
    return new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'append') return Reflect.get(target, property, receiver);
        return async (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
          const stop = metrics.appendDuration.startTimer();
          try {
            const result = await target.append(streamId, events, expected);
            metrics.appends.inc({ outcome: 'ok' });
            metrics.appendedEvents.inc(events.length);
            return result;
          } catch (error) {
            metrics.appends.inc({ outcome: (error as Error).name === 'WrongExpectedRevisionError' ? 'conflict' : 'error' });
            throw error;
          } finally {
            stop();
          }
        };
      },
    });
  }
}

@Injectable()
export class MetricsWiring implements OnApplicationBootstrap {
  constructor(@Inject(METRICS_REGISTRY) private readonly metrics: ServerMetrics, private readonly subscriptions: SubscriptionHost, private readonly clearanceTimes: ClearanceTimesProjection) {}
  onApplicationBootstrap(): void {
    this.clearanceTimes.onRelease = (count) => this.metrics.releases.inc(count);
  }
  async refreshLag(): Promise<void> {
    for (const status of await this.subscriptions.status()) {
      if (status.lag !== null) this.metrics.subscriptionLag.set({ subscription: status.name }, status.lag);
      this.metrics.subscriptionFailures.set({ subscription: status.name }, status.failures);
    }
  }
}

@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly metrics: ServerMetrics, private readonly wiring: MetricsWiring) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.wiring.refreshLag().catch(() => undefined);
    return this.metrics.registry.metrics();
  }
}
