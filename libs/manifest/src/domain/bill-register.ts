import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * Which manifest a bill of lading is on (stream `bill-of-lading-<number>`): one at a time, so a
 * bill filed on a second manifest is refused (409) while the first lists it. Written in the same
 * append as the manifest's own events, so two manifests racing for one bill cannot both win.
 */
export type BillRegisterEvent =
  | DomainEvent<'BillOfLadingManifested', { billOfLading: string; manifestId: string; conveyance: string; portOfEntry: string; at: string }>
  | DomainEvent<'BillOfLadingUnmanifested', { billOfLading: string; manifestId: string; at: string }>;

export type BillRegisterCommand =
  | { type: 'PutOnManifest'; billOfLading: string; manifestId: string; conveyance: string; portOfEntry: string; now: Date }
  | { type: 'TakeOffManifest'; billOfLading: string; manifestId: string; now: Date };

export interface BillRegisterState {
  manifestId: string | null;
}

export const billRegisterDecider: Decider<BillRegisterState, BillRegisterCommand, BillRegisterEvent> = {
  initialState: () => ({ manifestId: null }),
  evolve: (_state, event) => ({ manifestId: event.type === 'BillOfLadingManifested' ? event.data.manifestId : null }),
  decide(command, state) {
    const at = command.now.toISOString();
    if (command.type === 'TakeOffManifest') {
      return state.manifestId === command.manifestId ? [{ type: 'BillOfLadingUnmanifested', data: { billOfLading: command.billOfLading, manifestId: command.manifestId, at } }] : [];
    }
    if (state.manifestId === command.manifestId) return [];
    if (state.manifestId) {
      throw new DomainError('bill-of-lading-on-another-manifest', `Bill of lading ${command.billOfLading} is already on another manifest: a bill is on one manifest only (amend that one)`, { billOfLading: command.billOfLading });
    }
    const { billOfLading, manifestId, conveyance, portOfEntry } = command;
    return [{ type: 'BillOfLadingManifested', data: { billOfLading, manifestId, conveyance, portOfEntry, at } }];
  },
};
