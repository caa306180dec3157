import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { anInvoice, aVendor, inParts } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { IllegalTransitionError, ValidationError } from "./errors.ts";
import { addMonths, allocatePayments, evenParts, nextPart, splitIssues } from "./instalments.ts";
import { clearInstalments, detectInstalmentNotices, instalmentsOf, splitInvoice, type PartInput } from "./instalments.server.ts";
import { recordManualPayment, voidInvoice } from "./invoices.server.ts";
import { detectOverdue } from "./overdue.server.ts";
import { detectClientReminders } from "./reminders.server.ts";
import { chooseAmount, paymentOptions } from "./payment-options.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("instalments, pure", () => {
  const parts = [
    { position: 1, amount: 30_000, dueDate: day("2026-11-25") },
    { position: 2, amount: 40_000, dueDate: day("2026-12-25") },
    { position: 3, amount: 30_000, dueDate: day("2027-01-25") },
  ];

  it("allocates payments to the parts in order, and says which is next, late or scheduled", () => {
    const states = (paid: number, today: string) => allocatePayments(parts, paid, day(today)).map((part) => [part.paid, part.state, part.daysLate]);
    expect(states(0, "2026-11-21")).toEqual([
      [0, "due", 0],
      [0, "upcoming", 0],
      [0, "upcoming", 0],
    ]);
    // One payment covering the first part and some of the second.
    expect(states(45_000, "2026-11-30")).toEqual([
      [30_000, "paid", 0],
      [15_000, "due", 0],
      [0, "upcoming", 0],
    ]);
    // Late from the day after its due date; the next part still scheduled.
    expect(states(10_000, "2026-11-27")).toEqual([
      [10_000, "overdue", 2],
      [0, "upcoming", 0],
      [0, "upcoming", 0],
    ]);
    expect(states(100_000, "2027-03-01").every(([, state]) => state === "paid")).toBe(true);
    expect(nextPart(allocatePayments(parts, 45_000, day("2026-11-30")))).toMatchObject({ position: 2, remaining: 25_000 });
  });

  it("refuses parts that do not sum to the total, saying by how much, in minor units", () => {
    const invoice = { total: 100_000, currency: "EUR", issueDate: day("2026-11-21") };
    const two = (a: number, b: number) => [
      { amount: a, dueDate: day("2026-11-21") },
      { amount: b, dueDate: day("2026-12-21") },
    ];
    expect(splitIssues(two(30_000, 70_000), invoice, "de-DE")).toEqual({});
    expect(splitIssues(two(30_000, 69_999), invoice, "en-US")).toEqual({ parts: "The parts add up to €999.99: €0.01 less than the invoice's €1,000.00" });
    expect(splitIssues(two(30_000, 80_000), invoice, "de-DE")).toEqual({
      parts: "The parts add up to 1.100,00\u00a0€: 100,00\u00a0€ more than the invoice's 1.000,00\u00a0€",
    });
    expect(splitIssues([{ amount: 100_000, dueDate: day("2026-11-21") }], invoice)).toEqual({ parts: "Split into at least 2 parts" });
    expect(
      splitIssues(
        [
          { amount: 100_000, dueDate: day("2026-12-21") },
          { amount: 0, dueDate: day("2026-11-21") },
        ],
        invoice,
      ),
    ).toMatchObject({
      "parts.1.amount": "Part 2 must be more than €0.00",
      "parts.1.dueDate": "Part 2 cannot be due before part 1",
    });
  });

  it("splits evenly to the minor unit, monthly from the first due date", () => {
    expect(evenParts(100_000, 3, day("2027-01-31")).map((part) => [part.amount, part.dueDate.toISOString().slice(0, 10)])).toEqual([
      [33_334, "2027-01-31"],
      [33_333, "2027-02-28"],
      [33_333, "2027-03-31"],
    ]);
    expect(evenParts(1_000, 3, day("2026-11-21"), 14).map((part) => part.amount)).toEqual([334, 333, 333]);
    expect(addMonths(day("2028-01-31"), 1)).toEqual(day("2028-02-29"));
  });

  it("Pay charges the next part unless the client chooses the whole balance", () => {
    const allocated = allocatePayments(parts, 10_000, day("2026-11-21"));
    const options = paymentOptions(
      { status: "open", total: 100_000, amountPaid: 10_000, currency: "EUR" },
      { allowPartialPayments: false, minimumPartialAmount: null },
      { configured: true },
      allocated,
    );
    expect([options.suggested, options.balance, options.instalment]).toEqual([20_000, 90_000, { position: 1, count: 3, dueDate: day("2026-11-25") }]);
    expect(chooseAmount(options, null)).toBe(20_000);
    expect(chooseAmount(options, 90_000)).toBe(90_000);
    expect(() => chooseAmount(options, 5_000)).toThrow(ValidationError);
    // Not split: the balance, as before.
    const whole = paymentOptions(
      { status: "open", total: 100_000, amountPaid: 0, currency: "EUR" },
      { allowPartialPayments: false, minimumPartialAmount: null },
      { configured: true },
    );
    expect([whole.suggested, whole.instalment]).toEqual([100_000, null]);
  });
});

