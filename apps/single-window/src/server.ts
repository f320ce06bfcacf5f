import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@sw/event-store';
import {
  EngineClock, FieldValidationException, PinoNestLogger, ProblemDetailsFilter, flattenValidationErrors, requestContext, type AppConfig,
} from '@sw/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { createDataSource, migrate } from './database/data-source';
import { ServerMetrics } from './metrics/prometheus';
import { EngineClockProjection } from './engine-clock/engine-clock.projection';
import { SubscriptionHost } from './subscription-host';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface Server {
  app: NestFastifyApplication;
  url: string;
  subscriptions: SubscriptionHost;
  close(): Promise<void>;
}

/**
 * Builds the whole server on a database: migrations, event store, Nest app, listening.
 * main.ts adds the embedded PostgreSQL and signals; end-to-end tests call this directly.
 */
export async function createServer(config: AppConfig, databaseUrl: string, logger: Logger): Promise<Server> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  let store: EventStore | null = null;
  try {
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    const metrics = new ServerMetrics();
    store = metrics.instrument(await openEventStore(config, databaseUrl));
    const clock = new EngineClock();
    clock.setOffset((await EngineClockProjection.readOffset(dataSource.manager)).offsetMs);

    const adapter = new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      },
      logger: false,
    });
    const fastify = adapter.getInstance();
    fastify.addHook('onRequest', (request, _reply, done) => {
      requestContext.run({ requestId: String(request.id) }, done);
    });
    if (config.role === 'worker') {
      // A worker runs subscriptions and deadlines; over HTTP it answers only what operators probe.
      fastify.addHook('onRequest', (request, reply, done) => {
        const path = request.url.split('?')[0];
        if (path === '/health' || path === '/metrics') return done();
        reply.status(404).header('content-type', 'application/problem+json; charset=utf-8')
          .send({ type: 'https://single-window.dev/problems/404', title: 'Not Found', status: 404, detail: 'This instance runs as a worker (SW_ROLE=worker): it serves /health and /metrics only' });
      });
    }
    fastify.addHook('onResponse', (request, reply, done) => {
      metrics.httpDuration.observe({ method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      logger.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });

    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ config, logger, dataSource, store, clock, jwtSecret: jwtSecret(config), databaseUrl, metrics }),
      adapter,
      { logger: new PinoNestLogger(logger), abortOnError: false }, // a wiring error is thrown (and reported), not process.exit
    );
    app.useGlobalPipes(new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // A body with thousands of unknown keys gets the first 100 errors, not a 100,000-line answer.
      exceptionFactory: (errors) => new FieldValidationException(flattenValidationErrors(errors).slice(0, 100)),
    }));
    app.useGlobalFilters(new ProblemDetailsFilter(logger));
    const document = SwaggerModule.createDocument(app, new DocumentBuilder()
      .setTitle('Single Window')
      .setDescription('Event-sourced single-window declaration engine: one declaration, one examination, one release.')
      .setVersion('1')
      .addBearerAuth()
      .build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

    await app.listen(config.port, config.host);
    const address = fastify.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const openedStore = store;
    return {
      app,
      url: `http://${host}:${port}`,
      subscriptions: app.get(SubscriptionHost),
      async close() {
        await app.close(); // stops accepting, finishes in-flight requests, stops subscriptions after their batch
        await openedStore.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

async function openEventStore(config: AppConfig, databaseUrl: string): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString! });
  }
  return new PostgresEventStore({ connectionString: databaseUrl, poolSize: 10 });
}

/** JWT_SECRET, or in DEV_MODE a random one kept in DATA_DIR so dev tokens survive restarts. */
function jwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (!config.devMode) throw new Error('JWT_SECRET is required outside DEV_MODE');
  const file = path.join(config.dataDir, 'dev-jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
