import { Actors, ENTERPRISES, eventually, roadExport, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';
import { randomUUID } from 'node:crypto';

/**
 * Routing (一次申报): a declaration is routed in the write that submits it, so the declarant sees
 * at once which agencies act on it. Stores written before that hold declarations whose stream
 * has no DeclarationRouted: the clearance process routes those itself, then opens their cases.
 */
describe('routing', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  it('routes a declaration in the write that submits it', async () => {
    const { status, body } = await actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc).post('/v1/declarations', roadExport());
    expect(status).toBe(202);
    const events = await store.readStream(`declaration-${body.id}`, { toRevision: body.revision });
    expect(events.map((e) => e.type)).toEqual(['DeclarationSubmitted', 'DeclarationRouted']);
    expect(events[1]!.data).toMatchObject({ agencies: ['customs', 'border'] });
    expect(new Set(events.map((e) => e.metadata.causationId)).size).toBe(1); // one request, one write
  });

  it('routes a declaration submitted before routing was part of the submission, and releases it', async () => {
    const id = randomUUID();
    const now = new Date().toISOString();
    const declaration = roadExport();
    await store.append(`declaration-${id}`, [{
      type: 'DeclarationSubmitted',
      data: { declarationId: id, declaration, submittedAt: now, requestHash: 'legacy', arrivedAt: now },
      metadata: { correlationId: id, causationId: randomUUID(), actor: { kind: 'enterprise', id: ENTERPRISES.shenzhenElectronics.uscc }, occurredAt: now, schemaVersion: 1 },
    }], 'no-stream');
    await eventually(async () => {
      const { body } = await actors.auditor().get(`/v1/declarations/${id}`);
      expect(body.status).toBe('released');
    }, { timeoutMs: 20_000 });
    await sw.server.subscriptions.waitUntilCaughtUp(20_000);
    const stream = await store.readStream(`declaration-${id}`);
    expect(stream.map((e) => e.type)).toEqual(['DeclarationSubmitted', 'DeclarationRouted', 'DeclarationReleased']);
    expect(stream[1]!.metadata.actor).toEqual({ kind: 'system', id: 'clearance' });
    expect(stream[1]!.data).toMatchObject({ agencies: ['customs', 'border'] });
    for (const agency of ['customs', 'border']) {
      expect((await store.readStream(`${agency}-${id}`)).map((e) => e.type)).toContain('CaseReleased');
    }
  });
});
