import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { daysOverdue } from "./invoice-status.ts";
import { recordManualPayment } from "./invoices.server.ts";
import { detectOverdue, reminderLevel } from "./overdue.server.ts";
import { testNow } from "#tests/clock.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

describe("overdue", () => {
  it("starts the day after the due date in the workspace timezone", () => {
    const invoice = { status: "open" as const, dueDate: new Date("2026-11-20T00:00:00Z") };
    // 23:30 UTC on the 20th is already the 21st in Tokyo, still the 20th in New York.
    const lateEvening = new Date("2026-11-20T23:30:00Z");
    expect(daysOverdue(invoice, lateEvening, "Asia/Tokyo")).toBe(1);
    expect(daysOverdue(invoice, lateEvening, "America/New_York")).toBe(0);
    expect(daysOverdue({ ...invoice, status: "paid" }, new Date("2026-12-31T00:00:00Z"), "UTC")).toBe(0);
  });

  it("reaches reminder levels 1, 7 and 14 by default", () => {
    expect([0, 1, 6, 7, 13, 14, 40].map((days) => reminderLevel(days, [1, 7, 14]))).toEqual([0, 1, 1, 7, 7, 14, 14]);
    expect(reminderLevel(2, [3, 10])).toBe(1);
  });

  it("emits one event per reached level, once, even when several checks run at once", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Europe/Paris" });
    await db.workspace.update({ where: { id: workspace.id }, data: { alertChannelId: "C0ALERTS" } }); // alerts go to Slack
    const late = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-10-01", dueDate: "2026-11-01" });
    const paid = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-10-01", dueDate: "2026-11-01" });
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: paid.id, amount: paid.total, method: "cash" }, testNow);
    await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-11-01", dueDate: "2026-12-01" });

    const events = () => db.outboxEvent.findMany({ where: { type: "invoice.overdue", workspaceId: workspace.id }, orderBy: { sequence: "asc" } });
    const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

    await Promise.all([detectOverdue(db, day("2026-11-02")), detectOverdue(db, day("2026-11-02")), detectOverdue(db, day("2026-11-02"))]);
    await detectOverdue(db, day("2026-11-05"));
    expect((await events()).map((e) => e.payload)).toEqual([{ invoiceId: late.id, daysLate: 1 }]);

    // Found again only when it is 7 days late; a server down for a while gets one event, for the highest level.
    await detectOverdue(db, day("2026-11-08"));
    await detectOverdue(db, day("2026-11-20"));
    await detectOverdue(db, day("2026-11-21"));
    expect((await events()).map((e) => e.payload)).toEqual([
      { invoiceId: late.id, daysLate: 1 },
      { invoiceId: late.id, daysLate: 7 },
      { invoiceId: late.id, daysLate: 19 },
    ]);
    expect(await db.delivery.count({ where: { subscriber: "slack", event: { type: "invoice.overdue", workspaceId: workspace.id } } })).toBe(3);
  });
});
