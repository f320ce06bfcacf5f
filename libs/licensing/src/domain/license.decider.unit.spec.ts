import { DomainError } from '@sw/event-store';
import { declarationDateOf, licenseDecider, licenseStatusOn, type LicenseCommand, type LicenseEvent, type LicenseTerms } from './license';

const T0 = new Date('2026-06-01T02:00:00.000Z');
const HUALAN = '91440300MA5D8T3W1W';
const LUDAO = '91350206MA8U3K5B13';

const terms: LicenseTerms = {
  number: '26-44-000123', type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1000, unit: '035',
  validFrom: '2026-01-01', validUntil: '2026-12-31', authority: 'MOFCOM',
};

const issued: LicenseEvent = { type: 'LicenseIssued', data: { ...terms, issuedAt: T0.toISOString() } };
const revoked: LicenseEvent = { type: 'LicenseRevoked', data: { reason: 'false documents', revokedAt: '2026-06-02T00:00:00.000Z' } };
const writtenOff = (declarationId: string, quantity: number, balanceAfter: number): LicenseEvent => ({ type: 'QuantityWrittenOff', data: { declarationId, quantity, balanceAfter, writtenOffAt: T0.toISOString() } });
const reversed = (declarationId: string, quantity: number, balanceAfter: number): LicenseEvent => ({ type: 'WriteOffReversed', data: { declarationId, quantity, balanceAfter, reason: 'declaration withdrawn before its release', reversedAt: T0.toISOString() } });

const writeOff = (declarationId: string, quantity: number, overrides: Partial<Extract<LicenseCommand, { type: 'WriteOff' }>> = {}): LicenseCommand => ({
  type: 'WriteOff', declarationId, declarant: HUALAN, hsCodes: ['2849200000'], quantity, unit: '035', declarationDate: '2026-06-01', now: T0, ...overrides,
});
const cmd = {
  issue: (): LicenseCommand => ({ type: 'IssueLicense', terms, now: T0 }),
  revoke: (): LicenseCommand => ({ type: 'RevokeLicense', reason: 'false documents', now: new Date('2026-06-02T00:00:00.000Z') }),
  reverse: (declarationId: string): LicenseCommand => ({ type: 'ReverseWriteOff', declarationId, reason: 'declaration withdrawn before its release', now: T0 }),
};

