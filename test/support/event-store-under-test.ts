/**
 * Which event store the servers of the e2e stories use. Unset: PostgreSQL (the default). Under
 * `npm run test:eventstoredb` (SW_TEST_EVENT_STORE=eventstoredb), the EventStoreDB / KurrentDB
 * cluster of EVENTSTORE_CONNECTION_STRING, for every server a test starts (in-process or built).
 */
export function eventStoreUnderTest(): Record<string, string> {
  if (process.env.SW_TEST_EVENT_STORE !== 'eventstoredb') return {};
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) throw new Error('SW_TEST_EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (see docs/operations.md, "Testing against a cluster")');
  return { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: connectionString };
}
