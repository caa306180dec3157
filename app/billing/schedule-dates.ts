/**
 * When a recurring schedule's invoices fall (docs/decisions/130). Dates are calendar dates
 * (UTC midnight, see app/platform/calendar.ts) in the workspace's timezone, so daylight saving
 * changes never move a day. Each occurrence is computed from the schedule's anchor, never from
 * the one before, so a short month cannot drift the day: monthly on the 31st is Jan 31, Feb 28
 * (29 in a leap year), Mar 31, Apr 30; yearly on Feb 29 is Feb 28 in other years.
 */
import { addDays } from "#app/platform/calendar.ts";

export const frequencies = ["weekly", "monthly", "quarterly", "yearly"] as const;
export type Frequency = (typeof frequencies)[number];

export interface Recurrence {
  frequency: Frequency;
  startDate: Date;
  /** 1–31, for monthly, quarterly and yearly schedules; the start's day when null. */
  dayOfMonth: number | null;
  endAfter: number | null;
  endDate: Date | null;
}

const monthsBetween: Record<Exclude<Frequency, "weekly">, number> = { monthly: 1, quarterly: 3, yearly: 12 };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `day` of the month `months` after January of `year`, or the month's last day when it is shorter. */
function dayInMonth(year: number, months: number, day: number): Date {
  const y = year + Math.floor(months / 12);
  const m = ((months % 12) + 12) % 12;
  return new Date(Date.UTC(y, m, Math.min(day, daysInMonth(y, m))));
}

/** The date of occurrence `index` (0 is the first, on or after the start). */
export function occurrenceDate(recurrence: Pick<Recurrence, "frequency" | "startDate" | "dayOfMonth">, index: number): Date {
  const { frequency, startDate } = recurrence;
  if (frequency === "weekly") return addDays(startDate, 7 * index);
  const day = recurrence.dayOfMonth ?? startDate.getUTCDate();
  const year = startDate.getUTCFullYear();
  // The first occurrence is in the start's month, or the next one when the day has passed already.
  const first = dayInMonth(year, startDate.getUTCMonth(), day) < startDate ? startDate.getUTCMonth() + 1 : startDate.getUTCMonth();
  return dayInMonth(year, first + index * monthsBetween[frequency], day);
}

/**
 * The date of occurrence `index`, or null when the schedule has ended by then: `issued`
 * invoices reached "end after N", or the date is past "end on".
 */
export function nextOccurrence(recurrence: Recurrence, index: number, issued: number): Date | null {
  if (recurrence.endAfter !== null && issued >= recurrence.endAfter) return null;
  const date = occurrenceDate(recurrence, index);
  if (recurrence.endDate && date > recurrence.endDate) return null;
  return date;
}

/** The first occurrence index whose date is on or after `day` (a paused schedule resumes there). */
export function firstIndexFrom(recurrence: Pick<Recurrence, "frequency" | "startDate" | "dayOfMonth">, from: number, day: Date): number {
  let index = from;
  // Bounded: a weekly schedule paused for 20 years is about 1000 steps.
  while (occurrenceDate(recurrence, index) < day && index < from + 10_000) index++;
  return index;
}