let database: Database;
withTestDatabase((opened) => (database = opened));

describe("splitting an invoice", () => {
  it("stores parts typed in the vendor's locale, replaces an earlier split, and refuses a paid or void invoice", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { locale: "de-DE", defaultCurrency: "EUR" });
    const invoice = await anInvoice(db, workspace.id, customer.id); // 1.200,00 €
    const split = (parts: PartInput[], locale?: string) => splitInvoice(db, { workspaceId: workspace.id, invoiceId: invoice.id, parts, locale }, testNow);
    const refused = await split(
      [
        { amount: "300,00", dueDate: "2026-11-21" },
        { amount: "800,00", dueDate: "2026-12-21" },
      ],
      "de-DE",
    ).catch((error: ValidationError) => error.issues);
    expect(refused).toEqual({ parts: "The parts add up to 1.100,00\u00a0€: 100,00\u00a0€ less than the invoice's 1.200,00\u00a0€" });
    expect(await instalmentsOf(db, invoice.id)).toEqual([]);

    await split(
      [
        { amount: "300,00", dueDate: "2026-11-21" },
        { amount: "900,00", dueDate: "2026-12-21" },
      ],
      "de-DE",
    );
    await split(evenParts(invoice.total, 3, day("2026-11-30")));
    expect((await instalmentsOf(db, invoice.id)).map((part) => [part.position, part.amount])).toEqual([
      [1, 40_000],
      [2, 40_000],
      [3, 40_000],
    ]);
    expect(await db.outboxEvent.count({ where: { aggregateId: invoice.id, type: "invoice.changed" } })).toBe(2);
    await clearInstalments(db, workspace.id, invoice.id, testNow);
    expect(await instalmentsOf(db, invoice.id)).toEqual([]);

    await voidInvoice(db, workspace.id, invoice.id, testNow);
    await expect(split(evenParts(invoice.total, 2, day("2026-11-30")))).rejects.toThrow(IllegalTransitionError);
  });

  it("alerts the team and reminds the client per part, once each, while the invoice-wide checks leave it alone", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Europe/Paris" });
    await db.workspace.update({ where: { id: workspace.id }, data: { alertChannelId: "C0ALERTS" } });
    // Issued Nov 1, due Dec 31 as a whole; split into a deposit due Nov 10 and the rest due Dec 10.
    const invoice = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-11-01", dueDate: "2026-12-31" });
    await inParts(db, invoice, [
      [36_000, "2026-11-10"],
      [84_000, "2026-12-10"],
    ]);
    const events = async () =>
      (
        await db.outboxEvent.findMany({
          where: { workspaceId: workspace.id, type: { in: ["invoice.overdue", "invoice.reminder"] } },
          orderBy: { sequence: "asc" },
        })
      ).map((event) => [event.type, event.payload]);
    const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

    // Nov 21: the deposit is 11 days late (level 7); its reminder step 7 is the latest reached.
    await Promise.all([detectInstalmentNotices(db, at("2026-11-21")), detectInstalmentNotices(db, at("2026-11-21"))]);
    await detectOverdue(db, at("2026-11-21"));
    await detectClientReminders(db, at("2026-11-21"));
    expect(await events()).toEqual([
      ["invoice.overdue", { invoiceId: invoice.id, daysLate: 11, instalment: 1 }],
      ["invoice.reminder", { invoiceId: invoice.id, step: 7, instalment: 1 }],
    ]);

    // The deposit is paid; the second part goes its own way: 3 days before, then late.
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 36_000, method: "bank transfer" }, at("2026-11-22"));
    await detectInstalmentNotices(db, at("2026-11-30"));
    await detectInstalmentNotices(db, at("2026-12-07"));
    await detectInstalmentNotices(db, at("2026-12-11"));
    await detectInstalmentNotices(db, at("2026-12-11"));
    expect((await events()).slice(2)).toEqual([
      ["invoice.reminder", { invoiceId: invoice.id, step: -3, instalment: 2 }],
      ["invoice.overdue", { invoiceId: invoice.id, daysLate: 1, instalment: 2 }],
      ["invoice.reminder", { invoiceId: invoice.id, step: 1, instalment: 2 }],
    ]);
    // Each reminder is its own email (purpose per part and step).
    expect(await db.delivery.count({ where: { subscriber: "email", event: { workspaceId: workspace.id, type: "invoice.reminder" } } })).toBe(3);

    // Paid in full: nothing more.
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 84_000, method: "bank transfer" }, at("2026-12-12"));
    await detectInstalmentNotices(db, at("2026-12-30"));
    expect(await events()).toHaveLength(5);
  });
});
