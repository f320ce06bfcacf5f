import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { AccessDeniedError, UnavailableError, convertToCommandError } from '@eventstore/db-client';
import { EventStoreDbEventStore, EventStoreUnavailableError, type RecordedEvent } from '@sw/event-store';
import { isTransient, translate } from './error-mapping';
import {
  accessDenied, answerAllRead, answerStreamRead, caughtUpMessage, confirmationMessage, eventMessage, scriptedClient,
  serviceError, streamNotFoundMessage, type ReadRequest, type Script, type StoredEvent,
} from './scripted-grpc.helper.spec';
import { EventStoreDbSetupError, parseServerVersion, serverVersionProblem } from './server-check';

// The adapter on a real @eventstore/db-client whose gRPC answers are scripted (see
// scripted-grpc.helper.spec.ts): the client's own requests, conversions and error classes.

const actor = { kind: 'system' as const, id: 'unit' };
const newEvent = (type: string, id?: string) => ({ ...(id ? { id } : {}), type, data: {}, metadata: { correlationId: 'c', actor } });
const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
const stored = (streamId: string, revision: number, position: number, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  streamId, revision, id: randomUUID(), type: 'T', position: at(position),
  metadata: { correlationId: 'c', actor, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, hash: 'h' }, ...extra,
});

function open(script: Script, options: Partial<ConstructorParameters<typeof EventStoreDbEventStore>[0]> = {}) {
  const scripted = scriptedClient({ serverVersion: '24.10.0.0', ...script });
  const store = new EventStoreDbEventStore({ connectionString: 'esdb://unused:2113?tls=false', client: scripted.client, ...options });
  return { store, scripted };
}

describe('EventStoreDB access refused (the user is not in $admins)', () => {
  it('the client reports PERMISSION_DENIED as AccessDeniedError; the adapter makes it the 503 of an unavailable store, saying what the user needs', () => {
    const denied = convertToCommandError(accessDenied());
    expect(denied).toBeInstanceOf(AccessDeniedError);
    const unauthenticated = convertToCommandError(serviceError(status.UNAUTHENTICATED, 'Bad credentials'));
    expect(unauthenticated).toBeInstanceOf(AccessDeniedError);
    for (const error of [denied, unauthenticated]) {
      const translated = translate(error);
      expect(translated).toBeInstanceOf(EventStoreUnavailableError);
      expect((translated as Error).message).toMatch(/\$all.*\$admins/);
      expect(isTransient(error)).toBe(true);
    }
    expect(translate(convertToCommandError(serviceError(status.UNAVAILABLE, 'down')))).toBeInstanceOf(EventStoreUnavailableError);
    expect(convertToCommandError(serviceError(status.UNAVAILABLE, 'down'))).toBeInstanceOf(UnavailableError);
  });

  it('ping, reads of $all and shipment history fail with EventStoreUnavailableError', async () => {
    const { store } = open({ read: (_request, call) => call.reply([], { error: accessDenied() }) });
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readByCorrelation('c')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream('declaration-1')).rejects.toThrow(/\$admins/);
    } finally {
      await store.close();
    }
  });

  it('a subscription keeps retrying while access is refused and delivers once it is granted', async () => {
    let attempts = 0;
    const event = stored('declaration-1', 0, 100);
    const { store } = open({
      read: (request, call) => {
        if (!request.subscription) return call.reply([], { error: accessDenied() });
        attempts++;
        if (attempts <= 2) return call.reply([], { error: accessDenied() });
        call.reply([confirmationMessage(), eventMessage(event)], { open: true });
      },
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 8000);
    const seen: RecordedEvent[] = [];
    try {
      for await (const batch of store.subscribe({ after: null, signal: controller.signal })) {
        seen.push(...batch.events);
        if (seen.length > 0) break;
      }
    } finally {
      clearTimeout(timer);
      await store.close();
    }
    expect(attempts).toBe(3);
    expect(seen.map((e) => e.id)).toEqual([event.id]);
  });
});

