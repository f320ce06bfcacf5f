import { EventStoreDbEventStore } from '@sw/event-store';
import { eventStoreContract } from './event-store.contract';

/**
 * The event store contract against a real EventStoreDB / KurrentDB server, e.g.
 *
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npm run test:eventstoredb
 *
 * (which also runs the e2e stories on it; docs/operations.md, "Testing against a cluster").
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
    // Fail here, clearly, when the server cannot be reached, is too old, or refuses the user.
    const report = await store.checkDeployment();
    for (const warning of report.warnings) console.warn(`eventstoredb contract: ${warning}`);
    return { store, close: () => store.close() };
  });
} else if (process.env.SW_TEST_EVENT_STORE === 'eventstoredb') {
  throw new Error('SW_TEST_EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
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
