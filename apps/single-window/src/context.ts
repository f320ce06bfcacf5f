import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore, type Subscriber } from '@sw/event-store';
import { EngineClock, PinoNestLogger, type AppConfig } from '@sw/platform';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createDataSource, migrate } from './database/data-source';
import { EngineClockProjection } from './engine-clock/engine-clock.projection';
import { ServerMetrics } from './metrics/prometheus';
import { SubscriptionHost } from './subscription-host';

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
  /** Every @EventSubscriber of the app (projections are those with `tables`). */
  subscribers(): Subscriber[];
  close(): Promise<void>;
}

/** What createServer and createToolContext build before Nest: database, event store, clock, metrics. */
export interface RuntimePieces {
  dataSource: DataSource;
  /** The event store, with its appends counted and timed by `metrics`. */
  store: EventStore;
  clock: EngineClock;
  metrics: ServerMetrics;
  /** Closes the event store, then the database connections. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Connections of the read-model DataSource and of the PostgreSQL event store (default 10 each). */
  poolSize?: number;
}

/**
 * Opens the database (and applies pending migrations under their advisory lock), the event
 * store named by the configuration, and the engine clock at the offset its read model keeps.
 * On failure everything opened so far is closed again.
 *
 * createServer (server.ts) does the same inline; it could call this instead.
 */
export async function openRuntime(config: AppConfig, databaseUrl: string, logger: Logger, options: RuntimeOptions = {}): Promise<RuntimePieces> {
  const poolSize = options.poolSize ?? 10;
  const dataSource = createDataSource(databaseUrl, poolSize);
  await dataSource.initialize();
  let store: EventStore | null = null;
  try {
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    const metrics = new ServerMetrics();
    store = metrics.instrument(openEventStore(config, databaseUrl, poolSize));
    const clock = new EngineClock();
    clock.setOffset((await EngineClockProjection.readOffset(dataSource.manager)).offsetMs);
    const opened = store;
    return {
      dataSource,
      store: opened,
      clock,
      metrics,
      async close() {
        await opened.close().catch(() => undefined);
        await dataSource.destroy().catch(() => undefined);
      },
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/** EVENT_STORE=eventstoredb: the EventStoreDB / KurrentDB cluster; else the events table of the same PostgreSQL. */
export function openEventStore(config: AppConfig, databaseUrl: string, poolSize = 10): EventStore {
  if (config.eventStore === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString! });
  }
  return new PostgresEventStore({ connectionString: databaseUrl, poolSize });
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
