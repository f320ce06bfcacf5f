// `EVENTSTORE_CONNECTION_STRING=esdb://… npm run test:eventstoredb`: the event store contract and
// the e2e stories against an EventStoreDB / KurrentDB server or cluster (docs/operations.md,
// "Testing against a cluster"). Builds first (some stories spawn the built server). Extra
// arguments go to Jest, e.g. `npm run test:eventstoredb -- test/e2e/declarations.e2e.spec.ts`.
import { spawnSync } from 'node:child_process';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (!connectionString || !/^esdb(\+discover)?:\/\//.test(connectionString)) {
  console.error([
    'test:eventstoredb needs EVENTSTORE_CONNECTION_STRING, an esdb:// or esdb+discover:// connection string, e.g.',
    "  EVENTSTORE_CONNECTION_STRING='esdb://node1:2113,node2:2113,node3:2113?tls=false' npm run test:eventstoredb",
    '(docs/operations.md, "Testing against a cluster": what gossip needs outside the compose network)',
  ].join('\n'));
  process.exit(2);
}
const run = (command, args, env = process.env) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs']);
const extra = process.argv.slice(2);
const targets = extra.length > 0 ? extra : ['test/contract/eventstoredb.int.spec.ts', 'test/e2e'];
// One file at a time: the stories share the cluster, and each server checks it at start.
run('npx', ['jest', '--runInBand', ...targets], { ...process.env, SW_TEST_EVENT_STORE: 'eventstoredb' });
