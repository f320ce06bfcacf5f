import { EventStoreAppendV21763900000003, EventStoreAppendV31763900000700, EventStoreSchema1763900000000, SubscriptionCheckpoints1763900000001, TimeoutSafeClient } from '@sw/event-store';
import { DataSource } from 'typeorm';
import { ClearanceBorderPost1763900003000, ClearanceAlertsAndExamination1763900000600, ClearanceArrivalsPerPort1763900002700, ClearanceGuarantees1763900001900, ClearanceProcessTables1763900000200 } from '@sw/clearance';
import { AgencyWorklistReadModel1763900000300, ClearanceAlarms1763900002110, ClearanceTimesFromArrival1763900002100, ClearanceTimesReadModel1763900000500, DeclarationStatusReadModel1763900000100, PortFeesReadModel1763900002120 } from '@sw/read-models';
import { DeclarationSearch1763900018200, DeclarationStatusBillIndex1763900022210 } from '@sw/read-models';
import { DeclarationStatusPosition1763900018450 } from '@sw/read-models';
import { CrossingsReadModel1763900003200 } from '@sw/read-models';
import { AuditProofTables1763900003100, EventsAppendOnly1763900000400 } from '@sw/audit';
import { ReferenceTables1763900000800 } from '@sw/reference-data';
import { CustomsNumbers1763900018100, CustomsNumbersInEvents1763900022100 } from '@sw/declaration';
import { PowersOfAttorney1763900018300 } from '@sw/parties';
import { EngineClockReadModel1763900000002, EngineClockRow } from '../engine-clock/engine-clock.projection';

/** Every migration, in order. Read models add theirs here. */
export const MIGRATIONS = [
  EventStoreSchema1763900000000, SubscriptionCheckpoints1763900000001, EngineClockReadModel1763900000002, EventStoreAppendV21763900000003,
  DeclarationStatusReadModel1763900000100, ClearanceProcessTables1763900000200, AgencyWorklistReadModel1763900000300,
  EventsAppendOnly1763900000400, ClearanceTimesReadModel1763900000500, ClearanceAlertsAndExamination1763900000600,
  EventStoreAppendV31763900000700, ReferenceTables1763900000800, ClearanceGuarantees1763900001900, ClearanceTimesFromArrival1763900002100, ClearanceAlarms1763900002110, PortFeesReadModel1763900002120, ClearanceArrivalsPerPort1763900002700,
  CustomsNumbers1763900018100, DeclarationSearch1763900018200, PowersOfAttorney1763900018300,
  ClearanceBorderPost1763900003000,
  AuditProofTables1763900003100,
  DeclarationStatusPosition1763900018450,
  CustomsNumbersInEvents1763900022100,
  CrossingsReadModel1763900003200,
  DeclarationStatusBillIndex1763900022210,
];
export const ENTITIES = [EngineClockRow];

/**
 * The read-model connection pool. Each subscription a worker runs holds one connection for its
 * lock while it runs (six subscriptions today), so the pool leaves room above that for batches
 * and requests. Connections are named so pg_stat_activity tells instances and roles apart.
 */
export function createDataSource(url: string, poolSize = 20, applicationName = 'single-window'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    // query_timeout: a frozen server fails requests as unavailable (503) instead of hanging them;
    // TimeoutSafeClient ends a connection whose query timed out rather than pool it half-used.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, query_timeout: 15_000, Client: TimeoutSafeClient },
    logging: false,
  });
}

/** Applies pending migrations; an advisory lock keeps several instances from racing. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`select pg_advisory_lock(hashtext('sw_migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`select pg_advisory_unlock(hashtext('sw_migrations'))`).catch(() => undefined);
    await runner.release();
  }
}
