import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import { ValidationError } from "./errors.ts";
import { applyRefund, recordManualPayment, voidInvoice } from "./invoices.server.ts";
import { customerStatement, statementFigures, type LedgerItem } from "./statement.server.ts";

const day = (text: string) => parseCalendarDate(text)!;
const item = (date: string, kind: LedgerItem["kind"], invoiceNumber: string, amount: number, reference: string | null = null): LedgerItem => ({
  date: day(date),
  kind,
  invoiceNumber,
  reference,
  amount,
});

describe("statement figures", () => {
  const ledger = [
    item("2026-03-10", "invoice", "INV-0001", 50_000),
    item("2026-04-02", "payment", "INV-0001", -30_000, "INV-0001-1"),
    item("2026-05-01", "invoice", "INV-0002", 12_000),
    item("2026-05-01", "payment", "INV-0001", -20_000, "INV-0001-2"),
    item("2026-05-20", "invoice", "INV-0003", 7_500),
    item("2026-06-30", "credit", "INV-0003", -7_500),
    item("2026-07-01", "invoice", "INV-0004", 9_900),
  ];

  it("carries what was owed before the period as the opening balance and runs the balance through it", () => {
    const figures = statementFigures(ledger, day("2026-05-01"), day("2026-06-30"));
    expect(figures.opening).toBe(50_000 - 30_000);
    // Same day: the invoice comes before the payment.
    expect(figures.entries.map((entry) => [entry.invoiceNumber, entry.kind, entry.balance])).toEqual([
      ["INV-0002", "invoice", 32_000],
      ["INV-0001", "payment", 12_000],
      ["INV-0003", "invoice", 19_500],
      ["INV-0003", "credit", 12_000],
    ]);
    expect(figures).toMatchObject({ invoiced: 19_500, paid: 20_000, credited: 7_500, closing: 12_000 });
    expect(figures.closing).toBe(figures.opening + figures.invoiced - figures.paid - figures.credited);
  });

  it("includes both ends of the period, and an empty period keeps the balance", () => {
    expect(statementFigures(ledger, day("2026-03-10"), day("2026-03-10")).entries).toHaveLength(1);
    expect(statementFigures(ledger, day("2026-07-01"), day("2026-07-01")).closing).toBe(12_000 + 9_900);
    const quiet = statementFigures(ledger, day("2026-08-01"), day("2026-08-31"));
    expect(quiet).toMatchObject({ opening: 21_900, entries: [], closing: 21_900 });
  });
});

describe("customerStatement", () => {
  let database: Database;
  withTestDatabase((opened) => (database = opened));

  it("builds the client's ledger in one currency from invoices, payments net of refunds and voided invoices", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Pacific/Auckland" });
    const early = await anInvoice(db, workspace.id, customer.id, {
      issueDate: "2026-09-01",
      dueDate: "2026-10-01",
      currency: "EUR",
      lines: [{ productName: "A", quantity: 1, unitAmount: 40_000 }],
    });
    const later = await anInvoice(db, workspace.id, customer.id, {
      issueDate: "2026-11-02",
      dueDate: "2026-12-02",
      currency: "EUR",
      lines: [{ productName: "B", quantity: 1, unitAmount: 25_000 }],
    });
    const voided = await anInvoice(db, workspace.id, customer.id, {
      issueDate: "2026-11-03",
      currency: "EUR",
      lines: [{ productName: "C", quantity: 1, unitAmount: 5_000 }],
    });
    await anInvoice(db, workspace.id, customer.id, {
      issueDate: "2026-11-04",
      currency: "USD",
      lines: [{ productName: "D", quantity: 1, unitAmount: 99_000 }],
    });
    await anInvoice(db, workspace.id, customer.id, {
      issueDate: "2026-11-05",
      currency: "EUR",
      issue: false,
      lines: [{ productName: "Draft", quantity: 1, unitAmount: 1_000 }],
    });
    // Paid at 20:00 UTC on 31 October: already 1 November in Auckland.
    const paid = await recordManualPayment(
      db,
      { workspaceId: workspace.id, invoiceId: early.id, amount: 15_000, method: "bank transfer", paidAt: new Date("2026-10-31T20:00:00Z") },
      testNow,
    );
    await db.$transaction((tx) => applyRefund(tx, { workspaceId: workspace.id, paymentId: paid.payment.id, totalRefunded: 5_000 }, testNow));
    await voidInvoice(db, workspace.id, voided.id, testNow);

    const statement = await customerStatement(
      db,
      { workspaceId: workspace.id, customerId: customer.id },
      { currency: "EUR", from: "2026-11-01", to: "2026-11-30" },
    );
    expect(statement.opening).toBe(40_000);
    expect(statement.entries.map(({ kind, invoiceNumber, amount, balance }) => ({ kind, invoiceNumber, amount, balance }))).toEqual([
      { kind: "payment", invoiceNumber: early.number, amount: -10_000, balance: 30_000 },
      { kind: "invoice", invoiceNumber: later.number, amount: 25_000, balance: 55_000 },
      { kind: "invoice", invoiceNumber: voided.number, amount: 5_000, balance: 60_000 },
      // Voided at the test's now, 21 November.
      { kind: "credit", invoiceNumber: voided.number, amount: -5_000, balance: 55_000 },
    ]);
    expect(statement.entries[0]!.date.toISOString().slice(0, 10)).toBe("2026-11-01");
    expect(statement.closing).toBe(55_000);
    // What the client owes today is the closing balance of a period ending today.
    const owed = await db.invoice.findMany({ where: { customerId: customer.id, currency: "EUR", status: "open" } });
    expect(owed.reduce((sum, invoice) => sum + invoice.total - invoice.amountPaid, 0)).toBe(statement.closing);
  });

  it("refuses a period that ends before it starts, or a date that does not exist", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const scope = { workspaceId: workspace.id, customerId: customer.id };
    await expect(customerStatement(db, scope, { currency: "USD", from: "2026-12-01", to: "2026-11-01" })).rejects.toBeInstanceOf(ValidationError);
    await expect(customerStatement(db, scope, { currency: "USD", from: "2026-02-30", to: "2026-03-01" })).rejects.toBeInstanceOf(ValidationError);
  });
});
