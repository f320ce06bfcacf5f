import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * A licence or certificate of the register (监管证件), in the stream `license-<NUMBER>`:
 * issued once by its authority, written off (核销) by the declarations released under it —
 * each declaration exactly once — and perhaps revoked. The stream's revision serializes
 * write-offs: two declarations racing for the last balance cannot both get it.
 */
/** A licence number: 1 to 40 capital letters, digits and dashes. */
export const LICENSE_NUMBER = /^[A-Z0-9-]{1,40}$/;

export interface LicenseTerms {
  number: string;
  /** 监管证件代码 (seeds/reference/license-types.json). */
  type: string;
  /** USCC of the enterprise the licence was issued to. */
  holder: string;
  /** HS prefixes (2 to 10 digits) of the goods it covers. */
  commodities: string[];
  quantity: number;
  /** 计量单位代码 the quantity is counted in. */
  unit: string;
  /** First and last day of validity (ISO dates, inclusive). */
  validFrom: string;
  validUntil: string;
  /** The issuing authority (the issuer token's `authority`). */
  authority: string;
}

export type LicenseEvent =
  | DomainEvent<'LicenseIssued', LicenseTerms & { issuedAt: string }>
  | DomainEvent<'LicenseRevoked', { reason: string; revokedAt: string }>
  | DomainEvent<'QuantityWrittenOff', { declarationId: string; quantity: number; balanceAfter: number; writtenOffAt: string }>
  /** A write-off undone because another licence of the same declaration refused its own (nothing is kept for a declaration that is not released). */
  | DomainEvent<'WriteOffReversed', { declarationId: string; quantity: number; balanceAfter: number; reason: string; reversedAt: string }>;

export type LicenseEventType = LicenseEvent['type'];

/** What a declaration asks of a licence: the checks of verification (at submission) and of write-off (at release). */
export interface LicenseUse {
  /** USCC of the declarant. */
  declarant: string;
  /** HS codes of the items the licence is used for. */
  hsCodes: string[];
  /** Their declared quantity, in total. */
  quantity: number;
  unit: string;
  /** The declaration date (ISO date): the licence must be valid on it. */
  declarationDate: string;
}

export type LicenseCommand =
  | { type: 'IssueLicense'; terms: LicenseTerms; now: Date }
  | { type: 'RevokeLicense'; reason: string; now: Date }
  | ({ type: 'WriteOff'; declarationId: string; now: Date } & LicenseUse)
  | { type: 'ReverseWriteOff'; declarationId: string; reason: string; now: Date };

export interface WriteOff {
  declarationId: string;
  quantity: number;
  balanceAfter: number;
  writtenOffAt: string;
  reversed?: { reason: string; at: string };
}

export interface LicenseState {
  status: 'none' | 'issued' | 'revoked';
  terms?: LicenseTerms;
  issuedAt?: string;
  revoked?: { reason: string; at: string };
  balance: number;
  writeOffs: WriteOff[];
}

/** Quantities carry at most 5 decimals (as declared); sums are rounded to them. */
const round = (n: number) => Math.round(n * 1e5) / 1e5;

export const initialLicenseState = (): LicenseState => ({ status: 'none', balance: 0, writeOffs: [] });

export function evolveLicense(state: LicenseState, event: LicenseEvent): LicenseState {
  switch (event.type) {
    case 'LicenseIssued': {
      const { issuedAt, ...terms } = event.data;
      return { ...state, status: 'issued', terms, issuedAt, balance: terms.quantity };
    }
    case 'LicenseRevoked':
      return { ...state, status: 'revoked', revoked: { reason: event.data.reason, at: event.data.revokedAt } };
    case 'QuantityWrittenOff': {
      const { declarationId, quantity, balanceAfter, writtenOffAt } = event.data;
      return { ...state, balance: balanceAfter, writeOffs: [...state.writeOffs, { declarationId, quantity, balanceAfter, writtenOffAt }] };
    }
    case 'WriteOffReversed':
      return {
        ...state,
        balance: event.data.balanceAfter,
        writeOffs: state.writeOffs.map((w) => (w.declarationId === event.data.declarationId && !w.reversed ? { ...w, reversed: { reason: event.data.reason, at: event.data.reversedAt } } : w)),
      };
  }
}

/** Why a licence cannot be used as asked: a code and a sentence the declarant can act on. */
export interface LicenseRefusal {
  code: 'license-not-found' | 'license-revoked' | 'license-expired' | 'license-not-yet-valid' | 'not-the-holder' | 'commodity-not-covered' | 'unit-mismatch' | 'insufficient-balance';
  message: string;
}

export const covers = (commodities: readonly string[], hsCode: string) => commodities.some((prefix) => hsCode.startsWith(prefix));

