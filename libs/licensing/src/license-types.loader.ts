/**
 * The licence types: from a seeds directory's license-types.json (the file I/O that the domain,
 * domain/license-types.ts, leaves out), and as versioned reference lists (license-types, the
 * 监管证件代码表, and license-requirements, the 监管条件 by commodity), in force by day.
 */
import { defaultReferenceDirectory, referenceCatalog, type LicenseRequirementEntry, type LicenseTypeEntry } from '@sw/reference-data';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LicenseTypes, type LicenseType } from './domain/license-types';

export const LICENSE_TYPES_FILE = 'license-types.json';

/** The licence types of a seeds directory's license-types.json, `{ source, items }`. */
export function loadLicenseTypes(directory: string = defaultReferenceDirectory()): LicenseTypes {
  const file = path.join(directory, LICENSE_TYPES_FILE);
  const seed = JSON.parse(readFileSync(file, 'utf8')) as { source?: unknown; items?: unknown };
  if (typeof seed.source !== 'string' || !Array.isArray(seed.items)) throw new Error(`reference seed ${file} is not { "source": string, "items": [...] }`);
  return new LicenseTypes(seed.items as LicenseType[], seed.source);
}

/** The licence types of the two lists' entries: each type with the rules that name it, in the rules' order. */
export function composeLicenseTypes(types: readonly LicenseTypeEntry[], rules: readonly LicenseRequirementEntry[], source = ''): LicenseTypes {
  const byType = new Map<string, LicenseType['requiredFor']>();
  for (const { type, prefix, labelZh, labelEn } of rules) byType.set(type, [...(byType.get(type) ?? []), { prefix, labelZh, labelEn }]);
  return new LicenseTypes(types.map((type) => ({ ...type, directions: type.directions as LicenseType['directions'], requiredFor: byType.get(type.code) ?? [] })), source);
}

const built: { types: readonly unknown[]; rules: readonly unknown[]; licenseTypes: LicenseTypes }[] = [];

/**
 * The licence types in force on a day (YYYY-MM-DD, China time; default today by the engine
 * clock): the versions of license-types and license-requirements in force, shipped or imported.
 */
export function licenseTypesOn(date?: string): LicenseTypes {
  const catalog = referenceCatalog();
  const day = date ?? catalog.currentDate();
  const types = catalog.entriesOn('licenseTypes', day);
  const rules = catalog.entriesOn('licenseRequirements', day);
  let found = built.find((b) => b.types === types && b.rules === rules);
  if (!found) {
    const source = catalog.inForce('licenseTypes', day)?.source ?? catalog.shipped.sources.licenseTypes;
    found = { types, rules, licenseTypes: composeLicenseTypes(types as LicenseTypeEntry[], rules as LicenseRequirementEntry[], source) };
    built.push(found);
    if (built.length > 16) built.shift();
  }
  return found.licenseTypes;
}

/** The licence types in force today (the versioned lists; the shipped seeds until an import takes effect). */
export function licenseTypes(): LicenseTypes {
  return licenseTypesOn();
}
