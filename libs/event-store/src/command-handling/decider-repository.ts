import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../errors';
import type { Actor, AppendResult, EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { deterministicEventId } from '../subscriptions/deterministic-id';
import { fold, type Decider, type DomainEvent } from './decider';

export interface CommandContext {
  /** The shipment (declaration id). */
  correlationId: string;
  /** The request id or the event that caused this command. */
  causationId?: string;
  actor: Actor;
  /** The engine clock's time for the events' `occurredAt`. */
  now: Date;
  /**
   * When set, event ids are derived from it (a process manager passes the id of the event it
   * reacts to), so handling the same cause twice appends nothing new.
   */
  idempotencySeed?: string;
}

export interface HandledCommand<State, Event extends DomainEvent> {
  events: Event[];
  state: State;
  /** The stream revision after the command (unchanged when it decided nothing). */
  revision: number;
  position: string | null;
  /** Ids of the events appended (as many as `events`). */
  eventIds: string[];
}

/** Commands decided on a stream but not appended yet (DeciderRepository.decideAll). */
export interface Decided<State, Event extends DomainEvent> {
  streamId: string;
  events: Event[];
  /** The state after the events. */
  state: State;
  /** The revision the commands were decided on (-1: no stream). */
  revision: number;
  /** The events as they will be appended, with their ids. */
  toAppend: NewEvent[];
}

export interface HandleOptions {
  /** The stream cannot exist yet (its id was just made up at random): decide without reading it. */
  newStream?: boolean;
  /**
   * The stream's state and revision, just read by the caller: decided on without reading again.
   * If the stream moved meanwhile, the append is refused and the stream read.
   */
  known?: { state: unknown; revision: number };
}

export interface DeciderRepositoryOptions {
  /** Attempts when a concurrent writer moved the stream meanwhile (default 5). */
  maxAttempts?: number;
  schemaVersion?: number;
}

/**
 * The one way commands are handled: read the stream, fold it through the decider, decide,
 * append with the revision that was read, and on a conflict read again and decide again.
 * Nothing is published in-process: whatever reacts to the events does so from a subscription.
 */
export class DeciderRepository {
  constructor(private readonly store: EventStore, private readonly options: DeciderRepositoryOptions = {}) {}

  async load<State, Event extends DomainEvent>(streamId: string, decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>): Promise<{ state: State; revision: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streamId);
    return { state: fold(decider, events as unknown as Event[]), revision: events.length - 1, events };
  }

  async handle<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<HandledCommand<State, Event>> {
    return this.handleAll(streamId, decider, [command], context, options);
  }

  /**
   * Several commands to one stream as one: each decided on the state the previous ones left, and
   * all their events appended at once (one write instead of one per command). A DomainError of
   * any command refuses them all, as if they were one command.
   */
  async handleAll<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    commands: Command[],
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<HandledCommand<State, Event>> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      // A stream known to be new is not read; if it exists after all, the append says so and it is read.
      const decided = await this.decideAll(streamId, decider, commands, context, attempt === 1 ? options : {});
      if (decided.events.length === 0) return { events: [], state: decided.state, revision: decided.revision, position: null, eventIds: [] };
      try {
        const result: AppendResult = await this.store.append(streamId, decided.toAppend, decided.revision < 0 ? 'no-stream' : decided.revision);
        return handled(decided, result);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * Decides the commands as handleAll does (reading the stream unless it is known or new) but
   * appends nothing: for a caller that appends several streams' decisions at once (appendDecided).
   */
  async decideAll<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    commands: Command[],
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<Decided<State, Event>> {
    const { state, revision } = options.known ? { state: options.known.state as State, revision: options.known.revision }
      : options.newStream ? { state: decider.initialState(), revision: -1 }
        : await this.load(streamId, decider);
    let next = state;
    const events: Event[] = [];
    for (const command of commands) {
      const decided = decider.decide(command, next); // throws DomainError when forbidden
      next = decided.reduce((s, e) => decider.evolve(s, e), next);
      events.push(...decided);
    }
    return { streamId, events, state: next, revision, toAppend: events.map((event, index) => this.toNew(event, index, revision, context)) };
  }

  /**
   * Appends decisions (decideAll) in order, each at the revision it was decided on, in one
   * EventStore.appendMany: no retry; a refusal is thrown with the decisions before it appended.
   */
  async appendDecided(decisions: Decided<unknown, DomainEvent>[]): Promise<HandledCommand<unknown, DomainEvent>[]> {
    const toAppend = decisions.filter((d) => d.events.length > 0);
    const results = await this.store.appendMany(toAppend.map((d) => ({ streamId: d.streamId, events: d.toAppend, expected: d.revision < 0 ? 'no-stream' as const : d.revision })));
    return decisions.map((d) => {
      const index = toAppend.indexOf(d);
      return index < 0 ? { events: [], state: d.state, revision: d.revision, position: null, eventIds: [] } : handled(d, results[index]);
    });
  }

  private toNew(event: DomainEvent, index: number, revision: number, context: CommandContext): NewEvent {
    return {
      id: context.idempotencySeed ? deterministicEventId(context.idempotencySeed, index, event.type) : randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: context.actor,
        occurredAt: context.now.toISOString(),
        schemaVersion: this.options.schemaVersion ?? 1,
      },
    };
  }
}

function handled<State, Event extends DomainEvent>(decided: Decided<State, Event>, result: AppendResult): HandledCommand<State, Event> {
  return { events: decided.events, state: decided.state, revision: result.nextRevision, position: result.position, eventIds: decided.toAppend.map((e) => e.id!) };
}
