import { Actors, ENTERPRISES, eventually, freePort, roadExport, ServerProcess, startTestServer, type TestServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/** Every subscription the workers share between them. */
const SUBSCRIPTIONS = ['agency-worklist', 'clearance-process', 'clearance-times', 'crossings', 'declaration-status', 'engine-clock', 'license-verification', 'port-fees'];

type Health = { checks: { subscriptions: { items: { name: string; state: string }[] } } };

/**
 * Scale-out on PostgreSQL: one API instance and two worker processes on one database. Each
 * subscription is consumed by one live worker at a time; when that worker is killed (kill -9),
 * the other takes its subscriptions over, and no effect happens twice.
 */
describe('api and workers on one database', () => {
  let api: TestServer;
  let actors: Actors;
  const workers: ServerProcess[] = [];

  beforeAll(async () => {
    api = await startTestServer({ SW_ROLE: 'api', RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(api);
    for (let i = 0; i < 2; i++) {
      const worker = new ServerProcess({ SW_ROLE: 'worker', DATABASE_URL: api.database.url, JWT_SECRET: 'w'.repeat(40), DEV_MODE: 'off', RISK_RANDOM_SELECTION: 'off' }, await freePort());
      await worker.start();
      workers.push(worker);
    }
  }, 90_000);
  afterAll(async () => {
    for (const worker of workers) await worker.stop().catch(() => undefined);
    await api?.close();
  });

  const health = async (worker: ServerProcess) => (await (await fetch(`${worker.url}/health`)).json()) as Health;
  const owners = async (alive: ServerProcess[]) => {
    const byName = new Map<string, number>();
    for (const worker of alive) {
      for (const item of (await health(worker)).checks.subscriptions.items) {
        if (item.state === 'running') byName.set(item.name, (byName.get(item.name) ?? 0) + 1);
      }
    }
    return byName;
  };
  async function clear(count: number): Promise<string[]> {
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const ids = await Promise.all(Array.from({ length: count }, async () => (await exporter.post('/v1/declarations', roadExport())).body.id as string));
    await eventually(async () => {
      for (const id of ids) expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released');
    }, { timeoutMs: 30_000 });
    return ids;
  }

  it('an api instance runs no subscriptions, and a worker serves only /health and /metrics', async () => {
    expect((await api.request('GET', '/health')).body.checks.subscriptions.items).toEqual([]);
    expect((await fetch(`${workers[0].url}/v1/declarations`)).status).toBe(404);
    expect((await fetch(`${workers[0].url}/metrics`)).status).toBe(200);
  });

  it('splits the subscriptions: each is running on exactly one worker', async () => {
    await clear(5);
    const byName = await eventually(async () => {
      const counts = await owners(workers);
      expect([...counts.keys()].sort()).toEqual(SUBSCRIPTIONS);
      return counts;
    });
    expect([...byName.values()].every((n) => n === 1)).toBe(true);
  });

  it('when a worker dies, the other takes over its subscriptions and nothing happens twice', async () => {
    const before = await clear(5);
    const running = async (w: ServerProcess) => (await health(w)).checks.subscriptions.items.filter((i) => i.state === 'running').length;
    const victim = (await running(workers[0])) >= (await running(workers[1])) ? 0 : 1;
    workers[victim].kill();
    const survivor = workers[1 - victim];
    await eventually(async () => expect((await owners([survivor])).size).toBe(SUBSCRIPTIONS.length), { timeoutMs: 20_000 });
    const after = await clear(10);

    const store = new PostgresEventStore({ connectionString: api.database.url });
    try {
      for (const id of [...before, ...after]) {
        const types = (await store.readStream(`declaration-${id}`)).map((e) => e.type);
        expect(types.filter((t) => t === 'DeclarationReleased')).toHaveLength(1);
        expect(types.filter((t) => t === 'DeclarationRouted')).toHaveLength(1);
      }
    } finally {
      await store.close();
    }
    const [{ rows }] = await api.server.app.get((await import('typeorm')).DataSource).query('select count(*)::int as rows from clearance_times');
    expect(rows).toBe(20);
  });
});
