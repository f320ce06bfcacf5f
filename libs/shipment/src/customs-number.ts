import type { Direction } from './declaration-body';

/**
 * 海关编号: the 18-digit customs number a declaration gets on acceptance: the customs office (4),
 * the year (4), 1 import / 0 export (1) and a 9-digit sequence per office and year, never reused.
 */
export const CUSTOMS_NUMBER = /^\d{4}\d{4}[01]\d{9}$/;

/** The largest sequence a customs office can give in one year. */
export const MAX_CUSTOMS_SEQUENCE = 999_999_999;

export function isCustomsNumber(value: unknown): value is string {
  return typeof value === 'string' && CUSTOMS_NUMBER.test(value);
}

export function formatCustomsNumber(office: string, year: number, direction: Direction, sequence: number): string {
  if (!/^\d{4}$/.test(office)) throw new Error(`customs office ${office} is not 4 digits`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`year ${year} is not 4 digits`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_CUSTOMS_SEQUENCE) throw new Error(`sequence ${sequence} is outside 1..${MAX_CUSTOMS_SEQUENCE}`);
  return `${office}${year}${direction === 'import' ? '1' : '0'}${String(sequence).padStart(9, '0')}`;
}

/** The parts of a customs number (undefined when the text is not one). */
export function parseCustomsNumber(value: string): { office: string; year: number; direction: Direction; sequence: number } | undefined {
  if (!isCustomsNumber(value)) return undefined;
  return { office: value.slice(0, 4), year: Number(value.slice(4, 8)), direction: value[8] === '1' ? 'import' : 'export', sequence: Number(value.slice(9)) };
}
