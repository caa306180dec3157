import type { Db } from "#app/platform/db/database.server.ts";
import { detectOverdue } from "#app/billing/overdue.server.ts";
import { detectClientReminders } from "#app/billing/reminders.server.ts";
import { detectEngagementChanges } from "#app/billing/engagement.server.ts";
import { detectWeeklyDigests } from "#app/billing/digest.server.ts";
import { detectQuoteExpiry } from "#app/billing/quotes.server.ts";
import { detectInstalmentNotices } from "#app/billing/instalments.server.ts";

/**
 * Leaves the seeded data as a server that has been running would have: today's overdue
 * notices and client reminders found, and every outbox delivery (the invoices' emails, the
 * reminders, the alerts) made. Otherwise the server under test starts by sending emails with
 * their PDFs, and the measurement pays for that backlog instead of the requests it measures.
 */
export async function settleOutbox(db: Db): Promise<void> {
  const now = new Date();
  await detectOverdue(db, now);
  await detectClientReminders(db, now);
  await detectInstalmentNotices(db, now);
  await detectQuoteExpiry(db, now);
  await detectEngagementChanges(db, now);
  await detectWeeklyDigests(db, now);
  await db.delivery.updateMany({ where: { status: "pending" }, data: { status: "delivered", deliveredAt: now } });
}
