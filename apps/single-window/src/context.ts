import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventStore, Subscriber } from '@sw/event-store';
import { PinoNestLogger, type AppConfig } from '@sw/platform';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ReferenceCatalog } from '@sw/reference-data';
import { AppModule } from './app.module';
import { openRuntime, type RuntimeOptions } from './runtime';
import { SubscriptionHost } from './subscription-host';

export { openEventStore, openRuntime, type RuntimeOptions, type RuntimePieces } from './runtime';

/**
 * The server's modules without HTTP, for tools (swctl audit, swctl projections): the same
 * AppModule on the same runtime pieces as createServer (server.ts), as a Nest application
 * context. The role is forced to `api`, so no subscription runs and no deadline fires in the
 * tool: it reads, and a rebuild writes only through rebuildProjection.
 */
export interface ToolContext {
  app: INestApplicationContext;
  store: EventStore;
  dataSource: DataSource;
  /** The versioned code lists of the database. */
  reference: ReferenceCatalog;
  /** Every @EventSubscriber of the app (projections are those with `tables`). */
  subscribers(): Subscriber[];
  close(): Promise<void>;
}

/**
 * The server's modules as a Nest application context on `databaseUrl`: no HTTP, no
 * subscriptions, no deadlines (role `api`). The JWT secret is the configured one or a random
 * one: nothing is served, so no token is ever checked against it.
 */
export async function createToolContext(config: AppConfig, databaseUrl: string, logger: Logger, options: RuntimeOptions = {}): Promise<ToolContext> {
  const toolConfig: AppConfig = { ...config, role: 'api' };
  const runtime = await openRuntime(toolConfig, databaseUrl, logger, options);
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.register({
        config: toolConfig,
        logger,
        dataSource: runtime.dataSource,
        store: runtime.store,
        clock: runtime.clock,
        jwtSecret: toolConfig.jwtSecret ?? randomBytes(32).toString('hex'),
        databaseUrl,
        metrics: runtime.metrics,
      }),
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const host = app.get(SubscriptionHost);
  let closing: Promise<void> | null = null;
  return {
    app,
    store: runtime.store,
    dataSource: runtime.dataSource,
    reference: runtime.reference,
    subscribers: () => host.subscribers(),
    close() {
      closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await runtime.close();
        }
      })();
      return closing;
    },
  };
}
