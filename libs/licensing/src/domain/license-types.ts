export type Direction = 'import' | 'export';

/** A commodity (HS prefix) that needs a document of a type (监管条件). */
export interface LicenseRequirementRule {
  prefix: string;
  labelZh: string;
  labelEn: string;
}

/** 监管证件: a type of licence or certificate customs verifies (seeds/reference/license-types.json). */
export interface LicenseType {
  /** 监管证件代码: one character, case-sensitive (v is not V). */
  code: string;
  nameZh: string;
  nameEn: string;
  /** The `authority` claims of the issuers that may register it. */
  authorities: string[];
  directions: Direction[];
  /** No longer issued: kept for history, refused for new licences. */
  legacy: boolean;
  note?: string;
  requiredFor: LicenseRequirementRule[];
}

/** One item of a declaration that needs a document of one type. */
export interface ItemRequirement {
  /** Index of the item in the declaration's `items` (0-based, as in `items[0]`). */
  item: number;
  hsCode: string;
  type: string;
  /** The HS prefix of the rule that applies. */
  prefix: string;
}

/**
 * The licence types and the 监管条件 rules, queried per declaration (read from the seed file by
 * license-types.loader.ts, outside the domain).
 */
export class LicenseTypes {
  private readonly byCode: Map<string, LicenseType>;

  constructor(readonly items: readonly LicenseType[], readonly source = '') {
    this.byCode = new Map();
    for (const type of items) {
      if (this.byCode.has(type.code)) throw new Error(`license type ${type.code} is listed twice`);
      this.byCode.set(type.code, type);
    }
  }

  type(code: string): LicenseType | undefined {
    return this.byCode.get(code);
  }

  /**
   * Which items of a declaration need which documents: for each type that applies in the
   * declaration's direction, the longest listed prefix of the item's HS code.
   */
  requirementsFor(declaration: { direction: Direction; items: readonly { hsCode: string }[] }): ItemRequirement[] {
    const found: ItemRequirement[] = [];
    declaration.items.forEach((item, index) => {
      for (const type of this.items) {
        if (type.legacy || !type.directions.includes(declaration.direction)) continue;
        const rule = type.requiredFor
          .filter((r) => item.hsCode.startsWith(r.prefix))
          .sort((a, b) => b.prefix.length - a.prefix.length)[0];
        if (rule) found.push({ item: index, hsCode: item.hsCode, type: type.code, prefix: rule.prefix });
      }
    });
    return found;
  }
}
