import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
import type { Direction } from '@sw/shipment';

/**
 * 代理报关委托: a power of attorney by which an enterprise (the principal, 委托方) lets a customs
 * broker (报关企业, the agent) declare its goods, for a period of China calendar days (both ends
 * included) and a scope: the directions and, when given, the customs offices (申报地海关).
 */
export interface PowerOfAttorneyScope {
  directions: Direction[];
  /** null: every customs office. */
  customsOffices: string[] | null;
}

export type PowerOfAttorneyEvent =
  | DomainEvent<'PowerOfAttorneyIssued', { id: string; principal: string; agent: string; validFrom: string; validUntil: string; scope: PowerOfAttorneyScope; issuedAt: string }>
  | DomainEvent<'PowerOfAttorneyRevoked', { reason: string | null; revokedAt: string }>;

export type PowerOfAttorneyCommand =
  | { type: 'Issue'; id: string; principal: string; agent: string; validFrom: string; validUntil: string; scope: PowerOfAttorneyScope; now: Date }
  /** Only the principal revokes; revoking stops new filings, not those already filed. */
  | { type: 'Revoke'; by: string; reason: string | null; now: Date };

export interface PowerOfAttorney {
  id: string;
  principal: string;
  agent: string;
  validFrom: string;
  validUntil: string;
  scope: PowerOfAttorneyScope;
  issuedAt: string;
  revokedAt: string | null;
}

export type PowerOfAttorneyState = PowerOfAttorney | null;

export function evolvePowerOfAttorney(state: PowerOfAttorneyState, event: PowerOfAttorneyEvent): PowerOfAttorneyState {
  switch (event.type) {
    case 'PowerOfAttorneyIssued':
      return { ...event.data, revokedAt: null };
    case 'PowerOfAttorneyRevoked':
      return state ? { ...state, revokedAt: state.revokedAt ?? event.data.revokedAt } : state;
  }
}

export function decidePowerOfAttorney(command: PowerOfAttorneyCommand, state: PowerOfAttorneyState): PowerOfAttorneyEvent[] {
  const now = command.now.toISOString();
  switch (command.type) {
    case 'Issue': {
      if (state) throw new DomainError('power-of-attorney-exists', `Power of attorney ${command.id} was already issued`, undefined, { powerOfAttorney: command.id });
      const { id, principal, agent, validFrom, validUntil, scope } = command;
      return [{ type: 'PowerOfAttorneyIssued', data: { id, principal, agent, validFrom, validUntil, scope, issuedAt: now } }];
    }
    case 'Revoke': {
      if (!state || state.principal !== command.by) throw new DomainError('power-of-attorney-unknown', 'There is no such power of attorney');
      if (state.revokedAt) throw new DomainError('power-of-attorney-revoked', `Power of attorney ${state.id} was already revoked on ${state.revokedAt}`, undefined, { powerOfAttorney: state.id, revokedAt: state.revokedAt });
      return [{ type: 'PowerOfAttorneyRevoked', data: { reason: command.reason, revokedAt: now } }];
    }
  }
}

export const powerOfAttorneyDecider: Decider<PowerOfAttorneyState, PowerOfAttorneyCommand, PowerOfAttorneyEvent> = {
  initialState: () => null,
  evolve: evolvePowerOfAttorney,
  decide: decidePowerOfAttorney,
};

export const powerOfAttorneyStream = (id: string) => `power-of-attorney-${id}`;

/** Where a power of attorney stands on a China calendar day. */
export function powerOfAttorneyStatus(poa: PowerOfAttorney, today: string): 'in-force' | 'revoked' | 'not-yet-valid' | 'expired' {
  if (poa.revokedAt) return 'revoked';
  if (today < poa.validFrom) return 'not-yet-valid';
  if (today > poa.validUntil) return 'expired';
  return 'in-force';
}

/** One thing a filing lacks, as the 403 names it: the field of the declaration and the rule. */
/** What a filing lacks: the field, the catalogue code, its params (what the sentence names) and the English words. */
export interface MissingAuthority { field: string; code: string; message: string; params?: Record<string, string | string[]> }

/**
 * Whether the powers of attorney between a principal and a broker cover a filing: the one that
 * does, or what is missing, said of the power that comes closest (in force, then the most recent).
 */
export function authorityFor(powers: PowerOfAttorney[], filing: { principal: string; agent: string; direction: Direction; customsOffice: string; today: string }):
  { covered: true; powerOfAttorney: string } | { covered: false; missing: MissingAuthority[] } {
  const between = powers.filter((p) => p.principal === filing.principal && p.agent === filing.agent);
  const gaps = between.map((poa) => ({ poa, missing: gapsOf(poa, filing) }));
  const covering = gaps.find((g) => g.missing.length === 0);
  if (covering) return { covered: true, powerOfAttorney: covering.poa.id };
  if (gaps.length === 0) {
    return { covered: false, missing: [{ field: 'consignee.uscc', code: 'no-power-of-attorney', message: `${filing.principal} has given ${filing.agent} no power of attorney (代理报关委托)` }] };
  }
  // The closest: one in force that only lacks scope, else the latest issued.
  const inForce = gaps.filter((g) => powerOfAttorneyStatus(g.poa, filing.today) === 'in-force');
  const closest = (inForce.length ? inForce : gaps).sort((a, b) => a.missing.length - b.missing.length || b.poa.issuedAt.localeCompare(a.poa.issuedAt))[0]!;
  return { covered: false, missing: closest.missing };
}

function gapsOf(poa: PowerOfAttorney, filing: { direction: Direction; customsOffice: string; today: string }): MissingAuthority[] {
  const missing: MissingAuthority[] = [];
  const status = powerOfAttorneyStatus(poa, filing.today);
  if (status === 'revoked') missing.push({ field: 'consignee.uscc', code: 'power-of-attorney-revoked', message: `power of attorney ${poa.id} was revoked on ${poa.revokedAt}`, params: { powerOfAttorney: poa.id, revokedAt: poa.revokedAt ?? '' } });
  if (status === 'not-yet-valid') missing.push({ field: 'consignee.uscc', code: 'power-of-attorney-not-yet-valid', message: `power of attorney ${poa.id} is valid from ${poa.validFrom}`, params: { powerOfAttorney: poa.id, validFrom: poa.validFrom } });
  if (status === 'expired') missing.push({ field: 'consignee.uscc', code: 'power-of-attorney-expired', message: `power of attorney ${poa.id} expired after ${poa.validUntil}`, params: { powerOfAttorney: poa.id, validUntil: poa.validUntil } });
  if (!poa.scope.directions.includes(filing.direction)) {
    missing.push({ field: 'direction', code: 'power-of-attorney-direction', message: `power of attorney ${poa.id} covers ${poa.scope.directions.join(' and ')} only, not ${filing.direction}`,
      params: { powerOfAttorney: poa.id, directions: [...poa.scope.directions], direction: filing.direction } });
  }
  if (poa.scope.customsOffices && !poa.scope.customsOffices.includes(filing.customsOffice)) {
    missing.push({ field: 'customsOffice', code: 'power-of-attorney-office', message: `power of attorney ${poa.id} covers customs offices ${poa.scope.customsOffices.join(', ')} only, not ${filing.customsOffice}`,
      params: { powerOfAttorney: poa.id, customsOffices: [...poa.scope.customsOffices], customsOffice: filing.customsOffice } });
  }
  return missing;
}
