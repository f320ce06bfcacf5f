import { DomainError, NotFoundError, type Decider, type DomainEvent } from '@sw/event-store';
import { normalizeConveyance } from '@sw/shipment';

/**
 * 舱单: the manifest a carrier (舱单传输人) files for one conveyance's voyage into or out of a port,
 * with its bills of lading, before the conveyance arrives; amended (舱单变更) until it arrives.
 * Stream `manifest-<id>`. Which manifest a bill of lading is on is kept apart (bill-register.ts),
 * so that no bill is on two manifests.
 */
export interface BillOfLading {
  number: string;
  consignee?: string;
  packages: number;
  grossWeightKg: number;
  description: string;
  containers: string[];
}

export type ManifestDirection = 'import' | 'export';

export interface ManifestHeader {
  manifestId: string;
  /** The carrier's USCC (the token's). */
  carrier: string;
  conveyance: string;
  voyage: string | null;
  transportMode: string;
  direction: ManifestDirection;
  portOfEntry: string;
  expectedAt: string;
}

export type ManifestEvent =
  | DomainEvent<'ManifestFiled', ManifestHeader & { billsOfLading: BillOfLading[]; filedBy: string; filedAt: string }>
  | DomainEvent<'ManifestAmended', { manifestId: string; conveyance: string; portOfEntry: string; billsOfLading: BillOfLading[]; added: string[]; removed: string[]; expectedAt: string; amendedBy: string; amendedAt: string }>
  | DomainEvent<'ManifestArrived', { manifestId: string; billOfLading: string; arrivedAt: string; recordedAt: string }>;

export type ManifestCommand =
  | { type: 'FileManifest'; header: ManifestHeader; billsOfLading: BillOfLading[]; filedBy: string; now: Date }
  | { type: 'AmendManifest'; carrier: string; billsOfLading: BillOfLading[]; expectedAt?: string; amendedBy: string; now: Date }
  /** An arrival report (运抵报告) of one of its bills by its conveyance at its port: no amendment after it. */
  | { type: 'RecordManifestArrival'; billOfLading: string; arrivedAt: string; now: Date };

export interface ManifestState {
  status: 'none' | 'filed' | 'arrived';
  header?: ManifestHeader;
  billsOfLading: BillOfLading[];
  amendments: number;
  arrivedAt?: string;
}

export const initialManifestState = (): ManifestState => ({ status: 'none', billsOfLading: [], amendments: 0 });

export function evolveManifest(state: ManifestState, event: ManifestEvent): ManifestState {
  switch (event.type) {
    case 'ManifestFiled': {
      const { billsOfLading, filedBy: _by, filedAt: _at, ...header } = event.data;
      return { status: 'filed', header, billsOfLading, amendments: 0 };
    }
    case 'ManifestAmended':
      return { ...state, billsOfLading: event.data.billsOfLading, amendments: state.amendments + 1, header: state.header && { ...state.header, expectedAt: event.data.expectedAt } };
    case 'ManifestArrived':
      return { ...state, status: 'arrived', arrivedAt: state.arrivedAt ?? event.data.arrivedAt };
  }
}

/** The bill numbers repeated in a list (a manifest lists each bill once). */
export function repeatedBills(bills: readonly { number: string }[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { number } of bills) (seen.has(number.toUpperCase()) ? repeated : seen).add(number.toUpperCase());
  return [...repeated];
}

const numbers = (bills: readonly BillOfLading[]) => bills.map((b) => b.number);

