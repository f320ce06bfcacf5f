import { licenseDecider, type LicenseEvent, type LicenseState, type LicenseTerms } from './license';
import { licenseTypes } from '../license-types.loader';
import { LicenseTypes } from './license-types';
import { verifyLicenses } from './license-verification';
import type { DeclarationBody } from '@sw/shipment';

const HUALAN = '91440300MA5D8T3W1W';
const LUDAO = '91350206MA8U3K5B13';
const DAY = '2026-06-01';

const licence = (overrides: Partial<LicenseTerms> = {}, ...later: LicenseEvent[]): LicenseState => {
  const terms: LicenseTerms = {
    number: 'XK-1', type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1000, unit: '035', validFrom: '2026-01-01', validUntil: '2026-12-31', authority: 'MOFCOM', ...overrides,
  };
  return [{ type: 'LicenseIssued', data: { ...terms, issuedAt: '2026-01-01T00:00:00.000Z' } } as LicenseEvent, ...later].reduce(licenseDecider.evolve, licenseDecider.initialState());
};

const item = (hsCode: string, quantity: number, unit = '035') => ({ hsCode, description: 'goods', quantity, unit, value: 1000, originCountry: 'CHN' });
const declaration = (items: DeclarationBody['items'], documents: DeclarationBody['documents'], direction: DeclarationBody['direction'] = 'export') =>
  ({ direction, declarant: { uscc: HUALAN, name: 'Hualan' }, items, documents });

function verify(body: ReturnType<typeof declaration>, register: Record<string, LicenseState>, types: LicenseTypes = licenseTypes()) {
  return verifyLicenses(body, DAY, types.requirementsFor(body), new Map(Object.entries(register)), types);
}

describe('监管证件核查: verifying the licences a declaration references', () => {
  it('goods that need no licence need none', () => {
    expect(verify(declaration([item('8471300000', 200, '001')], []), {})).toEqual({ checks: [], problems: [] });
  });

  it('a valid licence of the holder, covering the goods, with balance: one check for all the items it covers', () => {
    const result = verify(declaration([item('2849200000', 300), item('8471300000', 5, '001'), item('2849200000', 200)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence() });
    expect(result).toEqual({ checks: [{ license: { code: '4', number: 'XK-1' }, items: [0, 2], quantity: 500, unit: '035', balance: 1000 }], problems: [] });
  });

  it.each<[string, ReturnType<typeof declaration>, Record<string, LicenseState>, string]>([
    ['no licence referenced', declaration([item('2849200000', 300)], [{ code: 'A', number: 'INV-1' }]), {}, 'license-missing'],
    ['a number not in the register', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-404' }]), {}, 'license-not-found'],
    ['expired on the declaration date', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence({ validUntil: '2026-05-31' }) }, 'license-expired'],
    ['another enterprise\'s licence', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence({ holder: LUDAO }) }, 'not-the-holder'],
    ['revoked', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence({}, { type: 'LicenseRevoked', data: { reason: 'fraud', revokedAt: '2026-03-01T00:00:00.000Z' } }) }, 'license-revoked'],
    ['not covering the goods', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence({ commodities: ['8101'] }) }, 'commodity-not-covered'],
    ['in another unit', declaration([item('2849200000', 300, '036')], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence() }, 'unit-mismatch'],
    ['a licence of another type under the code', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence({ type: '7' }) }, 'license-type-mismatch'],
    ['exhausted by earlier write-offs', declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]),
      { 'XK-1': licence({}, { type: 'QuantityWrittenOff', data: { declarationId: 'd-0', quantity: 800, balanceAfter: 200, writtenOffAt: '2026-05-01T00:00:00.000Z' } }) }, 'insufficient-balance'],
    ['two items that together exceed the balance', declaration([item('2849200000', 600), item('2849200000', 600)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence() }, 'insufficient-balance'],
  ])('refused: %s', (_, body, register, reason) => {
    const { checks, problems } = verify(body, register);
    expect(checks).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem).toMatchObject({ hsCode: '2849200000', type: '4', reason });
      expect(problem.message).toMatch(/withdraw the declaration/);
    }
  });

  it("of another holder's licence says nothing but that: not its type, dates, coverage or revocation, which are checked after the holder", () => {
    const revoked = { type: 'LicenseRevoked', data: { reason: 'fraud ring FR-9', revokedAt: '2026-03-01T00:00:00.000Z' } } as LicenseEvent;
    const others = licence({ holder: LUDAO, type: '7', validFrom: '2026-02-14', commodities: ['8101'] }, revoked);
    const [problem] = verify(declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': others }).problems;
    expect(problem).toMatchObject({ reason: 'not-the-holder', license: { code: '4', number: 'XK-1' } });
    expect(problem.message).not.toMatch(/revoked|fraud|FR-9|type 7|2026-02-14|8101|2026-03-01/);
  });

  it('says what is missing and what to do', () => {
    const [problem] = verify(declaration([item('2849200000', 300)], []), {}).problems;
    expect(problem).toEqual({ item: 0, hsCode: '2849200000', type: '4', reason: 'license-missing', message: expect.stringMatching(/^item 1 \(HS 2849200000\) needs a licence of type 4 \(Export licence, 出口许可证\)/) });
    const [short] = verify(declaration([item('2849200000', 1200)], [{ code: '4', number: 'XK-1' }]), { 'XK-1': licence() }).problems;
    expect(short.message).toMatch(/insufficient balance: 1000 left, 1200 declared/);
  });

  it('of several licences of the type, the one that covers the goods (and has balance for it) is used', () => {
    const register = { 'XK-1': licence({ commodities: ['8101'] }), 'XK-2': licence({ number: 'XK-2', quantity: 100 }), 'XK-3': licence({ number: 'XK-3' }) };
    const result = verify(declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }, { code: '4', number: 'XK-2' }, { code: '4', number: 'XK-3' }]), register);
    expect(result.problems).toEqual([]);
    expect(result.checks).toEqual([{ license: { code: '4', number: 'XK-3' }, items: [0], quantity: 300, unit: '035', balance: 1000 }]);
  });

  it('only the direction the type applies to: an export licence is not asked of an import', () => {
    expect(verify(declaration([item('2849200000', 300)], [], 'import'), {})).toEqual({ checks: [], problems: [] });
  });

  it('an item may need documents of two types', () => {
    const types = new LicenseTypes([
      { code: '4', nameZh: '出口许可证', nameEn: 'Export licence', authorities: ['MOFCOM'], directions: ['export'], legacy: false, requiredFor: [{ prefix: '2849', labelZh: '', labelEn: '' }] },
      { code: '3', nameZh: '两用物项和技术出口许可证', nameEn: 'Dual-use export licence', authorities: ['MOFCOM'], directions: ['export'], legacy: false, requiredFor: [{ prefix: '284920', labelZh: '', labelEn: '' }] },
    ]);
    const body = declaration([item('2849200000', 300)], [{ code: '4', number: 'XK-1' }]);
    expect(verify(body, { 'XK-1': licence() }, types).problems).toEqual([expect.objectContaining({ type: '3', reason: 'license-missing' })]);
  });
});
