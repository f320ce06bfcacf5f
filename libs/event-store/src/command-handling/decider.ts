/**
 * A decider (Jérémie Chassaing's pattern, as Emmett uses it): the pure core of a context.
 * `decide` returns the events a command causes, or throws a DomainError when the state forbids it.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** Folds events into state: the one way every context (and the auditor's as-of view) rebuilds state. */
export function fold<State, Event extends DomainEvent>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** The command is not allowed in the current state (HTTP 409), with a reason a person can act on. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  /**
   * `details` go into the problem answer as they are; `params` are what the message catalogue's
   * sentence for `code` names besides them (both become the problem's `params`).
   */
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>, readonly params?: Record<string, string | number | boolean | (string | number)[]>) {
    super(message);
  }
}

/** The command refers to something that does not exist (HTTP 404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  /** A stable code the answer carries (e.g. unknown-reference), when the caller needs to tell cases apart. */
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** `Omit` for each member of a union of commands (plain `Omit` collapses the union). */
export type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