function given(...history: LicenseEvent[]) {
  const state = history.reduce(licenseDecider.evolve, licenseDecider.initialState());
  return {
    state,
    when: (command: LicenseCommand) => ({
      then: (expected: LicenseEvent[]) => expect(licenseDecider.decide(command, state)).toEqual(expected),
      thenRefused: (code: string, message?: RegExp) => {
        let error: unknown;
        try {
          licenseDecider.decide(command, state);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(code);
        if (message) expect((error as DomainError).message).toMatch(message);
      },
    }),
  };
}

describe('Licence decider (监管证件)', () => {
  describe('issue and revoke', () => {
    it('issues a licence with its full quantity as balance', () => {
      given().when(cmd.issue()).then([issued]);
      expect(given(issued).state).toMatchObject({ status: 'issued', balance: 1000, writeOffs: [] });
    });
    it('issues a number once', () => given(issued).when(cmd.issue()).thenRefused('license-exists'));
    it('revokes once', () => {
      given(issued).when(cmd.revoke()).then([revoked]);
      given(issued, revoked).when(cmd.revoke()).thenRefused('already-revoked');
    });
    it('cannot revoke what was never issued', () => given().when(cmd.revoke()).thenRefused('license-not-found'));
  });

  describe('write-off (核销)', () => {
    it('writes the declared quantity off the balance', () => given(issued).when(writeOff('d-1', 400)).then([writtenOff('d-1', 400, 600)]));
    it('writes off the last unit of the balance exactly', () => given(issued, writtenOff('d-1', 400, 600)).when(writeOff('d-2', 600)).then([writtenOff('d-2', 600, 0)]));
    it('keeps five decimals (no floating-point dust)', () => given(issued, writtenOff('d-1', 0.1, 999.9)).when(writeOff('d-2', 0.2)).then([writtenOff('d-2', 0.2, 999.7)]));

    it('over-use: refuses more than the balance (insufficient-balance)', () => {
      given(issued, writtenOff('d-1', 700, 300)).when(writeOff('d-2', 300.5)).thenRefused('insufficient-balance', /insufficient balance: 300 left, 300.5 declared/);
      given(issued).when(writeOff('d-1', 1000.00001)).thenRefused('insufficient-balance');
    });

    it('repeated write-off for the same declaration: exactly once (a no-op)', () => {
      const history = [issued, writtenOff('d-1', 400, 600)];
      given(...history).when(writeOff('d-1', 400)).then([]);
      // Even when the balance is now too small, or the licence revoked since: it was written off once already.
      given(issued, writtenOff('d-1', 400, 600), writtenOff('d-2', 600, 0)).when(writeOff('d-1', 400)).then([]);
      given(...history, revoked).when(writeOff('d-1', 400)).then([]);
    });

    it('expiry: refused when the licence is not valid on the declaration date', () => {
      given(issued).when(writeOff('d-1', 1, { declarationDate: '2027-01-01' })).thenRefused('license-expired', /expired on 2026-12-31/);
      given(issued).when(writeOff('d-1', 1, { declarationDate: '2025-12-31' })).thenRefused('license-not-yet-valid');
      // The first and the last day count.
      given(issued).when(writeOff('d-1', 1, { declarationDate: '2026-12-31' })).then([writtenOff('d-1', 1, 999)]);
      given(issued).when(writeOff('d-1', 1, { declarationDate: '2026-01-01' })).then([writtenOff('d-1', 1, 999)]);
    });

    it('revocation: refused once revoked', () => given(issued, revoked).when(writeOff('d-1', 1)).thenRefused('license-revoked', /revoked on 2026-06-02: false documents/));
    it('refused for another enterprise than the holder', () => given(issued).when(writeOff('d-1', 1, { declarant: LUDAO })).thenRefused('not-the-holder'));
    it('refused for goods the licence does not cover', () => given(issued).when(writeOff('d-1', 1, { hsCodes: ['2849200000', '2846901900'] })).thenRefused('commodity-not-covered', /2846901900/));
    it('refused in another unit than the licence counts in', () => given(issued).when(writeOff('d-1', 1, { unit: '036' })).thenRefused('unit-mismatch'));
    it('refused when the licence does not exist', () => given().when(writeOff('d-1', 1)).thenRefused('license-not-found'));
  });

  describe('reversal (a declaration that is not released keeps nothing)', () => {
    it('gives the quantity back', () => given(issued, writtenOff('d-1', 400, 600)).when(cmd.reverse('d-1')).then([reversed('d-1', 400, 1000)]));
    it('is a no-op when nothing was written off, or it was already reversed', () => {
      given(issued).when(cmd.reverse('d-1')).then([]);
      given(issued, writtenOff('d-1', 400, 600), reversed('d-1', 400, 1000)).when(cmd.reverse('d-1')).then([]);
    });
    it('a reversed write-off is not written off again', () => given(issued, writtenOff('d-1', 400, 600), reversed('d-1', 400, 1000)).when(writeOff('d-1', 400)).thenRefused('write-off-reversed'));
    it('the balance and the history show both', () => {
      expect(given(issued, writtenOff('d-1', 400, 600), reversed('d-1', 400, 1000), writtenOff('d-2', 100, 900)).state).toMatchObject({
        balance: 900,
        writeOffs: [{ declarationId: 'd-1', quantity: 400, reversed: { reason: 'declaration withdrawn before its release' } }, { declarationId: 'd-2', quantity: 100 }],
      });
    });
  });

  describe('dates', () => {
    it('the declaration date is the calendar day in China (UTC+8)', () => {
      expect(declarationDateOf('2026-12-31T15:59:59.000Z')).toBe('2026-12-31');
      expect(declarationDateOf('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    });
    it('status on a day', () => {
      const state = given(issued).state;
      expect(licenseStatusOn(state, '2026-06-01')).toBe('valid');
      expect(licenseStatusOn(state, '2027-01-01')).toBe('expired');
      expect(licenseStatusOn(state, '2025-12-31')).toBe('not-yet-valid');
      expect(licenseStatusOn(given(issued, revoked).state, '2026-06-01')).toBe('revoked');
    });
  });
});
