import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aVendor } from "#tests/fixtures.ts";
import { IllegalTransitionError, ValidationError } from "./errors.ts";
import { createInvoice, issueInvoice, markUncollectible, recordManualPayment, voidInvoice } from "./invoices.server.ts";
import { testNow } from "#tests/clock.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

describe("createInvoice", () => {
  it("numbers invoices per workspace with the prefix, computes totals and defaults dates from terms", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { invoicePrefix: "ACME-", paymentTermsDays: 14, defaultCurrency: "EUR" });
    const first = await createInvoice(
      db,
      workspace.id,
      {
        customerId: customer.id,
        issueDate: "2026-11-01",
        taxRateBps: 2000,
        lines: [
          { productName: "Logo", quantity: 1, unitAmount: 50_000 },
          { productName: "Hours", description: "Revisions", quantity: 2.5, unitAmount: 8_001 },
        ],
      },
      testNow,
    );
    const second = await anInvoice(db, workspace.id, customer.id);
    expect(first.number).toBe("ACME-0001");
    expect(second.number).toBe("ACME-0002");
    expect(first).toMatchObject({ currency: "EUR", subtotal: 70_003, taxAmount: 14_001, total: 84_004, status: "open" });
    expect(first.dueDate.toISOString().slice(0, 10)).toBe("2026-11-15");
    expect(first.lines.map((line) => line.amount)).toEqual([50_000, 20_003]);

    const other = await aVendor(db);
    expect((await anInvoice(db, other.workspace.id, other.customer.id)).number).toBe("INV-0001");
  });

  it("rejects bad input with a message per field and creates nothing", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const attempt = createInvoice(
      db,
      workspace.id,
      {
        customerId: customer.id,
        currency: "XYZ",
        issueDate: "2026-11-10",
        dueDate: "2026-11-01",
        lines: [],
      },
      testNow,
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      issues: { currency: expect.stringContaining("XYZ is not an ISO 4217"), lines: "An invoice needs at least one line item" },
    });
    const bad = (lines: unknown) => createInvoice(db, workspace.id, { customerId: customer.id, lines } as never, testNow);
    await expect(bad([{ productName: "X", quantity: 1, unitAmount: -5 }])).rejects.toMatchObject({
      issues: { "lines.0.unitAmount": "Unit price cannot be negative" },
    });
    await expect(bad([{ productName: "X", quantity: 1, unitAmount: 5_000_000_000 }])).rejects.toMatchObject({
      issues: { "lines.0.unitAmount": "Unit price is too large" },
    });
    await expect(bad([{ productName: "", quantity: 1, unitAmount: 5 }])).rejects.toMatchObject({
      issues: { "lines.0.productName": "Product name is required" },
    });
    await expect(bad([{ productName: "x".repeat(201), quantity: 1, unitAmount: 5 }])).rejects.toMatchObject({
      issues: { "lines.0.productName": "Product name must be at most 200 characters" },
    });
    await expect(
      createInvoice(
        db,
        workspace.id,
        { customerId: customer.id, issueDate: "2026-11-10", dueDate: "2026-11-01", lines: [{ productName: "X", quantity: 1, unitAmount: 1 }] },
        testNow,
      ),
    ).rejects.toMatchObject({ issues: { dueDate: "Due date cannot be before the issue date" } });
    expect(await db.invoice.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // A failed creation does not use up a number.
    expect((await anInvoice(db, workspace.id, customer.id)).number).toBe("INV-0001");
  });

  it("refuses another workspace's customer", async () => {
    const db = database.prisma;
    const mine = await aVendor(db);
    const theirs = await aVendor(db);
    await expect(anInvoice(db, mine.workspace.id, theirs.customer.id)).rejects.toMatchObject({
      issues: { customerId: "No such customer in this workspace" },
    });
  });

  it("gives 50 concurrent creations 50 distinct consecutive numbers", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const invoices = await Promise.all(Array.from({ length: 50 }, () => anInvoice(db, workspace.id, customer.id)));
    const numbers = invoices.map((invoice) => invoice.number).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-${String(i + 1).padStart(4, "0")}`));
  });
});

describe("status machine", () => {
  async function draft() {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const invoice = await anInvoice(db, workspace.id, customer.id, { issue: false });
    return { db, workspaceId: workspace.id, invoice };
  }

  it("draft → open → paid through a recorded payment only", async () => {
    const { db, workspaceId, invoice } = await draft();
    expect(invoice.status).toBe("draft");
    await expect(recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 100, method: "cash" }, testNow)).rejects.toThrow(
      "is draft and cannot become paid",
    );
    expect((await issueInvoice(db, workspaceId, invoice.id, testNow)).status).toBe("open");
    const partial = await recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 20_000, method: "bank transfer" }, testNow);
    expect(partial.invoice).toMatchObject({ status: "open", amountPaid: 20_000 });
    expect(partial.payment.receiptNumber).toBe(`${invoice.number}-1`);
    await expect(recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 100_001, method: "cash" }, testNow)).rejects.toThrow(
      "more than the balance due ($1,000.00)",
    );
    const rest = await recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 100_000, method: "cash" }, testNow);
    expect(rest.invoice).toMatchObject({ status: "paid", amountPaid: 120_000 });
    expect(rest.invoice.paidAt).toBeInstanceOf(Date);
    await expect(voidInvoice(db, workspaceId, invoice.id, testNow)).rejects.toThrow("is paid and cannot become void (paid is final)");
  });

  it("draft → void, and void is final", async () => {
    const { db, workspaceId, invoice } = await draft();
    expect((await voidInvoice(db, workspaceId, invoice.id, testNow)).status).toBe("void");
    await expect(issueInvoice(db, workspaceId, invoice.id, testNow)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 1, method: "cash" }, testNow)).rejects.toThrow(
      "is void and cannot become paid",
    );
  });

  it("open → uncollectible → paid or void; draft cannot be uncollectible", async () => {
    const { db, workspaceId, invoice } = await draft();
    await expect(markUncollectible(db, workspaceId, invoice.id, testNow)).rejects.toThrow(
      "is draft and cannot become uncollectible (a draft invoice can become open or void)",
    );
    await issueInvoice(db, workspaceId, invoice.id, testNow);
    expect((await markUncollectible(db, workspaceId, invoice.id, testNow)).status).toBe("uncollectible");
    const paid = await recordManualPayment(db, { workspaceId, invoiceId: invoice.id, amount: 120_000, method: "cheque" }, testNow);
    expect(paid.invoice.status).toBe("paid");

    const second = await draft();
    await issueInvoice(second.db, second.workspaceId, second.invoice.id, testNow);
    await markUncollectible(second.db, second.workspaceId, second.invoice.id, testNow);
    expect((await voidInvoice(second.db, second.workspaceId, second.invoice.id, testNow)).status).toBe("void");
  });

  it("open cannot go back to draft-only transitions like issue again", async () => {
    const { db, workspaceId, invoice } = await draft();
    await issueInvoice(db, workspaceId, invoice.id, testNow);
    await expect(issueInvoice(db, workspaceId, invoice.id, testNow)).rejects.toThrow("is open and cannot become open");
  });

  it("does not touch another workspace's invoice", async () => {
    const { db, invoice } = await draft();
    const stranger = await aVendor(db);
    await expect(voidInvoice(db, stranger.workspace.id, invoice.id, testNow)).rejects.toThrow("No such invoice");
    await aCustomer(db, stranger.workspace.id);
  });
});

describe("issuing a draft", () => {
  it("dates a draft issued after its issue date the day it is issued, keeping its payment term; a draft dated today or later keeps its dates", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Pacific/Auckland" });
    const day = (date: Date) => date.toISOString().slice(0, 10);
    // Issued twelve days after the date it was given: dated today in the vendor's timezone, still due 30 days later.
    const stale = await anInvoice(db, workspace.id, customer.id, { issue: false, issueDate: "2026-01-01", dueDate: "2026-01-31" });
    const later = new Date(Date.UTC(2026, 0, 12, 12)); // 13 January in Auckland
    await issueInvoice(db, workspace.id, stale.id, later);
    const issued = await db.invoice.findUniqueOrThrow({ where: { id: stale.id } });
    expect([day(issued.issueDate), day(issued.dueDate), issued.status]).toEqual(["2026-01-13", "2026-02-12", "open"]);

    // Dated the day it is issued (or later): unchanged.
    const current = await anInvoice(db, workspace.id, customer.id, { issue: false, issueDate: "2026-01-13", dueDate: "2026-01-20" });
    await issueInvoice(db, workspace.id, current.id, later);
    const kept = await db.invoice.findUniqueOrThrow({ where: { id: current.id } });
    expect([day(kept.issueDate), day(kept.dueDate)]).toEqual(["2026-01-13", "2026-01-20"]);
  });
});