describe('EventStoreDB idempotent re-append, however old', () => {
  const stream = 'declaration-old';
  const events = Array.from({ length: 100 }, (_, revision) => stored(stream, revision, 1000 + revision));
  const script: Script = { read: (request: ReadRequest, call) => answerStreamRead(request, call, events) };

  it.each([['any' as const], [9], ['stream-exists' as const]])('finds ids stored 88 events back (expected %s), and writes nothing', async (expected) => {
    for (const scanPageSize of [500, 7]) {
      const { store, scripted } = open(script, { scanPageSize });
      try {
        const result = await store.append(stream, [newEvent('T', events[10].id), newEvent('T', events[11].id)], expected);
        expect(result).toEqual({ nextRevision: 11, position: '1011/1011' });
        expect(scripted.appends).toBe(0);
      } finally {
        await store.close();
      }
    }
  });

  it('refuses ids that are stored, but not as this batch, wherever they are', async () => {
    const { store, scripted } = open(script, { scanPageSize: 7 });
    try {
      await expect(store.append(stream, [newEvent('T', events[3].id), newEvent('T', randomUUID())], 'any')).rejects.toThrow(/already stored/);
      expect(scripted.appends).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('EventStoreDB append of no events', () => {
  it('answers the position of the stream\'s last event, or the head of the log, never ""', async () => {
    const events = [stored('s-1', 0, 300), stored('s-1', 1, 310), stored('s-1', 2, 320)];
    const log = [...events, stored('other', 0, 400)];
    const { store, scripted } = open({
      read: (request, call) => (request.stream === '$all' ? answerAllRead(request, call, log)
        : request.stream === 's-1' ? answerStreamRead(request, call, events) : call.reply([streamNotFoundMessage(request.stream)])),
    });
    try {
      expect(await store.append('s-1', [], 2)).toEqual({ nextRevision: 2, position: '320/320' });
      expect(await store.append('s-1', [], 'any')).toEqual({ nextRevision: 2, position: '320/320' });
      expect(await store.append('missing', [], 'any')).toEqual({ nextRevision: -1, position: '400/400' });
      expect(scripted.appends).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('EventStoreDB server version', () => {
  it('reads versions as the servers report them', () => {
    expect(parseServerVersion('23.10.0.0')).toEqual({ major: 23, minor: 10 });
    expect(parseServerVersion('25.0.1-rc.1')).toEqual({ major: 25, minor: 0 });
    expect(parseServerVersion('unknown')).toBeNull();
    expect(serverVersionProblem('23.10.1.0')).toBeNull();
    expect(serverVersionProblem('24.2.0')).toBeNull();
    expect(serverVersionProblem('25.1.0.0')).toBeNull();
    expect(serverVersionProblem('23.6.0.0')).toMatch(/23\.10 or later/);
    expect(serverVersionProblem('22.10.3.0')).toMatch(/23\.10 or later/);
    expect(serverVersionProblem('unknown')).toMatch(/older than 21\.10/);
  });

  it.each([['23.6.0.0'], [undefined]])('a bounded read of $all on a server %s (no "caught up") fails at once, clearly, without subscribing', async (serverVersion) => {
    const { store, scripted } = open({
      serverVersion,
      read: (request, call) => (request.subscription ? call.reply([confirmationMessage()], { open: true }) : answerAllRead(request, call, [stored('s', 0, 10)])),
    }, { readIdleTimeoutMs: 200 });
    try {
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreDbSetupError);
      await expect(store.readAll()).rejects.toThrow(/23\.10 or later/);
      expect(scripted.reads.filter((r) => r.subscription)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a bounded read of $all on 23.10+ ends on "caught up"', async () => {
    const event = stored('s', 0, 10);
    const { store } = open({
      serverVersion: '23.10.0.0',
      read: (request, call) => (request.subscription ? call.reply([confirmationMessage(), eventMessage(event), caughtUpMessage()], { open: true }) : answerAllRead(request, call, [event])),
    });
    try {
      expect((await store.readAll()).map((e) => e.id)).toEqual([event.id]);
    } finally {
      await store.close();
    }
  });
});

describe('EventStoreDB deployment check at start', () => {
  const readable: Script['read'] = (request, call) => (request.stream === '$all' ? answerAllRead(request, call, []) : call.reply([streamNotFoundMessage(request.stream)]));

  it('passes a good server and user, warning when $by_correlation_id is not running', async () => {
    const { store } = open({ read: readable, statistics: () => ({ status: 'Running', position: 'C:1/P:1' }) });
    const stopped = open({ read: readable, statistics: () => ({ status: 'Stopped' }) });
    try {
      await expect(store.checkDeployment()).resolves.toEqual({ serverVersion: '24.10.0.0', warnings: [] });
      const report = await stopped.store.checkDeployment();
      expect(report.warnings.join()).toMatch(/\$by_correlation_id projection is Stopped/);
    } finally {
      await store.close();
      await stopped.store.close();
    }
  });

  it('refuses an old server and a user who may not read $all or $bc-*, saying what to change', async () => {
    const old = open({ serverVersion: '22.10.0.0', read: readable });
    const noAll = open({ read: (request, call) => (request.stream === '$all' ? call.reply([], { error: accessDenied() }) : readable!(request, call)) });
    const noBc = open({ read: (request, call) => (request.stream.startsWith('$bc-') ? call.reply([], { error: accessDenied() }) : readable!(request, call)) });
    try {
      await expect(old.store.checkDeployment()).rejects.toThrow(/is 22\.10\.0\.0; EventStoreDB \/ KurrentDB 23\.10 or later is required/);
      await expect(noAll.store.checkDeployment()).rejects.toThrow(/may not read|read \$all: .*\$admins/);
      await expect(noAll.store.checkDeployment()).rejects.toBeInstanceOf(EventStoreDbSetupError);
      await expect(noBc.store.checkDeployment()).rejects.toThrow(/read \$bc-\*/);
    } finally {
      for (const { store } of [old, noAll, noBc]) await store.close();
    }
  });
});

describe('EventStoreDB shipment history while $by_correlation_id lags', () => {
  const log = Array.from({ length: 40 }, (_, i) => stored(`s-${i}`, 0, 1000 + i * 10, { metadata: { correlationId: i % 2 ? 'odd' : 'even', actor, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, hash: 'h' } }));

  it('looks at the projection\'s statistics a few times in its wait, shared by concurrent requests, not every 10 ms', async () => {
    const { store, scripted } = open({
      read: (request, call) => (request.stream === '$all' ? answerAllRead(request, call, log) : call.reply([streamNotFoundMessage(request.stream)])),
      statistics: () => ({ status: 'Running', position: 'C:1000/P:1000', lastcheckpoint: 'C:1000/P:1000' }), // far behind the head
    }, { projectionWaitMs: 1000 });
    try {
      const started = Date.now();
      const histories = await Promise.all(Array.from({ length: 5 }, () => store.readByCorrelation('odd')));
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      for (const history of histories) expect(history.map((e) => e.streamId)).toEqual(log.filter((_, i) => i % 2).map((e) => e.streamId));
      expect(scripted.statistics).toBeLessThanOrEqual(10); // one every 10 ms: about 100 for each of the 5
    } finally {
      await store.close();
    }
  });

  it('reads the lag from $all once: the next request reads only what is newer', async () => {
    const current = log.slice(0, 30);
    const { store, scripted } = open({
      read: (request, call) => (request.stream === '$all' ? answerAllRead(request, call, current) : call.reply([streamNotFoundMessage(request.stream)])),
      statistics: () => ({ status: 'Running', position: 'C:1050/P:1050', lastcheckpoint: 'C:1050/P:1050', writesinprogress: 1 }),
    }, { projectionWaitMs: 0, scanPageSize: 8 });
    const scans = () => scripted.reads.filter((r) => r.stream === '$all' && !r.backwards && !r.subscription);
    try {
      expect(await store.readByCorrelation('odd')).toHaveLength(12); // s-7, s-9 … s-29: after the checkpoint (1050), nothing linked
      const first = scans().length;
      expect(first).toBeGreaterThan(1);
      current.push(...log.slice(30));
      expect((await store.readByCorrelation('odd')).map((e) => e.streamId)).toEqual(log.filter((e, i) => i % 2 && e.position.commit > 1050n).map((e) => e.streamId));
      const again = scans().slice(first);
      expect(again.length).toBeLessThanOrEqual(2);
      for (const read of again) expect((read.from as { commit: bigint }).commit).toBeGreaterThanOrEqual(1290n); // the first request's head
    } finally {
      await store.close();
    }
  });
});
