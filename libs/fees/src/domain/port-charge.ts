import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
import type { CatalogueVersion, FeeBasis, FeePayer } from './fee-catalogue';

/**
 * Port charges on one shipment (stream `port-charges-<declarationId>`): a port operator records
 * what it charges; 清单之外无收费, so a charge outside the catalogue in force that day, or above
 * its amount, is refused, and the refusal is kept (ChargeRefused) for oversight to follow up.
 */

/** What the joint examination found: nothing (every agency's result passed) or something. */
export type ExaminationOutcome = 'none' | 'open' | 'found-nothing' | 'found-something';

export type ChargeRefusal =
  /** No catalogue of that port is in force that day. */
  | 'no-catalogue'
  | 'not-in-catalogue'
  | 'above-catalogue'
  /** An examination handling charge on a shipment that had no examination. */
  | 'no-examination';

export interface RecordedCharge {
  chargeId: string;
  port: string;
  code: string;
  nameZh: string;
  basis: FeeBasis;
  quantity: number;
  amount: number;
  currency: string;
  /** The catalogue item's payer, or the government for an examination that found nothing. */
  payer: FeePayer;
  catalogueVersion: number;
  effectiveFrom: string;
  chargedBy: string;
  chargedAt: string;
}

export interface RefusedCharge {
  chargeId: string;
  port: string;
  code: string;
  quantity: number;
  amount: number;
  reason: ChargeRefusal;
  /** In English; the code (reason) carries the words in other languages. */
  message: string;
  /** The most the catalogue allows for that quantity (above-catalogue). */
  maxAmount?: number;
  currency?: string;
  catalogueVersion?: number;
  chargedBy: string;
  refusedAt: string;
}

export type PortChargeEvent =
  | DomainEvent<'PortChargeRecorded', RecordedCharge>
  | DomainEvent<'PortChargeRefused', RefusedCharge>;

export interface RecordPortCharge {
  type: 'RecordPortCharge';
  chargeId: string;
  /** The shipment's port (its declaration's port of entry or exit). */
  port: string;
  code: string;
  quantity: number;
  amount: number;
  /** The port's catalogue version in force today (null: none). */
  catalogue: CatalogueVersion | null;
  examination: ExaminationOutcome;
  chargedBy: string;
  now: Date;
}

export interface PortChargesState {
  charges: RecordedCharge[];
  refused: RefusedCharge[];
}

export const initialPortChargesState = (): PortChargesState => ({ charges: [], refused: [] });

export function evolvePortCharges(state: PortChargesState, event: PortChargeEvent): PortChargesState {
  switch (event.type) {
    case 'PortChargeRecorded':
      return { ...state, charges: [...state.charges, event.data] };
    case 'PortChargeRefused':
      return { ...state, refused: [...state.refused, event.data] };
  }
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** The charges' decider: recorded within the catalogue, refused (and kept) outside it. */
export function decidePortCharge(command: RecordPortCharge, _state: PortChargesState): PortChargeEvent[] {
  const { chargeId, port, code, quantity, amount, catalogue, chargedBy } = command;
  const at = command.now.toISOString();
  const refuse = (reason: ChargeRefusal, message: string, extra: Partial<RefusedCharge> = {}): PortChargeEvent[] => [{
    type: 'PortChargeRefused', data: { chargeId, port, code, quantity, amount, reason, message, ...extra, chargedBy, refusedAt: at },
  }];
  if (!catalogue) return refuse('no-catalogue', `No fee catalogue of port ${port} is in force today: nothing may be charged (清单之外无收费)`);
  const item = catalogue.items.find((i) => i.code === code);
  const version = { catalogueVersion: catalogue.version };
  if (!item) return refuse('not-in-catalogue', `${code} is not in version ${catalogue.version} of port ${port}'s fee catalogue (in force since ${catalogue.effectiveFrom}): it may not be charged`, version);
  // A charge per declaration is one per declaration, whatever quantity is claimed.
  const units = item.basis === 'declaration' ? 1 : quantity;
  const maxAmount = cents(item.amount * units);
  if (cents(amount) > maxAmount) {
    return refuse('above-catalogue', `${code} (${item.nameZh}) is at most ${item.amount} ${item.currency} per ${item.basis}: ${maxAmount} ${item.currency} for ${quantity}, not ${amount}`, {
      ...version, maxAmount, currency: item.currency,
    });
  }
  let payer = item.payer;
  if (item.examinationHandling) {
    if (command.examination === 'none') return refuse('no-examination', `${code} (${item.nameZh}) is an examination handling charge, and this shipment had no examination`, version);
    if (command.examination === 'open') {
      // Not a charge outside the catalogue: too early, since the examination's result decides who pays.
      throw new DomainError('examination-not-completed', `${code} (${item.nameZh}) is charged once the examination is completed: its result decides who pays`);
    }
    if (command.examination === 'found-nothing') payer = 'government';
  }
  return [{
    type: 'PortChargeRecorded',
    data: {
      chargeId, port, code, nameZh: item.nameZh, basis: item.basis, quantity, amount: cents(amount), currency: item.currency, payer,
      catalogueVersion: catalogue.version, effectiveFrom: catalogue.effectiveFrom, chargedBy, chargedAt: at,
    },
  }];
}

export const portChargesDecider: Decider<PortChargesState, RecordPortCharge, PortChargeEvent> = {
  initialState: initialPortChargesState,
  evolve: evolvePortCharges,
  decide: decidePortCharge,
};
