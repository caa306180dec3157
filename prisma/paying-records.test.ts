// The migration that made each payment name its customer and each customer's paying record kept
// by the database (decision 175) fills both from the rows already there, under each workspace's
// settings, without moving any client's portal version; and the records go on from there.
import { expect, test } from "vitest";
import { migrate } from "#app/platform/db/migrate.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { databaseBefore } from "#tests/migrations.ts";

const theMigration = "20261208000519_paying_records";

const migrating = databaseBefore(theMigration);

test("fills every payment's customer and every paying customer's record, and keeps counting after", async () => {
  const { database, db } = migrating;
  const utc = await aWorkspace(db, { timezone: "UTC" });
  const ahead = await aWorkspace(db, { timezone: "Pacific/Kiritimati" }); // UTC+14
  const slow = await aCustomer(db, utc.id);
  const never = await aCustomer(db, utc.id);
  const evening = await aCustomer(db, ahead.id);

  // Paid invoices and their payments as the schema before the migration had them, written in SQL.
  const paidBefore = async (workspaceId: string, customerId: string, dates: { issueDate: string; dueDate: string }, paidAt: string) => {
    const invoice = await anInvoice(db, workspaceId, customerId, dates);
    await db.$executeRaw`UPDATE "Invoice" SET "status" = 'paid', "amountPaid" = "total", "paidAt" = ${new Date(paidAt)} WHERE "id" = ${invoice.id}`;
    await db.$executeRaw`INSERT INTO "Payment" ("id", "workspaceId", "invoiceId", "sequence", "amount", "currency", "method", "status", "paidAt", "updatedAt")
      VALUES (${`payment-${invoice.id}`}, ${workspaceId}, ${invoice.id}, 1, ${invoice.total}, 'USD', 'bank transfer', 'succeeded', ${new Date(paidAt)}, now())`;
    return invoice;
  };
  await paidBefore(utc.id, slow.id, { issueDate: "2026-08-01", dueDate: "2026-08-31" }, "2026-09-30T12:00:00Z"); // 60 days, 30 late
  await paidBefore(utc.id, slow.id, { issueDate: "2026-09-01", dueDate: "2026-10-01" }, "2026-10-05T12:00:00Z"); // 34 days, 4 late
  await paidBefore(ahead.id, evening.id, { issueDate: "2026-09-01", dueDate: "2026-09-05" }, "2026-09-05T11:00:00Z"); // 6 September there
  await anInvoice(db, utc.id, never.id);
  const versions = await db.customer.findMany({ orderBy: { id: "asc" }, select: { id: true, portalVersion: true } });

  expect((await migrate(database)).applied).toEqual([theMigration]);

  const payments = await db.payment.findMany({ select: { invoiceId: true, customerId: true, invoice: { select: { customerId: true } } } });
  expect(payments).toHaveLength(3);
  for (const payment of payments) expect(payment.customerId).toBe(payment.invoice.customerId);
  expect(await db.payingRecord.findMany({ orderBy: { paid: "desc" } })).toEqual([
    { customerId: slow.id, workspaceId: utc.id, paid: 2, daysToPay: 94, paidLate: 1, daysLate: 30, timezone: "UTC", latePaidDays: 7 },
    { customerId: evening.id, workspaceId: ahead.id, paid: 1, daysToPay: 5, paidLate: 0, daysLate: 0, timezone: "Pacific/Kiritimati", latePaidDays: 7 },
  ]);
  expect(await db.customer.findMany({ orderBy: { id: "asc" }, select: { id: true, portalVersion: true } })).toEqual(versions);

  // From now on the database keeps them.
  const next = await anInvoice(db, utc.id, never.id, { issueDate: "2026-10-01", dueDate: "2026-10-31" });
  await recordManualPayment(
    db,
    { workspaceId: utc.id, invoiceId: next.id, amount: next.total, method: "card", paidAt: new Date("2026-11-10T09:00:00Z") },
    testNow,
  );
  expect(await db.payingRecord.findUnique({ where: { customerId: never.id } })).toMatchObject({ paid: 1, daysToPay: 40, paidLate: 1, daysLate: 10 });
  expect(await db.payment.findFirst({ where: { invoiceId: next.id }, select: { customerId: true } })).toEqual({ customerId: never.id });
});
