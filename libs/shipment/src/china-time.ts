/** China keeps one time zone (UTC+8, no daylight saving): the calendar days of policies, fees and reports are its days. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day in China of an instant, as an ISO date (YYYY-MM-DD). */
export function chinaDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar day (YYYY-MM-DD) begins. */
export function chinaMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** The ISO date `days` after a date (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is an ISO date that exists on the calendar (2026-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return false;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
