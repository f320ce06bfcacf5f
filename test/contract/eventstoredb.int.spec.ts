import { EventStoreDbEventStore } from '@sw/event-store';
import { eventStoreContract } from './event-store.contract';

/**
 * The event store contract against a real EventStoreDB / KurrentDB server, e.g.
 *
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest test/contract
 *
 * The server must run projections with the standard ones started (`--run-projections=System
 * --start-standard-projections=true`, as docker-compose.yml does) so that shipments are read from
 * the `$bc-` streams of `$by_correlation_id`. There is no late-commit hazard to test here: the log
 * is written in commit order, so no beginLateAppend.
 *
 * Without a server this file is skipped: the contract cannot be run against anything less (a mock
 * would only test the mock).
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('eventstoredb', async () => {
    const store = new EventStoreDbEventStore({ connectionString });
    await store.ping(); // fail here, clearly, when the server is not reachable
    return { store, close: () => store.close() };
  });
} else {
  const why = 'event store contract: eventstoredb SKIPPED: EVENTSTORE_CONNECTION_STRING is not set. '
    + 'The contract needs a running EventStoreDB/KurrentDB server (projections enabled), '
    + "e.g. EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' (tls=false for local servers only).";
  // Jest drops the console output of a file whose tests are all skipped when it runs several
  // files, so the reason goes straight to stderr as well.
  process.stderr.write(`\n${why}\n`);
  console.info(why);
  describe.skip('event store contract: eventstoredb (needs EVENTSTORE_CONNECTION_STRING)', () => {
    it('runs against an EventStoreDB/KurrentDB server', () => undefined);
  });
}
