/** Calendar dates (no time of day) are stored as UTC midnight; "today" depends on a timezone. */
import { dateFormat } from "./intl-cache.ts";

const dayMs = 86_400_000;

/**
 * The last date worked out for each timezone and the minute it holds for: every timezone's
 * day starts on a whole minute (offsets are whole minutes since the early 20th century), so
 * the date is the same all minute long. Every portal request asks for it (its data version
 * names the vendor's day), and formatting it each time was 5 % of a kept page's CPU.
 */
const lastDates = new Map<string, { minute: number; date: number }>();

/** The calendar date `instant` falls on in `timeZone`, as UTC midnight. */
export function calendarDateIn(instant: Date, timeZone: string): Date {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return new Date(last.date);
  const parts = dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  const date = Date.parse(`${parts}T00:00:00.000Z`);
  lastDates.set(timeZone, { minute, date });
  return new Date(date);
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
