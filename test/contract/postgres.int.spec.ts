import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, canonicalEventText } from '@sw/event-store';
import { createTestDatabase } from '@sw/test-support';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('postgres', async () => {
  const database = await createTestDatabase();
  await PostgresEventStore.createSchema(database.url);
  const store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 100 });
  return {
    store,
    async beginLateAppend(streamId, events) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query('begin');
      const ids = events.map(() => randomUUID());
      const payload = events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata, occurredAt: e.metadata.occurredAt ?? new Date().toISOString(), schemaVersion: 1 } }));
      const canonical = payload.map((e, i) => canonicalEventText({ streamId, id: ids[i], ...e }));
      await client.query('select * from sw_append($1, -2, $2::uuid[], $3::jsonb, $4::text[])', [streamId, ids, JSON.stringify(payload), canonical]);
      return {
        async commit() {
          await client.query('commit');
          await client.end();
        },
      };
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
});
