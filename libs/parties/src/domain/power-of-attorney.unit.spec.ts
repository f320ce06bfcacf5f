import { DomainError } from '@sw/event-store';
import { authorityFor, powerOfAttorneyDecider, type PowerOfAttorney, type PowerOfAttorneyCommand, type PowerOfAttorneyEvent } from './power-of-attorney';

const NOW = new Date('2026-11-10T02:00:00.000Z');
const PRINCIPAL = '91310115MA1HK7Q24A';
const BROKER = '91440300MA5D8T3W1W';
const issued = (scope = { directions: ['import' as const], customsOffices: ['2200'] }): PowerOfAttorneyEvent => ({
  type: 'PowerOfAttorneyIssued', data: { id: 'p1', principal: PRINCIPAL, agent: BROKER, validFrom: '2026-11-01', validUntil: '2026-12-31', scope, issuedAt: NOW.toISOString() },
});
const revoked: PowerOfAttorneyEvent = { type: 'PowerOfAttorneyRevoked', data: { reason: 'contract ended', revokedAt: NOW.toISOString() } };
const issue: PowerOfAttorneyCommand = { type: 'Issue', id: 'p1', principal: PRINCIPAL, agent: BROKER, validFrom: '2026-11-01', validUntil: '2026-12-31', scope: { directions: ['import'], customsOffices: ['2200'] }, now: NOW };
const revoke = (by = PRINCIPAL): PowerOfAttorneyCommand => ({ type: 'Revoke', by, reason: 'contract ended', now: NOW });

function given(history: PowerOfAttorneyEvent[]) {
  const state = history.reduce(powerOfAttorneyDecider.evolve, powerOfAttorneyDecider.initialState());
  return { when: (command: PowerOfAttorneyCommand) => () => powerOfAttorneyDecider.decide(command, state), state };
}

describe('power of attorney (代理报关委托)', () => {
  it.each<[string, PowerOfAttorneyEvent[], PowerOfAttorneyCommand, PowerOfAttorneyEvent[]]>([
    ['issued by the principal', [], issue, [issued()]],
    ['revoked by the principal', [issued()], revoke(), [revoked]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, PowerOfAttorneyEvent[], PowerOfAttorneyCommand, string]>([
    ['issued twice', [issued()], issue, 'power-of-attorney-exists'],
    ['revoked twice', [issued(), revoked], revoke(), 'power-of-attorney-revoked'],
    ['revoked by the broker', [issued()], revoke(BROKER), 'power-of-attorney-unknown'],
    ['revoked before it exists', [], revoke(), 'power-of-attorney-unknown'],
  ])('refuses to be %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });
});

describe('whether powers of attorney cover a filing', () => {
  const poa = (over: Partial<PowerOfAttorney> = {}): PowerOfAttorney => ({ ...(issued().data as Omit<PowerOfAttorney, 'revokedAt'>), revokedAt: null, ...over });
  const filing = (over: Partial<{ direction: 'import' | 'export'; customsOffice: string; today: string; principal: string }> = {}) =>
    ({ principal: PRINCIPAL, agent: BROKER, direction: 'import' as const, customsOffice: '2200', today: '2026-11-10', ...over });
  const codes = (result: ReturnType<typeof authorityFor>) => (result.covered ? [] : result.missing.map((m) => `${m.field}:${m.code}`));

  it.each<[string, PowerOfAttorney[], ReturnType<typeof filing>, string[]]>([
    ['one in force, in scope', [poa()], filing(), []],
    ['on its first and last day', [poa({ validFrom: '2026-11-10', validUntil: '2026-11-10' })], filing(), []],
    ['every office when none is named', [poa({ scope: { directions: ['import'], customsOffices: null } })], filing({ customsOffice: '4200' }), []],
    ['none at all', [], filing(), ['consignee.uscc:no-power-of-attorney']],
    ['one from another principal', [poa({ principal: '91370200MA3NB58R9R' })], filing(), ['consignee.uscc:no-power-of-attorney']],
    ['revoked', [poa({ revokedAt: NOW.toISOString() })], filing(), ['consignee.uscc:power-of-attorney-revoked']],
    ['not yet valid', [poa({ validFrom: '2026-11-11' })], filing(), ['consignee.uscc:power-of-attorney-not-yet-valid']],
    ['expired', [poa({ validUntil: '2026-11-09' })], filing(), ['consignee.uscc:power-of-attorney-expired']],
    ['another direction', [poa()], filing({ direction: 'export' }), ['direction:power-of-attorney-direction']],
    ['another office and direction', [poa()], filing({ direction: 'export', customsOffice: '4200' }), ['direction:power-of-attorney-direction', 'customsOffice:power-of-attorney-office']],
    ['a revoked one does not hide one in force', [poa({ id: 'old', revokedAt: NOW.toISOString() }), poa({ id: 'new' })], filing(), []],
    ['the closest is named: in force, lacking the office', [poa({ id: 'old', validUntil: '2026-11-01' }), poa({ id: 'new' })], filing({ customsOffice: '4200' }), ['customsOffice:power-of-attorney-office']],
  ])('%s', (_, powers, asked, expected) => {
    expect(codes(authorityFor(powers, asked))).toEqual(expected);
  });
});
