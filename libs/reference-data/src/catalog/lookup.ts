/**
 * Finding entries of a code list for a form's autocomplete: by code (exact, then prefix) and
 * by name (prefix, then anywhere), case-insensitively, in the list's order within each rank.
 * Each version's search texts are computed once.
 */
import { entryKey, type ListSpec } from './list-specs';

interface Indexed {
  entry: unknown;
  key: string;
  names: string[];
}

const indexes = new WeakMap<readonly unknown[], Indexed[]>();

function indexOf(spec: ListSpec, entries: readonly unknown[]): Indexed[] {
  let index = indexes.get(entries);
  if (!index) {
    index = entries.map((entry) => ({
      entry,
      key: entryKey(spec, entry).toLowerCase(),
      names: spec.searchFields.map((field) => (entry as Record<string, unknown>)[field]).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()),
    }));
    indexes.set(entries, index);
  }
  return index;
}

function rank(item: Indexed, q: string): number {
  if (item.key === q) return 0;
  if (item.key.startsWith(q)) return 1;
  if (item.names.some((name) => name.startsWith(q))) return 2;
  if (item.names.some((name) => name.includes(q))) return 3;
  return -1;
}

/** The entries matching `q` (all when it is empty), best first, one page of them, and how many matched. */
export function lookup(spec: ListSpec, entries: readonly unknown[], q: string, page: number, pageSize: number): { items: unknown[]; total: number } {
  const needle = q.trim().toLowerCase();
  let matches: unknown[];
  if (!needle) matches = [...entries];
  else {
    const ranked: Indexed[][] = [[], [], [], []];
    for (const item of indexOf(spec, entries)) {
      const r = rank(item, needle);
      if (r >= 0) ranked[r]!.push(item);
    }
    matches = ranked.flat().map((item) => item.entry);
  }
  return { items: matches.slice((page - 1) * pageSize, page * pageSize), total: matches.length };
}
