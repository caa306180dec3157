import type { Db } from "#app/platform/db/database.server.ts";

/**
 * Marks the seeding's outbox deliveries (the invoices' emails, the alerts) as made, as a server
 * that has been running would have: otherwise the server under test starts by sending fifty
 * emails with their PDFs, and the first seconds of every measurement pay for that backlog.
 */
export async function settleOutbox(db: Db): Promise<void> {
  await db.delivery.updateMany({ where: { status: "pending" }, data: { status: "delivered", deliveredAt: new Date() } });
}
