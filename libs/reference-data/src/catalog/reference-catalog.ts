/**
 * Versioned code lists in memory: every version of every list with the date it takes effect,
 * and the lists in force on a date (a declaration filed on 31 December is checked, and its
 * duties assessed, against the tables of 31 December). Dates are calendar days in China
 * (UTC+8), the day a declaration is filed. The versions come from PostgreSQL
 * (reference-store.ts); the shipped seeds stand in until the store is loaded.
 */
import { ReferenceData, setReferenceDataSource, shippedReferenceData, type ReferenceListName, type ReferenceLists } from '../reference-data';
import { compareKeys } from './csv-table';
import { entryKey, LIST_SPECS, specOf, type ImportableList, type ListSpec } from './list-specs';

export interface ListVersion {
  list: ImportableList;
  version: number;
  /** YYYY-MM-DD: the first day (China time) the version is in force. */
  effectiveFrom: string;
  importedAt: string;
  /** `shipped` (the seeds of this release) or `imported` (swctl reference import). */
  kind: 'shipped' | 'imported';
  /** Where the table comes from: the seed's source note, or the imported file's name. */
  source: string;
  entries: readonly unknown[];
}

/** What an import would change against the version in force on its effective date. */
export interface VersionDiff {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day in China (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function chinaDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD that is a real calendar day, or undefined. */
export function calendarDate(text: string): string | undefined {
  if (!DATE.test(text)) return undefined;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text ? text : undefined;
}

/** JSON with object keys sorted and undefined fields left out: equal tables give equal texts. */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, (_key, v) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => compareKeys(a, b))) : v);

/** Added, changed and removed codes from one table to the next. */
export function diffEntries(spec: ListSpec, before: readonly unknown[], after: readonly unknown[]): VersionDiff {
  const old = new Map(before.map((entry) => [entryKey(spec, entry), canonicalJson(entry)]));
  const diff: VersionDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const entry of after) {
    const key = entryKey(spec, entry);
    seen.add(key);
    const was = old.get(key);
    if (was === undefined) diff.added.push(key);
    else if (was !== canonicalJson(entry)) diff.changed.push(key);
    else diff.unchanged++;
  }
  for (const key of old.keys()) if (!seen.has(key)) diff.removed.push(key);
  for (const list of [diff.added, diff.changed, diff.removed]) list.sort(compareKeys);
  return diff;
}

/**
 * The China day of `now()`, recomputed only when the instant leaves the day last computed.
 * Every reference lookup asks for today (several per declaration): one clock read and two
 * comparisons, where chinaDate builds two Dates and a string.
 */
function chinaDayOf(now: () => Date): () => string {
  let from = Infinity;
  let until = -Infinity;
  let day = '';
  return () => {
    const at = now().getTime();
    if (at < from || at >= until) {
      const start = Math.floor((at + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
      from = start;
      until = start + DAY_MS;
      day = chinaDate(new Date(at));
    }
    return day;
  };
}

export class ReferenceCatalog {
  private versions = new Map<ImportableList, ListVersion[]>();
  private readonly cache = new Map<string, ReferenceData>();
  /** asOf's answer by day, until the versions change (replace). */
  private readonly byDate = new Map<string, ReferenceData>();
  private today: () => string = chinaDayOf(() => new Date());

  /** `shipped`: the seeds of this release, the lists that have no stored version, and the lists that are not versioned. */
  constructor(readonly shipped: ReferenceData) {}

  /** The day "today" is, from the engine's clock. */
  useClock(now: () => Date): void {
    this.today = chinaDayOf(now);
  }

  currentDate(): string {
    return this.today();
  }

  /**
   * Puts every version of a list in place of what was known of it. A version whose entries are
   * the shipped seed's (the stored copy of this release's seeds) shares the seed's entries
   * instead of keeping a second copy in memory.
   */
  replace(list: ImportableList, versions: ListVersion[]): void {
    const seed = this.shipped.lists[list] as readonly unknown[];
    const seedJson = versions.some((v) => v.entries.length === seed.length) ? canonicalJson(seed) : null;
    const shared = versions.map((v) => (v.entries !== seed && seedJson !== null && v.entries.length === seed.length && canonicalJson(v.entries) === seedJson ? { ...v, entries: seed } : v));
    const sorted = shared.sort((a, b) => compareKeys(a.effectiveFrom, b.effectiveFrom) || a.version - b.version);
    this.versions.set(list, sorted);
    this.cache.clear();
    this.byDate.clear();
  }

  versionsOf(list: ImportableList): readonly ListVersion[] {
    return this.versions.get(list) ?? [];
  }

  /**
   * The version of a list in force on a day: the latest effective on or before it (of two
   * effective the same day, the one imported last). Before the first version, the first.
   * Undefined when the list has no stored version (the shipped seed is in force).
   */
  inForce(list: ImportableList, date: string): ListVersion | undefined {
    const versions = this.versionsOf(list);
    let found: ListVersion | undefined;
    for (const version of versions) {
      if (version.effectiveFrom <= date) found = version;
      else break;
    }
    return found ?? versions[0];
  }

  /** The entries of a list in force on a day. */
  entriesOn(list: ImportableList, date: string): readonly unknown[] {
    return this.inForce(list, date)?.entries ?? this.shipped.lists[list];
  }

  /** Every list as in force on a day (default: today, by the engine's clock). */
  asOf(date: string = this.today()): ReferenceData {
    const known = this.byDate.get(date);
    if (known) return known;
    const data = this.build(date);
    if (this.byDate.size >= 64) this.byDate.clear(); // days asked for as of the past: keep it small
    this.byDate.set(date, data);
    return data;
  }

  private build(date: string): ReferenceData {
    const inForce = LIST_SPECS.map((spec) => [spec.key, this.inForce(spec.key, date)] as const);
    const key = inForce.map(([list, version]) => `${list}:${version?.version ?? 0}`).join(',');
    let data = this.cache.get(key);
    // Every list in force is the shipped seed (no import in force yet): the seeds' own indexes serve.
    if (!data && inForce.every(([list, version]) => !version || version.entries === this.shipped.lists[list])) data = this.shipped;
    if (!data) {
      const lists = { ...this.shipped.lists } as Record<ReferenceListName, unknown>;
      const sources = { ...this.shipped.sources };
      for (const [list, version] of inForce) {
        if (!version) continue;
        lists[list] = version.entries;
        sources[list] = version.source;
      }
      data = new ReferenceData(lists as unknown as ReferenceLists, sources);
      this.cache.set(key, data);
    }
    return data;
  }

  /** What importing `entries` effective `date` changes against the version in force that day. */
  diff(list: ImportableList, entries: readonly unknown[], date: string): VersionDiff {
    return diffEntries(specOf(list), this.entriesOn(list, date), entries);
  }
}

let installed: ReferenceCatalog | undefined;

/** The catalog every lookup of this process uses (the server's, once loaded from its database). */
export function referenceCatalog(): ReferenceCatalog {
  installed ??= new ReferenceCatalog(shippedReferenceData());
  return installed;
}

/** Makes `catalog` the one referenceCatalog() returns, and its lists in force today those of referenceData(). */
export function installReferenceCatalog(catalog: ReferenceCatalog): void {
  installed = catalog;
  setReferenceDataSource(() => catalog.asOf());
}
