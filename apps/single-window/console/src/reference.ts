// The code lists the forms suggest from (datalists), looked up as the person types through the
// public GET /v1/reference/{list}?q= (the version in force today, so an imported table shows at
// once). Suggestions only: the API validates every value and the console shows what it says.
import enterprises from '../../../../seeds/reference/enterprises.json';
import { get, query, type Page } from './api';

export interface Named { nameZh?: string; nameEn?: string }
export interface CodeOption extends Named { code: string }

export const ENTERPRISES: (Named & { uscc: string })[] = enterprises.items.filter((e) => e.demo);

type Entry = Record<string, unknown>;

/** Each datalist (`list-<id>`): the API's list, the field that is the code, and which entries may be declared. */
export const REFERENCE_LISTS: Record<string, { list: string; key: string; declarable?: (entry: Entry) => boolean }> = {
  offices: { list: 'customs-offices', key: 'code' },
  transportModes: { list: 'transport-modes', key: 'code', declarable: (e) => e.declarable !== false },
  tradeModes: { list: 'trade-modes', key: 'code' },
  incoterms: { list: 'incoterms', key: 'code' },
  currencies: { list: 'currencies', key: 'code' },
  units: { list: 'units', key: 'code' },
  countries: { list: 'countries', key: 'alpha3' },
  hs: { list: 'hs', key: 'code' },
  // 随附单证代码: the licence and certificate types in force (监管证件代码), those still issued.
  licenseTypes: { list: 'license-types', key: 'code', declarable: (e) => e.legacy !== true },
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function toOption(entry: Entry, key: string): CodeOption {
  return { code: String(entry[key]), nameZh: text(entry.nameZh) ?? text(entry.labelZh), nameEn: text(entry.nameEn) ?? text(entry.description) };
}

const SUGGESTED = 30;
const cache = new Map<string, Promise<CodeOption[]>>();

/** The entries of a datalist's list that match what was typed (by code or name), best first. */
export function suggestions(id: string, typed: string): Promise<CodeOption[]> {
  const spec = REFERENCE_LISTS[id];
  if (!spec) return Promise.resolve([]);
  const q = typed.trim().slice(0, 100);
  const key = `${id}:${q}`;
  let found = cache.get(key);
  if (!found) {
    found = get<Page<Entry>>(`/v1/reference/${spec.list}${query({ q: q || undefined, pageSize: SUGGESTED })}`)
      .then((page) => page.items.filter((e) => spec.declarable?.(e) ?? true).map((e) => toOption(e, spec.key)));
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
