// Each customer's record of paying is kept by the database as invoices are paid (decision 175):
// it must say what adding up the customer's paid invoices says, after a payment, two at once, a
// payment taken back, and a change of the late threshold or the timezone, even when a change of
// settings and a payment happen at once.
import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { collectionsReport } from "./aging.server.ts";
import { paymentHistories } from "./engagement.server.ts";
import { recordManualPayment } from "./invoices.server.ts";
import { reverseManualPayment } from "./payment-reversal.server.ts";
import { getWorkspace, updateWorkspaceSettings } from "./workspaces.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";

describe("paying records", () => {
  let database: Database;
  withTestDatabase((opened) => (database = opened));

  async function aVendorWithClient(timezone = "UTC") {
    const db = database.prisma;
    const workspace = await aWorkspace(db, { timezone });
    const customer = await aCustomer(db, workspace.id, { name: "Slow Ltd" });
    const invoice = (issueDate: string, dueDate: string) => anInvoice(db, workspace.id, customer.id, { issueDate, dueDate });
    const pay = (target: { id: string; total: number }, paidAt: string) =>
      recordManualPayment(
        db,
        { workspaceId: workspace.id, invoiceId: target.id, amount: target.total, method: "Bank transfer", paidAt: new Date(paidAt) },
        testNow,
      );
    return { workspace, customer, invoice, pay };
  }

  /** The kept record, and what adding up the customer's paid invoices now says: they must agree. */
  async function recordOf(workspaceId: string, customerId: string) {
    const db = database.prisma;
    const workspace = await getWorkspace(db, workspaceId);
    const kept = await db.payingRecord.findUnique({ where: { customerId } });
    const [counted] = await db.$queryRaw<{ paid: number; daysToPay: number; paidLate: number; daysLate: number }[]>`
      SELECT "paid", "daysToPay", "paidLate", "daysLate" FROM "remit_paying_records"(${workspaceId}, ${workspace.timezone}, ${workspace.riskLatePaidDays}::int, ${[customerId]}::text[])`;
    const none = { paid: 0, daysToPay: 0, paidLate: 0, daysLate: 0 };
    expect(kept ? { paid: kept.paid, daysToPay: kept.daysToPay, paidLate: kept.paidLate, daysLate: kept.daysLate } : none).toEqual(counted ?? none);
    if (kept) expect([kept.timezone, kept.latePaidDays]).toEqual([workspace.timezone, workspace.riskLatePaidDays]);
    return (await paymentHistories(db, workspaceId, [customerId], workspace.timezone, workspace.riskLatePaidDays)).get(customerId);
  }

  it("adds a paid invoice, two paid at once, and takes off a payment taken back", async () => {
    const db = database.prisma;
    const { workspace, customer, invoice, pay } = await aVendorWithClient();
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 0, paidLate: 0, averageDaysLate: 0, averageDaysToPay: null });

    const first = await invoice("2026-08-01", "2026-08-31");
    const { payment } = await pay(first, "2026-09-30T12:00:00Z"); // 60 days to pay, 30 late
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 1, paidLate: 1, averageDaysLate: 30, averageDaysToPay: 60 });

    // Two payments of the same client's invoices in two transactions at once (at once on PostgreSQL).
    const [second, third] = [await invoice("2026-09-01", "2026-10-01"), await invoice("2026-10-01", "2026-10-31")];
    await Promise.all([pay(second, "2026-10-11T12:00:00Z"), pay(third, "2026-10-05T12:00:00Z")]); // 40 days, 10 late; 4 days, on time
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 3, paidLate: 2, averageDaysLate: 20, averageDaysToPay: 35 });

    // The first payment was recorded by mistake: the invoice is open again and no longer counts.
    await reverseManualPayment(db, { workspaceId: workspace.id, paymentId: payment.id, reason: "Wrong invoice", actor: "U1" }, testNow);
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 2, paidLate: 1, averageDaysLate: 10, averageDaysToPay: 22 });
    // A part payment leaves the invoice open: nothing to count.
    const part = await invoice("2026-10-01", "2026-10-31");
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: part.id, amount: 100, method: "Bank transfer" }, testNow);
    expect((await recordOf(workspace.id, customer.id))?.paid).toBe(2);
  });

  it("counts again when the late threshold or the timezone changes, also while a payment is made", async () => {
    const db = database.prisma;
    const { workspace, customer, invoice, pay } = await aVendorWithClient();
    await pay(await invoice("2026-08-01", "2026-08-31"), "2026-09-30T12:00:00Z"); // 30 days late
    await pay(await invoice("2026-09-01", "2026-10-01"), "2026-10-11T12:00:00Z"); // 10 days late
    // Paid at 11:00 UTC on its due date: on time in UTC, a day late in Kiritimati (UTC+14).
    await pay(await invoice("2026-09-01", "2026-09-05"), "2026-09-05T11:00:00Z");
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 3, paidLate: 2, averageDaysLate: 20, averageDaysToPay: 35 });

    await updateWorkspaceSettings(db, workspace.id, { riskLatePaidDays: 14 });
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 3, paidLate: 1, averageDaysLate: 30, averageDaysToPay: 35 });
    await updateWorkspaceSettings(db, workspace.id, { riskLatePaidDays: 0 });
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 3, paidLate: 0, averageDaysLate: 0, averageDaysToPay: 35 });

    // A payment and a change of the threshold at once: whichever goes first, the record is counted under the new one.
    const next = await invoice("2026-10-01", "2026-10-31");
    await Promise.all([pay(next, "2026-11-03T12:00:00Z"), updateWorkspaceSettings(db, workspace.id, { riskLatePaidDays: 1 })]); // 3 days late
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 4, paidLate: 3, averageDaysLate: 14, averageDaysToPay: 34 });

    // In Kiritimati every payment was made a calendar day later: 61 days to pay and 31 late, 41 and
    // 11, 5 and 1 (not more than the threshold), 34 and 4.
    await updateWorkspaceSettings(db, workspace.id, { timezone: "Pacific/Kiritimati" });
    expect(await recordOf(workspace.id, customer.id)).toEqual({ paid: 4, paidLate: 3, averageDaysLate: 15, averageDaysToPay: 35 });
  });

  it("reads a record counted under other settings than the workspace's from the invoices", async () => {
    const db = database.prisma;
    const { workspace, customer, invoice, pay } = await aVendorWithClient();
    await pay(await invoice("2026-08-01", "2026-08-31"), "2026-09-30T12:00:00Z");
    // As a customer's first payment racing a change of settings would leave it.
    await db.payingRecord.update({ where: { customerId: customer.id }, data: { latePaidDays: 60, paidLate: 0, daysLate: 0 } });
    const report = await collectionsReport(db, workspace.id, testNow);
    expect(report.customers).toEqual([{ customerId: customer.id, name: "Slow Ltd", paid: 1, averageDaysToPay: 60, paidLate: 1 }]);
  });
});
