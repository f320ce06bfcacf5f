import 'reflect-metadata';
import { EventStoreDbSetupError } from '@sw/event-store';
import { ConfigError, createLogger, loadConfig } from '@sw/platform';
import { embeddedAppUrl } from './database/least-privilege';
import { startEmbeddedPostgres, type RunningPostgres } from './database/embedded-postgres';
import { createServer, type Server } from './server';

/** `node main.js [--dev]`: --dev (what `npm start` passes) turns DEV_MODE on unless set otherwise. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { devDefault: process.argv.includes('--dev') });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  let postgres: RunningPostgres | null = null;
  let server: Server | null = null;
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining requests and subscriptions');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    try {
      await server?.close();
      await postgres?.stop();
    } finally {
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    postgres = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
    // Embedded: the superuser migrates, the server runs as the least-privileged role (least-privilege.ts).
    server = postgres
      ? await createServer(config, await embeddedAppUrl(postgres.url, config.dataDir), logger, { ownerUrl: postgres.url })
      : await createServer(config, config.databaseUrl!, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    await postgres?.stop().catch(() => undefined);
    // A deployment the store cannot serve (server too old, user without the rights): said plainly, as a bad configuration is.
    if (error instanceof EventStoreDbSetupError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.exit(1);
  }
  const lines = [
    `Single Window is running (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API        ${server.url}/v1`,
    `  OpenAPI    ${server.url}/docs   (JSON: ${server.url}/docs-json)`,
    `  Health     ${server.url}/health`,
    `  Database   ${config.databaseUrl ? 'external (DATABASE_URL)' : `embedded PostgreSQL, data in ${config.dataDir}`}`,
    `  Events     ${config.eventStore}`,
    `  Role       ${config.role}${config.devMode ? '   DEV_MODE on: POST /v1/dev/tokens for a token' : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  logger.info({ url: server.url, role: config.role, devMode: config.devMode, eventStore: config.eventStore }, 'ready');
}

void main();
