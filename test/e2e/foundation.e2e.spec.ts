import { eventually, startTestServer, type TestServer } from '@sw/test-support';
import { verifyChain, PostgresEventStore } from '@sw/event-store';

describe('the server, over HTTP', () => {
  let sw: TestServer;
  beforeAll(async () => {
    sw = await startTestServer();
  });
  afterAll(async () => sw?.close());

  it('reports itself healthy: database, event store and subscriptions', async () => {
    const { status, body } = await sw.request('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, eventStore: { status: 'up', adapter: 'postgres' }, subscriptions: { status: 'up' } },
    });
    expect(body.checks.subscriptions.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'engine-clock', state: 'running' })]));
  });

  it('publishes its OpenAPI document', async () => {
    const { status, body } = await sw.request('GET', '/docs-json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/health', '/v1/dev/tokens', '/v1/dev/clock']));
    expect((await fetch(`${sw.url}/docs`)).status).toBe(200);
  });

  it('moves the engine clock through its stream, and the read model follows exactly', async () => {
    const before = new Date((await sw.request('GET', '/v1/dev/clock')).body.now).getTime();
    const advanced = await sw.request('POST', '/v1/dev/clock', { advance: 'P15D' });
    expect(advanced.status).toBe(202);
    expect(advanced.body.revision).toBe(0);
    const after = new Date((await sw.request('GET', '/v1/dev/clock')).body.now).getTime();
    expect(after - before).toBeGreaterThanOrEqual(15 * 86_400_000);
    expect(after - before).toBeLessThan(15 * 86_400_000 + 60_000);
    await eventually(async () => {
      const [row] = await sw.server.app.get((await import('typeorm')).DataSource).query('select offset_ms, advances from engine_clock');
      expect(row).toEqual({ offset_ms: String(15 * 86_400_000), advances: 1 });
    });
    const store = new PostgresEventStore({ connectionString: sw.database.url });
    const events = await store.readStream('engine-clock');
    await store.close();
    expect(events.map((e) => e.type)).toEqual(['ClockAdvanced']);
    expect(verifyChain(events).valid).toBe(true);
  });

  it.each([
    [{ advance: 'P1Y' }, 'advance'],
    [{ advance: 'soon' }, 'advance'],
    [{ advance: 15 }, 'advance'],
    [{}, 'advance'],
    [{ advance: 'P1D', extra: true }, 'extra'],
  ])('refuses a bad clock move %j with the field named', async (body, field) => {
    const { status, body: problem, headers } = await sw.request('POST', '/v1/dev/clock', body);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each([
    [{ role: 'enterprise', uscc: '91350100M000100Y43' }, 200],
    [{ role: 'officer', agency: 'customs' }, 200],
    [{ role: 'issuer', authority: 'MOFCOM' }, 200],
    [{ role: 'auditor' }, 200],
    [{ role: 'enterprise' }, 400],
    [{ role: 'officer', agency: 'police' }, 400],
    [{ role: 'king' }, 400],
  ])('issues dev tokens: %j → %d', async (body, expected) => {
    const { status, body: answer } = await sw.request('POST', '/v1/dev/tokens', body);
    expect(status).toBe(expected);
    if (expected === 200) expect(answer.token.split('.')).toHaveLength(3);
  });

  it('answers an unknown route with problem details', async () => {
    const { status, body } = await sw.request('GET', '/v1/nothing-here');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('refuses malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await sw.request('POST', '/v1/dev/clock', '{"advance": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400 });
    const big = await sw.request('POST', '/v1/dev/clock', JSON.stringify({ advance: 'P1D', pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ status: 413 });
  });

  it('never shows a stack trace', async () => {
    const { body } = await sw.request('POST', '/v1/dev/clock', '[[[[');
    expect(JSON.stringify(body)).not.toMatch(/at .+\.(js|ts):\d+/);
  });
});

describe('the server without DEV_MODE', () => {
  let sw: TestServer;
  beforeAll(async () => {
    sw = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: 'x'.repeat(40) });
  });
  afterAll(async () => sw?.close());

  it.each([['POST', '/v1/dev/tokens'], ['GET', '/v1/dev/clock'], ['POST', '/v1/dev/clock']])('has no %s %s', async (method, route) => {
    expect((await sw.request(method, route, method === 'POST' ? {} : undefined)).status).toBe(404);
  });
});
