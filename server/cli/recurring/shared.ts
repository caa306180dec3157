import { formatMoney } from "#app/billing/money.ts";
import type { ScheduleView } from "#app/billing/schedules.server.ts";

/** One line about a schedule: what the `recurring` commands print. */
export function describeSchedule(schedule: ScheduleView, locale: string): string {
  const next = schedule.nextDate
    ? `next ${schedule.nextDate.toISOString().slice(0, 10)} for ${formatMoney(schedule.nextTotal, schedule.currency, locale)}`
    : "no next invoice";
  const ends = schedule.endAfter
    ? `, ${schedule.issuedCount} of ${schedule.endAfter} issued`
    : schedule.endDate
      ? `, until ${schedule.endDate.toISOString().slice(0, 10)}`
      : "";
  return `${schedule.id}  ${schedule.status.padEnd(8)}  ${schedule.name} (${schedule.customer.name}, ${schedule.frequency}): ${next}${ends}`;
}