export function decideManifest(command: ManifestCommand, state: ManifestState): ManifestEvent[] {
  const at = command.now.toISOString();
  switch (command.type) {
    case 'FileManifest': {
      if (state.status !== 'none') throw new DomainError('manifest-already-filed', `Manifest ${command.header.manifestId} is already filed: amend it instead`);
      const repeated = repeatedBills(command.billsOfLading);
      if (repeated.length) throw new DomainError('bill-of-lading-repeated', `A manifest lists each bill of lading once: ${repeated.join(', ')} appear more than once`, { billsOfLading: repeated });
      return [{ type: 'ManifestFiled', data: { ...command.header, billsOfLading: command.billsOfLading, filedBy: command.filedBy, filedAt: at } }];
    }
    case 'AmendManifest': {
      // Another carrier's manifest is not theirs to know of.
      if (state.status === 'none' || state.header!.carrier !== command.carrier) throw new NotFoundError('No such manifest', 'unknown-manifest');
      if (state.status === 'arrived') {
        throw new DomainError('manifest-arrived', `The conveyance of this manifest arrived (${state.arrivedAt}): a manifest is amended (舱单变更) only before arrival`, { arrivedAt: state.arrivedAt });
      }
      const repeated = repeatedBills(command.billsOfLading);
      if (repeated.length) throw new DomainError('bill-of-lading-repeated', `A manifest lists each bill of lading once: ${repeated.join(', ')} appear more than once`, { billsOfLading: repeated });
      const before = new Set(numbers(state.billsOfLading));
      const after = new Set(numbers(command.billsOfLading));
      const { manifestId, conveyance, portOfEntry } = state.header!;
      return [{
        type: 'ManifestAmended',
        data: {
          manifestId, conveyance, portOfEntry, billsOfLading: command.billsOfLading,
          added: [...after].filter((n) => !before.has(n)), removed: [...before].filter((n) => !after.has(n)),
          expectedAt: command.expectedAt ?? state.header!.expectedAt, amendedBy: command.amendedBy, amendedAt: at,
        },
      }];
    }
    case 'RecordManifestArrival': {
      if (state.status === 'none') throw new NotFoundError('No such manifest', 'unknown-manifest');
      if (state.status === 'arrived' || !numbers(state.billsOfLading).includes(command.billOfLading)) return [];
      return [{ type: 'ManifestArrived', data: { manifestId: state.header!.manifestId, billOfLading: command.billOfLading, arrivedAt: command.arrivedAt, recordedAt: at } }];
    }
  }
}

export const manifestDecider: Decider<ManifestState, ManifestCommand, ManifestEvent> = {
  initialState: initialManifestState,
  evolve: evolveManifest,
  decide: decideManifest,
};

/**
 * Whether an arrival report fits the manifest its bill is on: the same port (else 409: an arrival
 * at another port than the manifest's is refused) and the same conveyance (plates compared normalized).
 */
export function arrivalMisfit(manifest: ManifestHeader, arrival: { portOfEntry: string; conveyance: string }): { code: string; message: string } | null {
  if (manifest.portOfEntry !== arrival.portOfEntry) {
    return { code: 'arrival-port-not-manifested', message: `The bill of lading is on manifest ${manifest.manifestId} for port ${manifest.portOfEntry}, not ${arrival.portOfEntry}: an arrival is reported at the manifest's port` };
  }
  if (normalizeConveyance(manifest.conveyance) !== normalizeConveyance(arrival.conveyance)) {
    return { code: 'arrival-conveyance-not-manifested', message: `The bill of lading is on manifest ${manifest.manifestId} of conveyance ${manifest.conveyance}, not ${arrival.conveyance}` };
  }
  return null;
}

/**
 * 舱单 before release: an import whose conveyance crosses a land border (road, rail) is released
 * once its bill of lading is on a manifest of its conveyance and port. (Sea and air manifests are
 * filed the same way; release does not wait for them yet.)
 */
export function manifestRequired(declaration: { direction: string; transport: { mode: string; billOfLading?: string } }, crossesLandBorder: (mode: string) => boolean): boolean {
  // A declaration without 提运单号 (its mode has no carrier's document: transport-document.ts) is on no manifest.
  return declaration.direction === 'import' && crossesLandBorder(declaration.transport.mode) && !!declaration.transport.billOfLading;
}
