import { formatCustomsNumber, isCustomsNumber, parseCustomsNumber } from './customs-number';

describe('海关编号 (customs number)', () => {
  it('is office + year + 1 import / 0 export + a 9-digit sequence', () => {
    expect(formatCustomsNumber('2200', 2026, 'import', 1)).toBe('220020261000000001');
    expect(formatCustomsNumber('5301', 2026, 'export', 123_456_789)).toBe('530120260123456789');
  });
  it('reads back what it wrote', () => {
    expect(parseCustomsNumber('530120260123456789')).toEqual({ office: '5301', year: 2026, direction: 'export', sequence: 123_456_789 });
  });
  it.each([
    ['17 digits', '22002026100000001'],
    ['a direction digit other than 0 or 1', '220020262000000001'],
    ['a UUID', '0b9e6c1e-8d6f-4f55-9f0c-3f8a3a6c1d2e'],
  ])('refuses %s', (_name, text) => {
    expect(isCustomsNumber(text)).toBe(false);
    expect(parseCustomsNumber(text)).toBeUndefined();
  });
  it('has no room past 999,999,999 in one office and year, and no sequence 0', () => {
    expect(() => formatCustomsNumber('2200', 2026, 'import', 1_000_000_000)).toThrow(/outside/);
    expect(() => formatCustomsNumber('2200', 2026, 'import', 0)).toThrow(/outside/);
  });
});
