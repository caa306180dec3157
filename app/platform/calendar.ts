/** Calendar dates (no time of day) are stored as UTC midnight; "today" depends on a timezone. */
import { dateFormat } from "./intl-cache.ts";

const dayMs = 86_400_000;

/** The calendar date `instant` falls on in `timeZone`, as UTC midnight. */
export function calendarDateIn(instant: Date, timeZone: string): Date {
  const parts = dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  return new Date(`${parts}T00:00:00.000Z`);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * dayMs);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / dayMs);
}

/** "2026-12-31" → UTC midnight, or null when it is not a real date. */
export function parseCalendarDate(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

export function formatCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
