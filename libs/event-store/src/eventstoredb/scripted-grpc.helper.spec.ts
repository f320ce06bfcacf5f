/*
 * A scripted gRPC transport for a real @eventstore/db-client 6.x client (a helper of the unit
 * specs, named *.helper.spec.ts so that it is neither built nor run as a test).
 *
 * The client gets its gRPC stubs from one instance method, `getGRPCClient(StubClass)`; this
 * installs stubs there that answer with the protocol's own messages (the generated protobuf
 * classes the client ships) or with gRPC errors shaped as grpc-js delivers them. Everything above
 * the wire is the client's real code: the requests it builds, its ReadStream / Subscription
 * transforms, its event conversion, its error classes (convertToCommandError), its
 * ServerFeatures. It is not a server: each test scripts the few answers it needs.
 */
import { PassThrough, Writable } from 'node:stream';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionsClient } from '@eventstore/db-client/generated/projections_grpc_pb';
import { StatisticsResp } from '@eventstore/db-client/generated/projections_pb';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** A gRPC call the client reads from: messages in object mode; `cancel()` as grpc-js's. */
export class ScriptedCall extends PassThrough {
  constructor() {
    super({ objectMode: true });
  }
  cancel(): void {
    this.destroy();
  }
  /** Sends the messages, then ends the call, fails it, or (open) leaves it open. */
  reply(messages: ReadResp[], end: { error?: ServiceError; open?: boolean } = {}): void {
    for (const message of messages) this.write(message);
    if (end.error) setImmediate(() => this.destroy(end.error));
    else if (!end.open) this.end();
  }
}

/** A gRPC error as grpc-js delivers it; `exception` is the metadata the server adds to say which (e.g. `access-denied`). */
export function serviceError(code: status, details: string, exception?: string): ServiceError {
  const metadata = new Metadata();
  if (exception) metadata.set('exception', exception);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

/** What the server sends when the user may not do it (KurrentDB's RpcExceptions.AccessDenied). */
export const accessDenied = () => serviceError(status.PERMISSION_DENIED, 'Access Denied', 'access-denied');

export interface StoredEvent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data?: unknown;
  metadata?: unknown;
  position: { commit: bigint; prepare: bigint };
}

/** An event as the server sends it in a ReadResp (JSON content, positions, created ticks). */
export function eventMessage(event: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(new UUID().setString(event.id));
  recorded.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(event.streamId)));
  recorded.setStreamRevision(String(event.revision));
  recorded.setCommitPosition(event.position.commit.toString());
  recorded.setPreparePosition(event.position.prepare.toString());
  recorded.getMetadataMap().set('type', event.type).set('content-type', 'application/json').set('created', String(BigInt(Date.parse('2026-01-01T00:00:00Z')) * 10_000n));
  recorded.setData(Buffer.from(JSON.stringify(event.data ?? {})));
  recorded.setCustomMetadata(Buffer.from(JSON.stringify(event.metadata ?? {})));
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.commit.toString());
  return new ReadResp().setEvent(read);
}

export const caughtUpMessage = () => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
export const confirmationMessage = () => new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId('scripted'));
export function checkpointMessage(position: { commit: bigint; prepare: bigint }): ReadResp {
  return new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position.commit.toString()).setPreparePosition(position.prepare.toString()));
}
export function streamNotFoundMessage(streamId: string): ReadResp {
  return new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(streamId))));
}

/** A read request as the client built it. */
export interface ReadRequest {
  /** The stream read, or '$all'. */
  stream: string;
  backwards: boolean;
  /** Stream reads: 'start', 'end' or a revision; $all: 'start', 'end' or a position. */
  from: 'start' | 'end' | bigint | { commit: bigint; prepare: bigint };
  count: bigint;
  subscription: boolean;
  filtered: boolean;
}

export function decodeRead(request: ReadReq): ReadRequest {
  const options = request.getOptions()!;
  const common = {
    backwards: options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS,
    count: options.hasCount() ? BigInt(options.getCount()) : 0n,
    subscription: options.hasSubscription(),
    filtered: options.hasFilter(),
  };
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const name = Buffer.from(stream.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const from = stream.hasStart() ? 'start' as const : stream.hasEnd() ? 'end' as const : BigInt(stream.getRevision());
    return { stream: name, from, ...common };
  }
  const all = options.getAll()!;
  const position = all.getPosition();
  const from = all.hasStart() ? 'start' as const : all.hasEnd() ? 'end' as const
    : { commit: BigInt(position!.getCommitPosition()), prepare: BigInt(position!.getPreparePosition()) };
  return { stream: '$all', from, ...common };
}

