import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { ageReceivables, agingBucket, csvField, plainAmount } from "./aging.ts";
import { agingCsv, collectionsReport } from "./aging.server.ts";
import { recordManualPayment } from "./invoices.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";

describe("aging buckets", () => {
  it("puts not yet due in current, then 1–30, 31–60, 61–90 and 90+ days late", () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(agingBucket)).toEqual([
      "current",
      "current",
      "1-30",
      "1-30",
      "31-60",
      "31-60",
      "61-90",
      "61-90",
      "90+",
      "90+",
    ]);
  });

  it("sums balances per currency, never across currencies", () => {
    const rows = ageReceivables([
      { currency: "USD", balance: 10_000, daysLate: 0 },
      { currency: "EUR", balance: 5_000, daysLate: 45 },
      { currency: "USD", balance: 2_500, daysLate: 45 },
      { currency: "USD", balance: 1_000, daysLate: 100 },
      { currency: "JPY", balance: 3_000, daysLate: 2 },
      { currency: "USD", balance: 0, daysLate: 5 },
    ]);
    expect(rows).toEqual([
      { currency: "EUR", buckets: { current: 0, "1-30": 0, "31-60": 5_000, "61-90": 0, "90+": 0 }, total: 5_000 },
      { currency: "JPY", buckets: { current: 0, "1-30": 3_000, "31-60": 0, "61-90": 0, "90+": 0 }, total: 3_000 },
      { currency: "USD", buckets: { current: 10_000, "1-30": 0, "31-60": 2_500, "61-90": 0, "90+": 1_000 }, total: 13_500 },
    ]);
  });

  it("writes amounts and fields as a spreadsheet reads them", () => {
    expect([plainAmount(123_450, "USD"), plainAmount(5, "EUR"), plainAmount(1_200, "JPY"), plainAmount(1_234, "KWD")]).toEqual([
      "1234.50",
      "0.05",
      "1200",
      "1.234",
    ]);
    expect([csvField("Acme, Inc."), csvField('Say "hi"'), csvField("=HYPERLINK(1)"), csvField("-12.50")]).toEqual([
      '"Acme, Inc."',
      '"Say ""hi"""',
      "'=HYPERLINK(1)",
      "-12.50",
    ]);
  });
});

describe("the aging report", () => {
  let database: Database;
  withTestDatabase((opened) => (database = opened));

  async function vendorIn(timezone: string) {
    const db = database.prisma;
    const workspace = await aWorkspace(db, { timezone });
    const customer = await aCustomer(db, workspace.id, { name: "Acme, Inc." });
    // Due 31 days before the suite's date (2026-11-21, 09:00 UTC).
    const edge = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-10-01", dueDate: "2026-10-21" });
    const euros = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-11-01", dueDate: "2026-12-01", currency: "EUR" });
    const partly = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-06-01", dueDate: "2026-07-01" });
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: partly.id, amount: 20_000, method: "Bank transfer" }, testNow);
    return { workspace, customer, edge, euros, partly };
  }

  it("ages by the calendar day in the workspace's timezone, per currency", async () => {
    // 09:00 UTC on Nov 21 is still Nov 20 in Honolulu (UTC−10): 30 days late there, 31 in Kiritimati (UTC+14).
    const early = await vendorIn("Pacific/Honolulu");
    const ahead = await vendorIn("Pacific/Kiritimati");
    const honolulu = await collectionsReport(database.prisma, early.workspace.id, testNow);
    const kiritimati = await collectionsReport(database.prisma, ahead.workspace.id, testNow);
    expect(honolulu.today.toISOString().slice(0, 10)).toBe("2026-11-20");
    expect(kiritimati.today.toISOString().slice(0, 10)).toBe("2026-11-21");
    const usd = (report: typeof honolulu) => report.aging.find((row) => row.currency === "USD")!.buckets;
    expect(usd(honolulu)).toEqual({ current: 0, "1-30": 120_000, "31-60": 0, "61-90": 0, "90+": 100_000 });
    expect(usd(kiritimati)).toEqual({ current: 0, "1-30": 0, "31-60": 120_000, "61-90": 0, "90+": 100_000 });
    expect(honolulu.aging.find((row) => row.currency === "EUR")).toEqual({
      currency: "EUR",
      buckets: { current: 120_000, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0 },
      total: 120_000,
    });
    // What came in this week: the part payment.
    expect(honolulu.received).toEqual([{ currency: "USD", amount: 20_000, payments: 1 }]);

    const csv = agingCsv(kiritimati).split("\r\n");
    expect(csv[0]).toBe("Invoice,Customer,Currency,Issued,Due,Days overdue,Age,Balance due,Engagement,Reasons");
    expect(csv).toContain(`${ahead.edge.number},"Acme, Inc.",USD,2026-10-01,2026-10-21,31,31-60,1200.00,Not opened,`);
    expect(csv).toContain(`${ahead.partly.number},"Acme, Inc.",USD,2026-06-01,2026-07-01,143,90+,1000.00,Not opened,`);
  });

  it("lists what is due this week and how each customer pays", async () => {
    const db = database.prisma;
    const workspace = await aWorkspace(db, { timezone: "UTC" });
    const slow = await aCustomer(db, workspace.id, { name: "Slow Ltd" });
    const quick = await aCustomer(db, workspace.id, { name: "Quick GmbH" });
    const paid = async (customerId: string, issueDate: string, dueDate: string, paidAt: string) => {
      const invoice = await anInvoice(db, workspace.id, customerId, { issueDate, dueDate });
      await recordManualPayment(
        db,
        { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "Bank transfer", paidAt: new Date(paidAt) },
        testNow,
      );
    };
    await paid(slow.id, "2026-08-01", "2026-08-31", "2026-09-30T12:00:00Z"); // 60 days to pay, 30 late
    await paid(slow.id, "2026-09-01", "2026-10-01", "2026-10-11T12:00:00Z"); // 40 days, 10 late
    await paid(quick.id, "2026-09-01", "2026-10-01", "2026-09-06T12:00:00Z"); // 5 days
    const dueSoon = await anInvoice(db, workspace.id, quick.id, { issueDate: "2026-11-01", dueDate: "2026-11-27" });
    await anInvoice(db, workspace.id, quick.id, { issueDate: "2026-11-01", dueDate: "2026-11-28" });

    const report = await collectionsReport(db, workspace.id, testNow);
    expect(report.dueThisWeek.map((invoice) => invoice.number)).toEqual([dueSoon.number]);
    expect(report.customers).toEqual([
      { customerId: slow.id, name: "Slow Ltd", paid: 2, averageDaysToPay: 50, paidLate: 2 },
      { customerId: quick.id, name: "Quick GmbH", paid: 1, averageDaysToPay: 5, paidLate: 0 },
    ]);
  });

  it("counts the days to pay by the calendar of the workspace's timezone", async () => {
    const db = database.prisma;
    const workspace = await aWorkspace(db, { timezone: "Pacific/Kiritimati" }); // UTC+14
    const customer = await aCustomer(db, workspace.id, { name: "Late Evening Ltd" });
    const invoice = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-09-01", dueDate: "2026-09-05" });
    // 11:00 UTC on 5 September is already 1:00 on 6 September in Kiritimati: 5 days to pay, 1 late.
    await recordManualPayment(
      db,
      { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "Bank transfer", paidAt: new Date("2026-09-05T11:00:00Z") },
      testNow,
    );
    const report = await collectionsReport(db, workspace.id, testNow);
    expect(report.customers).toEqual([{ customerId: customer.id, name: "Late Evening Ltd", paid: 1, averageDaysToPay: 5, paidLate: 0 }]);
  });
});
