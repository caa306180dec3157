import type { Db } from "#app/platform/db/database.server.ts";
import { periodicChecks } from "#server/jobs.ts";

/**
 * Leaves the seeded data as a server that has been running would have: today's periodic checks
 * made (overdue notices, client reminders, …), and every outbox delivery (the invoices' emails,
 * the reminders, the alerts) made. Otherwise the server under test starts by sending emails with
 * their PDFs, and the measurement pays for that backlog instead of the requests it measures.
 */
export async function settleOutbox(db: Db): Promise<void> {
  const now = new Date();
  for (const { run } of periodicChecks) await run(db, now);
  await db.delivery.updateMany({ where: { status: "pending" }, data: { status: "delivered", deliveredAt: now } });
}