/** A stream read answered from `events` (one stream, revisions in order) as the server reads: direction, start and count. */
export function answerStreamRead(request: ReadRequest, call: ScriptedCall, events: StoredEvent[]): void {
  if (events.length === 0) return call.reply([streamNotFoundMessage(request.stream)]);
  const ordered = request.backwards ? [...events].reverse() : events;
  const start = request.from === 'start' || request.from === 'end' ? 0
    : ordered.findIndex((e) => (request.backwards ? e.revision <= Number(request.from) : e.revision >= Number(request.from)));
  const page = start < 0 ? [] : ordered.slice(start, start + Number(request.count));
  call.reply(page.map(eventMessage));
}

export interface Script {
  /** The version ServerFeatures reports; undefined: the method is not implemented (servers before 21.10). */
  serverVersion?: string;
  read?(request: ReadRequest, call: ScriptedCall): void;
  /** `$by_correlation_id` statistics: the details, or an error. */
  statistics?(): Partial<StatisticsResp.Details.AsObject> | ServiceError;
}

export interface Scripted {
  client: EventStoreDBClient;
  reads: ReadRequest[];
  appends: number;
  statistics: number;
}

function isServiceError(value: unknown): value is ServiceError {
  return value instanceof Error && typeof (value as ServiceError).code === 'number';
}

/** A real client whose gRPC stubs are scripted. */
export function scriptedClient(script: Script): Scripted {
  const client = EventStoreDBClient.connectionString('esdb://scripted.invalid:2113?tls=false');
  const scripted: Scripted = { client, reads: [], appends: 0, statistics: 0 };
  const channel = { getTarget: () => 'dns:scripted.invalid:2113', close: () => undefined };
  const stubs = new Map<unknown, unknown>([
    [StreamsClient, {
      getChannel: () => channel,
      read(request: ReadReq) {
        const call = new ScriptedCall();
        const decoded = decodeRead(request);
        scripted.reads.push(decoded);
        setImmediate(() => (script.read ? script.read(decoded, call) : call.reply([], { error: serviceError(status.UNIMPLEMENTED, 'not scripted') })));
        return call;
      },
      append(_metadata: Metadata, _options: unknown, callback: (error: ServiceError | null) => void) {
        scripted.appends++;
        return new Writable({ objectMode: true, write: (_chunk, _encoding, next) => next(), final: (done) => { done(); callback(serviceError(status.UNIMPLEMENTED, 'appends are not scripted')); } });
      },
    }],
    [ServerFeaturesClient, {
      getChannel: () => channel,
      getSupportedMethods(_empty: unknown, callback: (error: ServiceError | null, methods?: SupportedMethods) => void) {
        if (script.serverVersion === undefined) return setImmediate(() => callback(serviceError(status.UNIMPLEMENTED, 'Method not found')));
        const methods = new SupportedMethods().setEventStoreServerVersion(script.serverVersion)
          .setMethodsList([new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName('read')]);
        setImmediate(() => callback(null, methods));
      },
    }],
    [ProjectionsClient, {
      getChannel: () => channel,
      statistics() {
        scripted.statistics++;
        const call = new ScriptedCall();
        setImmediate(() => {
          const answer = script.statistics?.() ?? serviceError(status.NOT_FOUND, 'not scripted');
          if (isServiceError(answer)) return call.destroy(answer);
          const details = new StatisticsResp.Details();
          details.setName('$by_correlation_id').setStatus(answer.status ?? 'Running').setPosition(answer.position ?? '')
            .setLastcheckpoint(answer.lastcheckpoint ?? '').setWritesinprogress(answer.writesinprogress ?? 0)
            .setWritependingeventsbeforecheckpoint(answer.writependingeventsbeforecheckpoint ?? 0)
            .setWritependingeventsaftercheckpoint(answer.writependingeventsaftercheckpoint ?? 0);
          call.reply([new StatisticsResp().setDetails(details) as unknown as ReadResp]);
        });
        return call;
      },
    }],
  ]);
  (client as unknown as { getGRPCClient: (stub: unknown) => Promise<unknown> }).getGRPCClient = async (stub) => {
    const found = stubs.get(stub);
    if (!found) throw new Error(`no scripted gRPC stub for ${(stub as { name?: string }).name}`);
    return found;
  };
  return scripted;
}

const compare = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }) =>
  (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1);

/** A plain read of $all answered from `log` (in log order) as the server reads: direction, start (inclusive) and count. */
export function answerAllRead(request: ReadRequest, call: ScriptedCall, log: StoredEvent[]): void {
  const from = request.from;
  let page: StoredEvent[];
  if (request.backwards) {
    const older = from === 'end' ? log : typeof from === 'object' ? log.filter((e) => compare(e.position, from) < 0) : [];
    page = older.slice(-Number(request.count)).reverse();
  } else {
    const newer = from === 'start' ? log : typeof from === 'object' ? log.filter((e) => compare(e.position, from) >= 0) : [];
    page = newer.slice(0, Number(request.count));
  }
  call.reply(page.map(eventMessage));
}
