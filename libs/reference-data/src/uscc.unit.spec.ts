import { isValidUscc, USCC_CHARSET, usccCheckCharacter, validateUscc } from './uscc';

/** A code whose first 17 characters are given, completed with the right check character. */
const complete = (first17: string) => first17 + usccCheckCharacter(first17);

describe('USCC (GB 32100-2015)', () => {
  describe('real published codes are valid', () => {
    // Registrations as published by the National Enterprise Credit Information Publicity System
    // and quoted in several open-source projects; 91350100M000100Y43 is the worked example of
    // GB 32100-2015 itself.
    it.each([
      ['91110000802100433B', '北京百度网讯科技有限公司'],
      ['91440300708461136T', '腾讯科技（深圳）有限公司'],
      ['91110108551385082Q', '小米科技有限责任公司'],
      ['91350100M000100Y43', 'GB 32100-2015 example'],
    ])('%s (%s)', (code) => {
      expect(validateUscc(code)).toEqual({ valid: true });
      expect(isValidUscc(code)).toBe(true);
      expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    });
  });

  describe('the check character', () => {
    it('is 31 − (Σ value × 3^i mod 31), with 31 written as 0', () => {
      // Σ value × weight ≡ 0 (mod 31) for this prefix, so the check would be 31 → "0".
      expect(usccCheckCharacter('91110108000000008')).toBe('0');
      expect(isValidUscc('911101080000000080')).toBe(true);
    });

    it('is always one of the 31 characters', () => {
      for (const ch of USCC_CHARSET) {
        expect(USCC_CHARSET).toContain(usccCheckCharacter(`9111010855138508${ch}`));
      }
    });

    it.each([
      ['16 characters', '9111010855138508'],
      ['an excluded letter', '9111010855138508I'],
      ['a lower-case letter', '91350100m000100Y4'],
    ])('refuses %s', (_, input) => {
      expect(() => usccCheckCharacter(input)).toThrow(RangeError);
    });
  });

  describe('invalid codes', () => {
    it.each([
      ['a wrong check character', '91110000802100433C', /check character should be "B"/],
      ['17 characters', '91110000802100433', /18 characters/],
      ['19 characters', '91110000802100433BB', /18 characters/],
      ['the empty string', '', /18 characters/],
      ['the letter I', '9111000080210043IB', /not a USCC character/],
      ['the letter O', '9111000080210043OB', /not a USCC character/],
      ['the letter Z', '9111000080210043ZB', /not a USCC character/],
      ['the letter S', '9111000080210043SB', /not a USCC character/],
      ['the letter V', '9111000080210043VB', /not a USCC character/],
      ['lower case', '91350100m000100Y43', /not a USCC character/],
      ['an unknown registration authority', complete('B1110108551385082'), /registration authority/],
      ['an organisation type the authority does not assign', complete('9411010855138508Q'), /organisation type "4"/],
      ['division 000000', complete('91000000551385082'), /administrative division/],
      ['division of a province that does not exist', complete('91991234551385082'), /administrative division/],
      ['letters in the division', complete('9111A10855138508Q'), /administrative division/],
    ])('%s', (_, code, reason) => {
      const result = validateUscc(code);
      expect(result.valid).toBe(false);
      expect(result.valid ? '' : result.reason).toMatch(reason);
      expect(isValidUscc(code)).toBe(false);
    });

    it('rejects a non-string', () => {
      expect(isValidUscc(undefined as unknown as string)).toBe(false);
    });
  });

  describe('structure', () => {
    it.each([
      ['an enterprise (9, 1)', '91310115MA1HK7Q24'],
      ['a sole trader (9, 2)', '92310115MA1HK7Q24'],
      ['a farmers’ cooperative (9, 3)', '93310115MA1HK7Q24'],
      ['a public institution (1, 2)', '12100000400000623'],
      ['a social organisation (5, 1)', '51100000500000004'],
      ['a national-level registration (division 100000)', '91100000100000000'],
      ['another registering authority (Y, 1)', 'Y1440300MA5D8T3W1'],
    ])('accepts %s', (_, first17) => {
      expect(isValidUscc(complete(first17))).toBe(true);
    });
  });
});
