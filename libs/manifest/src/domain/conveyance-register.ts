import type { Decider, DomainEvent } from '@sw/event-store';

/**
 * A conveyance's crossings at one port (stream `conveyance-<port>-<normalized plate>`), written in
 * the same append as each crossing's declaration: the gate finds the vehicle's latest crossing here,
 * at once, without waiting for any projection.
 */
export type ConveyanceRegisterEvent = DomainEvent<'ConveyanceCrossingDeclared', { crossingId: string; conveyance: string; portOfEntry: string; at: string }>;
export type ConveyanceRegisterCommand = { type: 'RegisterCrossing'; crossingId: string; conveyance: string; portOfEntry: string; now: Date };

export const conveyanceRegisterDecider: Decider<{ latest: string | null }, ConveyanceRegisterCommand, ConveyanceRegisterEvent> = {
  initialState: () => ({ latest: null }),
  evolve: (_state, event) => ({ latest: event.data.crossingId }),
  decide: (command, state) => (state.latest === command.crossingId ? [] : [{
    type: 'ConveyanceCrossingDeclared', data: { crossingId: command.crossingId, conveyance: command.conveyance, portOfEntry: command.portOfEntry, at: command.now.toISOString() },
  }]),
};
