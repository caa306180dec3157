import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { dateFormat } from "#app/platform/intl-cache.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";

/** ISO weekdays: 1 = Monday … 7 = Sunday; 0 turns the digest off. */
export const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** The ISO weekday (1–7) and hour (0–23) of `now` in `timeZone`. */
export function weekdayAndHour(now: Date, timeZone: string): { weekday: number; hour: number } {
  const parts = dateFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.find((part) => part.type === "weekday")?.value ?? "") + 1;
  return { weekday, hour: Number(parts.find((part) => part.type === "hour")?.value ?? 0) };
}

/**
 * The week a digest is due for at `now`, as its Monday (a calendar date), or null before this
 * week's digest moment (its weekday and hour in the workspace's timezone). A server down at that
 * moment posts it when it comes back within the week.
 */
export function digestWeek(now: Date, settings: { timezone: string; digestWeekday: number; digestHour: number }): Date | null {
  if (settings.digestWeekday < 1) return null;
  const { weekday, hour } = weekdayAndHour(now, settings.timezone);
  if (weekday < settings.digestWeekday || (weekday === settings.digestWeekday && hour < settings.digestHour)) return null;
  return addDays(calendarDateIn(now, settings.timezone), 1 - weekday);
}

/**
 * Emits `collections.digest` once per workspace and week when its digest moment has come, for
 * workspaces with an alert channel. The (workspace, week) primary key makes it once even with
 * several instances running this at the same moment, like client reminders.
 */
export async function detectWeeklyDigests(db: Db, now: Date): Promise<number> {
  const workspaces = await db.workspace.findMany({
    where: { alertChannelId: { not: null }, digestWeekday: { gt: 0 } },
    select: { id: true, timezone: true, digestWeekday: true, digestHour: true },
  });
  let emitted = 0;
  for (const workspace of workspaces) {
    const weekOf = digestWeek(now, workspace);
    if (!weekOf) continue;
    const fired = await db.$transaction(async (tx) => {
      const { count } = await tx.collectionsDigest.createMany({ data: [{ workspaceId: workspace.id, weekOf, createdAt: now }], skipDuplicates: true });
      if (count === 0) return false;
      const payload = { weekOf: formatCalendarDate(weekOf) };
      await emit(tx, { type: "collections.digest", workspaceId: workspace.id, aggregateId: workspace.id, payload }, now);
      return true;
    });
    if (fired) emitted++;
  }
  return emitted;
}
