/**
 * The event store port. Two adapters implement it (PostgreSQL, EventStoreDB). Both run one
 * contract suite (test/contract/event-store.contract.ts); where the stores genuinely differ, the
 * adapter declares it in `capabilities` and the suite checks the behaviour it declares (today:
 * whether an event id is unique across streams or only within its stream).
 *
 * Revisions are 0-based per stream, as in EventStoreDB. Positions are opaque strings that
 * only the adapter that issued them compares: PostgreSQL's is `<transaction id>/<sequence>`,
 * EventStoreDB's `<commit>/<prepare>`; both are bigint-safe.
 */

/** Who caused an event: an enterprise (USCC), an officer of an agency, a device, or the engine. */
export interface Actor {
  kind: 'enterprise' | 'officer' | 'port-operator' | 'port-authority' | 'gate' | 'auditor' | 'issuer' | 'bank' | 'system' | 'broker' | 'carrier';
  id: string;
  agency?: 'customs' | 'inspection' | 'border';
}

export interface EventMetadata {
  /** The shipment (declaration id) the event belongs to. */
  correlationId: string;
  /** The event or request that caused this event. */
  causationId?: string;
  actor: Actor;
  /** ISO 8601 time on the engine's clock. */
  occurredAt: string;
  schemaVersion: number;
  /** SHA-256 chain link, set by the store on append (see hash-chain.ts). */
  hash: string;
}

export type NewEventMetadata = Omit<EventMetadata, 'hash' | 'schemaVersion' | 'occurredAt'> & {
  occurredAt?: string;
  schemaVersion?: number;
};

export interface NewEvent<Type extends string = string, Data = unknown> {
  /**
   * A UUID. Re-appending the same ids to the same stream is idempotent, however long ago they
   * were appended. Random when omitted. Whether an id stored in another stream is refused
   * depends on the store: see EventStoreCapabilities.
   */
  id?: string;
  type: Type;
  data: Data;
  metadata: NewEventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  streamId: string;
  revision: number;
  position: Position;
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** Wall-clock time the store recorded the event (not the engine's clock). */
  recordedAt: string;
}

export type Position = string;

/** 'no-stream': must not exist; 'stream-exists': must exist; 'any'; or the exact current revision. */
export type ExpectedRevision = 'no-stream' | 'any' | 'stream-exists' | number;

export interface AppendResult {
  /** Revision of the last event written (or found, for an idempotent re-append). */
  nextRevision: number;
  /**
   * Position of the last event written (or found). For an append of no events, the position of
   * the stream's last event, or, when there is no stream, the head position: never before what
   * the store held when the call was made. `''` only when the store holds no events at all.
   */
  position: Position;
}

/** What differs between the stores, declared by each adapter; the contract suite checks each as declared. */
export interface EventStoreCapabilities {
  /**
   * true: an event id already stored in any stream is refused elsewhere (DuplicateEventIdError).
   * false: ids are unique within a stream only (EventStoreDB): the same id may be stored once in
   * each of several streams, and callers must not rely on the store to refuse it.
   */
  eventIdsUniqueAcrossStreams: boolean;
}

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Inclusive. */
  toRevision?: number;
  /** Only events that occurred at or before this instant (the engine's clock). */
  untilTime?: Date;
}

/** Server-side filter for reading all and subscribing. */
export type EventFilter = { streamPrefixes: string[] } | { eventTypes: string[] };

export interface ReadAllOptions {
  /** Exclusive: events after this position. From the beginning when null or omitted. */
  after?: Position | null;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts with the first event after it. */
  after: Position | null;
  filter?: EventFilter;
  /** Upper bound of events in one delivered batch. */
  batchSize?: number;
  signal: AbortSignal;
}

/**
 * What a subscription delivers: the next events that pass its filter, and how far it has read.
 * `position` is the last event's position, or further when the events after it up to there
 * were all filtered out; `events` may then be empty (progress only, as EventStoreDB's
 * checkpointReached). A consumer stores `position` as its checkpoint, so a filtered
 * subscription never reads again what its filter left out.
 */
export interface SubscriptionBatch {
  events: RecordedEvent[];
  position: Position;
}

export interface EventStore {
  readonly name: 'postgres' | 'eventstoredb';
  readonly capabilities: EventStoreCapabilities;
  /** Atomic: all events or none. Throws WrongExpectedRevisionError on a revision mismatch. */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams as `append`, one after the other in order, would: the same
   * results (a re-append of the same ids is found), and the first refusal thrown, with the
   * appends before it written. Not one transaction: callers that need the later appends only
   * if the earlier ones happened get that from the order. PostgreSQL makes them one round trip
   * and one commit when none is refused.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream in revision order; [] for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Events of all streams in global order. Only the stable prefix is returned: an event is
   * never later found before one already returned, so a reader may checkpoint any position.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Every event of a shipment (metadata.correlationId) across streams, in global order;
   * `after`: only those after that position (a read model's row brought up to date).
   */
  readByCorrelation(correlationId: string, options?: { untilTime?: Date; after?: Position | null }): Promise<RecordedEvent[]>;
  /**
   * Catch-up subscription: batches of events in global order from the checkpoint, then live,
   * until the signal aborts. Resumes by itself after transient failures.
   */
  subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch>;
  /** The position of the newest stable event, or null when the store is empty. */
  headPosition(): Promise<Position | null>;
  /**
   * How many events lie after a checkpoint, counted through a subscription's filter (a
   * filtered subscription's checkpoint only moves on the events it takes). Null: unknown to
   * this adapter, or too costly.
   */
  countAfter?(position: Position | null, filter?: EventFilter): Promise<number | null>;
  /**
   * For each read, when the first event after its position that passes its filter was stored
   * (ISO time; null when none waits), as `readAll({ after, filter, maxCount: 1 })` would find it,
   * all in one round trip. Optional: without it, callers read each alone.
   */
  firstWaiting?(reads: { after: Position | null; filter?: EventFilter }[]): Promise<(string | null)[]>;
  /**
   * A transaction of this process that may have held back what readers see has ended (a
   * subscription's batch committed): subscribers of this process read again now instead of
   * at their next poll. Optional: adapters whose readers are never held back leave it out.
   */
  wakeSubscribers?(): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
