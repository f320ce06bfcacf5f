import {
  installReferenceCatalog, ReferenceCatalog, ReferenceFeed, refreshCatalog, shippedReferenceData, storeShippedVersions, type Sql, type Transaction,
} from '@sw/reference-data';
import type { Clock } from '@sw/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface OpenedReference {
  catalog: ReferenceCatalog;
  close(): Promise<void>;
}

/**
 * The versioned code lists of this database, in memory: the shipped seeds stored as versions
 * where they are new, every version loaded, and a LISTEN connection that reloads a list when
 * `swctl reference import` adds a version (no restart). The catalog becomes the process's
 * (referenceData() and the request validators read the lists in force on the engine clock's day).
 */
export async function openReferenceData(dataSource: DataSource, databaseUrl: string, clock: Clock, logger: Logger): Promise<OpenedReference> {
  const sql: Sql = dataSource;
  const transaction: Transaction = (body) => dataSource.transaction((manager) => body(manager));
  const shipped = shippedReferenceData();
  const catalog = new ReferenceCatalog(shipped);
  catalog.useClock(() => clock.now());
  const stored = await storeShippedVersions(transaction, shipped);
  if (stored.length) logger.info({ lists: stored }, 'shipped reference tables stored as new versions');
  await refreshCatalog(sql, catalog);
  const feed = new ReferenceFeed(databaseUrl, sql, catalog, (error) => logger.warn({ err: error }, 'reference data feed: reloading failed, retrying'));
  await feed.start();
  installReferenceCatalog(catalog);
  return { catalog, close: () => feed.close() };
}
