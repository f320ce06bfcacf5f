import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { REFERENCE_FILES, SEED_ITEMS, type CreditRating, type TariffLine, type Country, type Currency, type CustomsOffice, type Enterprise, type HsEntry, type Incoterm, type InspectionEntry, type MeasurementUnit, type ReferenceListName, type ReferenceLists, type TradeMode, type TransportMode } from './reference-lists';

export * from './reference-lists';

const LIST_NAMES = Object.keys(REFERENCE_FILES) as ReferenceListName[];

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/**
 * Where the reference seeds are: `$SEEDS_DIR/reference` (or `$SEEDS_DIR` itself when it already
 * holds the files), else `seeds/reference` under the project root, the first folder above
 * `from` that has both a package.json and a seeds/ folder (works from src/ and from dist/).
 */
export function defaultReferenceDirectory(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  const configured = env['SEEDS_DIR'];
  if (configured) {
    const seeds = path.resolve(configured);
    const nested = path.join(seeds, 'reference');
    if (isDirectory(nested)) return nested;
    if (existsSync(path.join(seeds, REFERENCE_FILES.hs))) return seeds;
    throw new Error(`SEEDS_DIR=${configured}: neither ${nested} nor ${seeds} holds the reference seeds`);
  }
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && isDirectory(path.join(dir, 'seeds'))) {
      return path.join(dir, 'seeds', 'reference');
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json and seeds/) above ${from}; set SEEDS_DIR`);
    dir = parent;
  }
}

interface SeedFile<T> {
  source: string;
  items: T[];
}

function readSeedFile<T>(directory: string, file: string): SeedFile<T> {
  const full = path.join(directory, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new Error(`reference seed ${full} cannot be read: ${(err as Error).message}`);
  }
  const seed = parsed as Partial<SeedFile<T>>;
  if (typeof seed?.source !== 'string' || !Array.isArray(seed.items)) {
    throw new Error(`reference seed ${full} is not { "source": string, "items": [...] }`);
  }
  return seed as SeedFile<T>;
}

function indexBy<T>(list: string, items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) throw new Error(`reference list ${list} has "${k}" twice`);
    map.set(k, item);
  }
  return map;
}

/** Inspection prefixes are 2 to 10 digits; the longest match wins. */
const LONGEST_INSPECTION_PREFIX = 10;
const SHORTEST_INSPECTION_PREFIX = 2;

/**
 * The code lists of seeds/reference, loaded once and then queried in O(1) (maps and sets).
 * Lookups take codes as declared; letter codes (countries, currencies, incoterms, transport
 * modes) are matched case-insensitively.
 */
export class ReferenceData {
  readonly lists: Readonly<ReferenceLists>;
  /** Each list's provenance, from its file's "source". */
  readonly sources: Readonly<Record<ReferenceListName, string>>;

  private readonly hsByCode: Map<string, HsEntry>;
  /** The tariff's national lines (8 digits) under each HS subheading, where the tariff lists them. */
  private readonly tariffLines: Map<string, string[]>;
  private readonly subheadings: Map<string, HsEntry>;
  private readonly customsOffices: Map<string, CustomsOffice>;
  private readonly transportModes: Map<string, TransportMode>;
  private readonly tradeModes: Map<string, TradeMode>;
  private readonly units: Map<string, MeasurementUnit>;
  private readonly countriesByAlpha3: Map<string, Country>;
  private readonly countriesByAlpha2: Map<string, Country>;
  private readonly currencies: Map<string, Currency>;
  private readonly incoterms: Map<string, Incoterm>;
  private readonly inspection: Map<string, InspectionEntry>;
  private readonly enterprises: Map<string, Enterprise>;

  constructor(lists: ReferenceLists, sources?: Partial<Record<ReferenceListName, string>>) {
    this.lists = lists;
    this.sources = Object.fromEntries(LIST_NAMES.map((n) => [n, sources?.[n] ?? ''])) as Record<ReferenceListName, string>;
    this.hsByCode = indexBy('hs', lists.hs, (e) => e.code);
    this.subheadings = new Map([...this.hsByCode].filter(([, e]) => e.level === 6));
    indexBy('tariff', lists.tariff, (t) => t.prefix);
    this.tariffLines = new Map();
    for (const line of lists.tariff) {
      if (line.prefix.length !== 8) continue;
      const under = this.tariffLines.get(line.prefix.slice(0, 6)) ?? [];
      this.tariffLines.set(line.prefix.slice(0, 6), [...under, line.prefix].sort());
    }
    this.customsOffices = indexBy('customsOffices', lists.customsOffices, (o) => o.code);
    this.transportModes = indexBy('transportModes', lists.transportModes, (m) => m.code.toUpperCase());
    this.tradeModes = indexBy('tradeModes', lists.tradeModes, (m) => m.code);
    this.units = indexBy('units', lists.units, (u) => u.code);
    this.countriesByAlpha3 = indexBy('countries', lists.countries, (c) => c.alpha3.toUpperCase());
    this.countriesByAlpha2 = indexBy('countries', lists.countries, (c) => c.alpha2.toUpperCase());
    this.currencies = indexBy('currencies', lists.currencies, (c) => c.code.toUpperCase());
    this.incoterms = indexBy('incoterms', lists.incoterms, (t) => t.code.toUpperCase());
    this.inspection = indexBy('inspectionList', lists.inspectionList, (e) => e.prefix);
    this.enterprises = indexBy('enterprises', lists.enterprises, (e) => e.uscc);
  }

  /** Reads every list from a seeds/reference directory (default: see defaultReferenceDirectory). */
  static load(directory: string = defaultReferenceDirectory()): ReferenceData {
    const lists = {} as Record<ReferenceListName, unknown[]>;
    const sources = {} as Record<ReferenceListName, string>;
    for (const name of LIST_NAMES) {
      const seed = readSeedFile<unknown>(directory, REFERENCE_FILES[name]);
      lists[name] = SEED_ITEMS[name]?.(seed.items) ?? seed.items;
      sources[name] = seed.source;
    }
    return new ReferenceData(lists as unknown as ReferenceLists, sources);
  }

  /** Number of entries per list. */
  counts(): Record<ReferenceListName, number> {
    return Object.fromEntries(LIST_NAMES.map((n) => [n, this.lists[n].length])) as Record<ReferenceListName, number>;
  }

  /** A chapter, heading or subheading by its 2, 4 or 6 digits. */
  hsEntry(code: string): HsEntry | undefined {
    return this.hsByCode.get(code);
  }

  /** An HS 2022 subheading by its 6 digits. */
  hsSubheading(code6: string): HsEntry | undefined {
    return this.subheadings.get(code6);
  }

  /**
   * A national 10-digit commodity code is valid when its first 6 digits are an HS 2022 subheading
   * and, where the tariff lists the subheading's national lines (8 digits), its first 8 are one of them.
   */
  isValidHsCode(code10: string): boolean {
    return typeof code10 === 'string' && /^\d{10}$/.test(code10) && this.hsCodeGap(code10) === undefined;
  }

  /**
   * Which part of a 10-digit code the lists do not know: the HS subheading (digits 1-6), or the
   * national tariff line (digits 1-8) when the tariff lists that subheading's lines. Digits 9-10
   * (statistical and CIQ suffixes) are not published in the lists and are not checked.
   */
  hsCodeGap(code10: string): { part: 'subheading'; code: string; unknown: 'chapter' | 'heading' | 'subheading'; known?: string } | { part: 'tariff-line'; code: string; subheading: string; lines: string[] } | undefined {
    const subheading = code10.slice(0, 6);
    if (!this.subheadings.has(subheading)) {
      // The first level the nomenclature does not know: the chapter (digits 1-2), the heading (1-4) or the subheading (1-6).
      if (!this.hsByCode.has(code10.slice(0, 2))) return { part: 'subheading', code: subheading, unknown: 'chapter' };
      if (!this.hsByCode.has(code10.slice(0, 4))) return { part: 'subheading', code: subheading, unknown: 'heading', known: code10.slice(0, 2) };
      return { part: 'subheading', code: subheading, unknown: 'subheading', known: code10.slice(0, 4) };
    }
    const lines = this.tariffLines.get(subheading);
    if (lines && !lines.includes(code10.slice(0, 8))) return { part: 'tariff-line', code: code10.slice(0, 8), subheading, lines };
    return undefined;
  }

  /** The national tariff lines (8 digits) the tariff lists under an HS subheading (none when it lists none). */
  tariffLinesOf(subheading: string): readonly string[] {
    return this.tariffLines.get(subheading) ?? [];
  }

  customsOffice(code: string): CustomsOffice | undefined {
    return this.customsOffices.get(code);
  }

  transportMode(code: string): TransportMode | undefined {
    return this.transportModes.get(String(code).toUpperCase());
  }

  tradeMode(code: string): TradeMode | undefined {
    return this.tradeModes.get(code);
  }

  unit(code: string): MeasurementUnit | undefined {
    return this.units.get(code);
  }

  /** A country by ISO 3166-1 alpha-3 (the code declarations use). */
  country(alpha3: string): Country | undefined {
    return this.countriesByAlpha3.get(String(alpha3).toUpperCase());
  }

  countryByAlpha2(alpha2: string): Country | undefined {
    return this.countriesByAlpha2.get(String(alpha2).toUpperCase());
  }

  currency(code: string): Currency | undefined {
    return this.currencies.get(String(code).toUpperCase());
  }

  incoterm(code: string): Incoterm | undefined {
    return this.incoterms.get(String(code).toUpperCase());
  }

  /**
   * The inspection-catalogue entry covering a commodity code: the longest listed prefix of it
   * (at most nine map lookups), or undefined when the goods are not subject to inspection.
   */
  inspectionEntry(hsCode: string): InspectionEntry | undefined {
    if (typeof hsCode !== 'string' || !/^\d+$/.test(hsCode)) return undefined;
    for (let len = Math.min(hsCode.length, LONGEST_INSPECTION_PREFIX); len >= SHORTEST_INSPECTION_PREFIX; len--) {
      const entry = this.inspection.get(hsCode.slice(0, len));
      if (entry) return entry;
    }
    return undefined;
  }

  enterprise(uscc: string): Enterprise | undefined {
    return this.enterprises.get(uscc);
  }

  /** An enterprise's customs credit rating; `registered` (一般信用) for any enterprise not listed. */
  creditRating(uscc: string): CreditRating {
    return this.enterprises.get(uscc)?.creditRating ?? 'registered';
  }
}

let loaded: ReferenceData | undefined;

/** The shipped seeds of the default directory (seeds/reference), read on first use and then shared. */
export function shippedReferenceData(): ReferenceData {
  loaded ??= ReferenceData.load();
  return loaded;
}

let source: () => ReferenceData = shippedReferenceData;

/**
 * The lists in force today: the shipped seeds, or, once the server installed its versioned
 * catalog (installReferenceCatalog), the versions in force on the engine clock's day.
 */
export function referenceData(): ReferenceData {
  return source();
}

/** Where referenceData() takes the lists from (installReferenceCatalog sets it). */
export function setReferenceDataSource(from: () => ReferenceData): void {
  source = from;
}
