/**
 * 统一社会信用代码 (Unified Social Credit Code, USCC), GB 32100-2015.
 *
 * 18 characters: registration authority (1), organisation type (1), administrative division of
 * the registering authority (6, GB/T 2260), organisation code (9, GB 11714), check character (1).
 * The character set is 0-9 and A-Y without I, O, Z, S and V (31 characters).
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (0-based) is 3^i mod 31. */
const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * Registration authority code (position 1) → organisation type codes (position 2) it assigns.
 * GB 32100-2015 defines 1, 5, 9 and Y; the others were assigned to further registering
 * authorities since (foreign affairs, justice, culture, tourism, religion, trade unions,
 * the CMC, agriculture).
 */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
  '2': '19', // 外交
  '3': '123459', // 司法行政: 律师事务所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游
  '7': '129', // 宗教
  '8': '19', // 工会
  '9': '123', // 工商 / 市场监管: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室
  N: '1239', // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/** First two digits of a GB/T 2260 division code; 10 is used for registrations at national level. */
const PROVINCES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

function charValue(ch: string): number {
  return USCC_CHARSET.indexOf(ch);
}

/**
 * The check character for the first 17 characters of a USCC:
 * 31 − (Σ value(cᵢ) × 3^i mod 31) mod 31, where 31 becomes 0.
 */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`a USCC check character needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(first17[i]!);
    if (v < 0) throw new RangeError(`"${first17[i]}" at position ${i + 1} is not a USCC character`);
    sum += v * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

export type UsccValidation = { valid: true } | { valid: false; reason: string };

/** Checks length, character set, structure (authority, type, division) and the check character. */
export function validateUscc(code: string): UsccValidation {
  if (typeof code !== 'string' || code.length !== 18) {
    return { valid: false, reason: 'a USCC has 18 characters' };
  }
  for (let i = 0; i < 18; i++) {
    if (charValue(code[i]!) < 0) {
      return { valid: false, reason: `"${code[i]}" at position ${i + 1} is not a USCC character (0-9, A-Y without I, O, S, V, Z)` };
    }
  }
  const types = ORGANISATION_TYPES[code[0]!];
  if (types === undefined) return { valid: false, reason: `unknown registration authority code "${code[0]}"` };
  if (!types.includes(code[1]!)) {
    return { valid: false, reason: `organisation type "${code[1]}" is not assigned by registration authority "${code[0]}"` };
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division) || !PROVINCES.has(division.slice(0, 2))) {
    return { valid: false, reason: `"${division}" is not an administrative division code` };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return { valid: false, reason: `check character should be "${expected}"` };
  return { valid: true };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).valid;
}
