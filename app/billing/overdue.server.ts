import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn } from "#app/platform/calendar.ts";
import { daysOverdue } from "./invoice-status.ts";
import { emitOnce } from "#app/platform/outbox/outbox.server.ts";

/** The reminder level an invoice `daysLate` days overdue has reached: day 1 always counts. */
export function reminderLevel(daysLate: number, reminderDays: number[]): number {
  return Math.max(0, ...[1, ...reminderDays].filter((day) => day <= daysLate));
}

/**
 * Emits `invoice.overdue` once per reached reminder level (default days 1, 7 and 14 late,
 * in the workspace timezone). An invoice found late by several levels at once (the server
 * was down) gets one event for the highest. The (invoice, level) primary key makes each
 * event fire once even with several instances running this at the same moment.
 */
export async function detectOverdue(db: Db, now: Date): Promise<number> {
  // Every timezone's "today" is at most one day after UTC's: a cheap superset to check.
  const candidates = await db.invoice.findMany({
    // Split invoices are checked part by part (instalments.server.ts).
    where: { status: "open", dueDate: { lt: addDays(calendarDateIn(now, "UTC"), 1) }, instalments: { none: {} } },
    select: {
      id: true,
      workspaceId: true,
      status: true,
      dueDate: true,
      workspace: { select: { timezone: true, reminderDays: true } },
      notices: { select: { daysLate: true } },
    },
  });
  let emitted = 0;
  for (const invoice of candidates) {
    const daysLate = daysOverdue(invoice, now, invoice.workspace.timezone);
    const level = reminderLevel(daysLate, invoice.workspace.reminderDays);
    if (level === 0 || invoice.notices.some((notice) => notice.daysLate >= level)) continue;
    const fired = await emitOnce(
      db,
      async (tx) => (await tx.overdueNotice.createMany({ data: [{ invoiceId: invoice.id, daysLate: level }], skipDuplicates: true })).count > 0,
      { type: "invoice.overdue", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, daysLate } },
      now,
    );
    if (fired) emitted++;
  }
  return emitted;
}
