import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EVENT_STORE, EVENT_SUBSCRIBER, SubscriptionRunner, type EventStore, type Subscriber, type SubscriptionStatus } from '@sw/event-store';
import { APP_CONFIG, type AppConfig } from '@sw/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from './tokens';

/** Runs every @EventSubscriber() provider of the app (unless this instance only serves the API). */
@Injectable()
export class SubscriptionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runner: SubscriptionRunner | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  subscribers(): Subscriber[] {
    return this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance && Reflect.getMetadata(EVENT_SUBSCRIBER, wrapper.metatype as object))
      .map((wrapper) => wrapper.instance as Subscriber);
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.runner = new SubscriptionRunner(this.store, this.dataSource, this.subscribers(), {
      log: (level, message, fields) => this.logger[level](fields ?? {}, message),
    });
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }

  async status(): Promise<SubscriptionStatus[]> {
    return this.runner ? this.runner.status() : [];
  }

  /** For tests and tools: resolves when every subscription has handled all stored events. */
  async waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    await this.runner?.waitUntilCaughtUp(timeoutMs);
  }
}
