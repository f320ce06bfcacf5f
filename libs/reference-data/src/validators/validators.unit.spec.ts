import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { amountProblem, clipped, countryProblem, IsText, IsUscc, mustBe, Optional, shown, Trim } from '.';

// The rules are exercised field by field through the request DTOs of declaration and licensing;
// these pin the shared message plumbing the other files build on.
describe('validators: messages', () => {
  it('show a value: codes bare, other strings quoted, long ones clipped at 32 characters', () => {
    expect(shown('CHN')).toBe('CHN');
    expect(shown('two words')).toBe('"two words"');
    expect(shown('')).toBe('an empty string');
    expect(shown('A'.repeat(40))).toBe(`"${'A'.repeat(32)}…"`);
    expect(clipped('中'.repeat(40))).toBe(`${'中'.repeat(32)}…`);
    expect([null, [], {}, 3, NaN, true].map(shown)).toEqual(['null', 'a list', 'an object', 'the number 3', 'NaN', 'true']);
  });

  it('say what is wrong, or that the field is missing', () => {
    expect(mustBe('unit', 'a unit code', 'kg')).toBe('unit must be a unit code (kg is not)');
    expect(mustBe('unit', 'a unit code', undefined)).toBe('unit is missing: it must be a unit code');
    expect(amountProblem('value', '1'.repeat(40), { max: 1e12, decimals: 2 })).toBe(`value must be a number, not a string ("${'1'.repeat(32)}…" was given)`);
    expect(amountProblem('value', 1.5, { max: 1e12, decimals: 2, currencyProperty: 'currency' }, { currency: 'JPY' })).toBe('value must be a whole number in JPY (1.5 has decimals)');
    expect(countryProblem('country', 'CN')).toBe('country must be an ISO 3166-1 alpha-3 code (CN is alpha-2; China is CHN)');
  });

  it('are the class-validator messages of the decorators', () => {
    class Party {
      @IsUscc() uscc!: string;
      @Optional() @Trim() @IsText({ min: 1, max: 4 }) name?: string;
    }
    const messages = (body: object) => validateSync(plainToInstance(Party, body)).flatMap((e) => Object.values(e.constraints ?? {}));
    expect(messages({ uscc: '91370200MA3NB58R9R', name: '  ab  ' })).toEqual([]);
    expect(messages({ uscc: '91370200MA3NB58R9R' })).toEqual([]);
    expect(messages({ name: 'abcde' })).toEqual([
      'uscc is missing: it must be an 18-character unified social credit code (GB 32100)',
      'name must have at most 4 characters (5 given)',
    ]);
  });
});