/**
 * The checks a declaration's use of a licence must pass (the same at verification and at
 * write-off): issued, not revoked, valid on the declaration date, the declarant's own,
 * covering every item, in the licence's unit, with balance left for the quantity.
 */
/** The one refusal for a licence the declarant does not hold (the agencies read it; the declarant reads it as licenseProblemForEnterprise says). */
export function notTheHolder(number: string, declarant: string): LicenseRefusal {
  return { code: 'not-the-holder', message: `licence ${number} was issued to another enterprise, not to the declarant ${declarant}` };
}

export function refusalOf(state: LicenseState, use: LicenseUse): LicenseRefusal | null {
  const terms = state.terms;
  if (state.status === 'none' || !terms) return { code: 'license-not-found', message: 'no such licence is registered' };
  // Another holder's licence: nothing more is said of it (its type, dates, revocation are its holder's facts).
  if (use.declarant !== terms.holder) return notTheHolder(terms.number, use.declarant);
  const name = `licence ${terms.type} ${terms.number}`;
  if (state.status === 'revoked') return { code: 'license-revoked', message: `${name} was revoked on ${state.revoked!.at.slice(0, 10)}: ${state.revoked!.reason}` };
  if (use.declarationDate > terms.validUntil) return { code: 'license-expired', message: `${name} expired on ${terms.validUntil} (the declaration is dated ${use.declarationDate})` };
  if (use.declarationDate < terms.validFrom) return { code: 'license-not-yet-valid', message: `${name} is valid from ${terms.validFrom} (the declaration is dated ${use.declarationDate})` };
  const uncovered = use.hsCodes.filter((hs) => !covers(terms.commodities, hs));
  if (uncovered.length) return { code: 'commodity-not-covered', message: `${name} does not cover HS ${uncovered.join(', ')} (it covers ${terms.commodities.join(', ')})` };
  if (use.unit !== terms.unit) return { code: 'unit-mismatch', message: `${name} is counted in unit ${terms.unit}, the goods are declared in unit ${use.unit}` };
  if (round(use.quantity) > state.balance) {
    return { code: 'insufficient-balance', message: `${name} has an insufficient balance: ${state.balance} left, ${round(use.quantity)} declared (unit ${terms.unit})` };
  }
  return null;
}

const refuse = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

export function decideLicense(command: LicenseCommand, state: LicenseState): LicenseEvent[] {
  const now = command.now.toISOString();
  switch (command.type) {
    case 'IssueLicense':
      if (state.status !== 'none') refuse('license-exists', `Licence ${command.terms.number} is already registered`);
      return [{ type: 'LicenseIssued', data: { ...command.terms, issuedAt: now } }];
    case 'RevokeLicense':
      if (state.status === 'none') refuse('license-not-found', 'There is no such licence');
      if (state.status === 'revoked') refuse('already-revoked', `Licence ${state.terms!.number} was already revoked`);
      return [{ type: 'LicenseRevoked', data: { reason: command.reason, revokedAt: now } }];
    case 'WriteOff': {
      // Exactly once per declaration: a repeated write-off (a process handling its event again) is a no-op.
      const earlier = state.writeOffs.find((w) => w.declarationId === command.declarationId);
      if (earlier && !earlier.reversed) return [];
      if (earlier) refuse('write-off-reversed', `The write-off of declaration ${command.declarationId} was reversed: ${earlier.reversed!.reason}`);
      const refusal = refusalOf(state, command);
      if (refusal) refuse(refusal.code, refusal.message, { license: state.terms?.number });
      const quantity = round(command.quantity);
      return [{ type: 'QuantityWrittenOff', data: { declarationId: command.declarationId, quantity, balanceAfter: round(state.balance - quantity), writtenOffAt: now } }];
    }
    case 'ReverseWriteOff': {
      const earlier = state.writeOffs.find((w) => w.declarationId === command.declarationId && !w.reversed);
      if (!earlier) return [];
      return [{ type: 'WriteOffReversed', data: { declarationId: command.declarationId, quantity: earlier.quantity, balanceAfter: round(state.balance + earlier.quantity), reason: command.reason, reversedAt: now } }];
    }
  }
}

export const licenseDecider: Decider<LicenseState, LicenseCommand, LicenseEvent> = {
  initialState: initialLicenseState,
  evolve: evolveLicense,
  decide: decideLicense,
};

/** 申报日期: the calendar day in China (UTC+8) of an instant, as an ISO date. */
export function declarationDateOf(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** What the licence's state is on a day: valid, expired, not yet valid or revoked. */
export function licenseStatusOn(state: LicenseState, date: string): 'valid' | 'expired' | 'not-yet-valid' | 'revoked' {
  if (state.status === 'revoked') return 'revoked';
  if (date > state.terms!.validUntil) return 'expired';
  if (date < state.terms!.validFrom) return 'not-yet-valid';
  return 'valid';
}
