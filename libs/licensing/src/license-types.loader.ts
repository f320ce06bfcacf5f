/**
 * Reading the licence types from seeds/reference/license-types.json: the file I/O that the
 * domain (domain/license-types.ts) leaves out.
 */
import { defaultReferenceDirectory } from '@sw/reference-data';
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

let loaded: LicenseTypes | undefined;

/** The licence types of the default seeds directory, read on first use and then shared. */
export function licenseTypes(): LicenseTypes {
  loaded ??= loadLicenseTypes();
  return loaded;
}
