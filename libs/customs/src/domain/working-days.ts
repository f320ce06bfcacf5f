import type { CalendarDay } from '@sw/reference-data';

/**
 * Working days in China: Monday to Friday, except the days off of the State Council's yearly
 * holiday arrangement (法定节假日, 放假调休), plus the weekend days it makes working days
 * (调休上班). Years the calendar does not list (not yet published) are weekends only.
 */
export class WorkingDays {
  private readonly days: ReadonlyMap<string, CalendarDay['kind']>;

  constructor(calendar: readonly CalendarDay[]) {
    this.days = new Map(calendar.map((d) => [d.date, d.kind]));
  }

  isWorkingDay(date: string): boolean {
    const listed = this.days.get(date);
    if (listed) return listed === 'workday';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The day itself when it is a working day, else the first working day after it. */
  onOrAfter(date: string): string {
    let day = date;
    // The longest arrangement (春节 with its weekends) is under two weeks; a year is a safe bound.
    for (let i = 0; i < 366 && !this.isWorkingDay(day); i++) day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return day;
  }
}

/** No holiday calendar: weekends only. */
export const WEEKENDS_ONLY = new WorkingDays([]);
