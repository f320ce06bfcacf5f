import { EventStoreDbEventStore, EventStoreUnavailableError, PostgresEventStore, type EventStore } from '@sw/event-store';
import { EngineClock, type AppConfig } from '@sw/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from './database/data-source';
import { grantAppRole, roleOf } from './database/least-privilege';
import { EngineClockProjection } from './engine-clock/engine-clock.projection';
import { ServerMetrics } from './metrics/prometheus';
import { openReferenceData } from './reference/reference-runtime';
import type { ReferenceCatalog } from '@sw/reference-data';

/*
 * What the server and the tools (swctl) both stand on: the read-model database, migrated; the
 * event store, instrumented; the engine clock where the engine-clock read model left it.
 */

/** What createServer and createToolContext build before Nest: database, event store, clock, metrics. */
export interface RuntimePieces {
  dataSource: DataSource;
  /** The event store, with its appends counted and timed by `metrics`. */
  store: EventStore;
  clock: EngineClock;
  metrics: ServerMetrics;
  /** The versioned code lists, kept up to date with the database. */
  reference: ReferenceCatalog;
  /** Closes the event store, then the database connections. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Connections of the read-model DataSource and of the PostgreSQL event store (default 20 and 10). */
  poolSize?: number;
  /**
   * The owner of the tables (DATABASE_OWNER_URL, or the embedded superuser): the migrations run as
   * it, then the role of `databaseUrl` gets its least privileges (database/least-privilege.ts).
   * Unset: `databaseUrl` migrates itself, as before.
   */
  ownerUrl?: string;
}

/**
 * Opens the database (and applies pending migrations under their advisory lock), the event
 * store named by the configuration, and the engine clock at the offset its read model keeps.
 * On failure everything opened so far is closed again.
 *
 * createServer (server.ts) does the same inline; it could call this instead.
 */
export async function openRuntime(config: AppConfig, databaseUrl: string, logger: Logger, options: RuntimeOptions = {}): Promise<RuntimePieces> {
  const poolSize = options.poolSize;
  const separateOwner = options.ownerUrl !== undefined && roleOf(options.ownerUrl) !== roleOf(databaseUrl);
  if (separateOwner) await migrateAsOwner(options.ownerUrl!, roleOf(databaseUrl), logger);
  const dataSource = createDataSource(databaseUrl, poolSize);
  await dataSource.initialize();
  let store: EventStore | null = null;
  try {
    if (!separateOwner) {
      const applied = await migrate(dataSource);
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    }
    const metrics = new ServerMetrics();
    const opened = openEventStore(config, databaseUrl, poolSize);
    store = opened;
    if (opened instanceof EventStoreDbEventStore) await checkEventStoreDb(opened, logger);
    store = metrics.instrument(opened);
    const clock = new EngineClock();
    clock.setOffset((await EngineClockProjection.readOffset(dataSource.manager)).offsetMs);
    const reference = await openReferenceData(dataSource, databaseUrl, clock, logger);
    const instrumented = store;
    return {
      dataSource,
      store: instrumented,
      clock,
      metrics,
      reference: reference.catalog,
      async close() {
        await reference.close();
        await instrumented.close().catch(() => undefined);
        await dataSource.destroy().catch(() => undefined);
      },
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/** The migrations as the owner of the tables, then the server's role gets what it may do (and no more). */
async function migrateAsOwner(ownerUrl: string, appRole: string, logger: Logger): Promise<void> {
  const owner = createDataSource(ownerUrl, 2, 'single-window migrations');
  await owner.initialize();
  try {
    const applied = await migrate(owner);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied (as the owner)');
  } finally {
    await owner.destroy().catch(() => undefined);
  }
  await grantAppRole(ownerUrl, appRole);
  logger.info({ role: appRole }, 'the server runs as a role that may insert and read events, never change them');
}

/**
 * The server version and the user's rights, checked before anything else uses the store:
 * EventStoreDbSetupError (thrown on) stops the start with what to change. A cluster that cannot be
 * reached yet does not: the store reports down (503, /health) until it can, and the version is
 * checked again before the first read that needs it.
 */
async function checkEventStoreDb(store: EventStoreDbEventStore, logger: Logger): Promise<void> {
  try {
    const report = await store.checkDeployment();
    logger.info({ serverVersion: report.serverVersion }, 'EventStoreDB server checked');
    for (const warning of report.warnings) logger.warn(`EventStoreDB: ${warning}`);
  } catch (error) {
    if (!(error instanceof EventStoreUnavailableError)) throw error;
    logger.warn({ err: error }, 'EventStoreDB cannot be reached at start: its version and the user\'s rights are checked once it can');
  }
}

/** EVENT_STORE=eventstoredb: the EventStoreDB / KurrentDB cluster; else the events table of the same PostgreSQL. */
export function openEventStore(config: AppConfig, databaseUrl: string, poolSize?: number): EventStore {
  if (config.eventStore === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString! });
  }
  return new PostgresEventStore({ connectionString: databaseUrl, poolSize: poolSize ?? 10 });
}
