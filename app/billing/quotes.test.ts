import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aVendor } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { updateWorkspaceSettings } from "./workspaces.server.ts";
import {
  acceptQuote,
  createQuote,
  declineQuote,
  detectQuoteExpiry,
  invoiceQuoteRest,
  quoteStatus,
  sendQuote,
  withdrawQuote,
  type QuotePartLabel,
} from "./quotes.server.ts";
import type { CreateQuoteInput } from "./quote-input.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

const dayMs = 86_400_000;
const label: QuotePartLabel = (part, { quoteNumber, percentBps }) => `${part} ${percentBps / 100}% of ${quoteNumber}`;
const client = { name: "Ada Lovelace", termsAccepted: false, ip: "203.0.113.7" };

async function vendorWithQuote(input: Partial<CreateQuoteInput> = {}, settings: Parameters<typeof updateWorkspaceSettings>[2] = {}) {
  const db = database.prisma;
  const { workspace, customer } = await aVendor(db, { defaultCurrency: "EUR" });
  if (Object.keys(settings).length) await updateWorkspaceSettings(db, workspace.id, settings);
  const quote = await createQuote(
    db,
    workspace.id,
    {
      customerId: customer.id,
      issueDate: "2026-11-21",
      validUntil: "2026-12-05",
      lines: [{ productName: "Website", quantity: 1, unitAmount: 100_000 }],
      ...input,
    },
    testNow,
  );
  const scope = { workspaceId: workspace.id, customerId: customer.id, quoteId: quote.id };
  return { db, workspace, customer, quote, scope };
}

const eventsOf = (aggregateId: string) => database.prisma.outboxEvent.findMany({ where: { aggregateId }, orderBy: { sequence: "asc" } });

describe("createQuote", () => {
  it("numbers quotes in their own series, prices them like invoices and sends them", async () => {
    const { db, workspace, customer, quote } = await vendorWithQuote({
      taxRateBps: 2000,
      discountBps: 1000,
      lines: [
        { productName: "Logo", quantity: 1, unitAmount: 50_000 },
        { productName: "Hours", quantity: 2.5, unitAmount: 8_001, taxRateBps: 700 },
      ],
    });
    expect(quote).toMatchObject({ number: "Q-0001", status: "sent", currency: "EUR", subtotal: 70_003, discountAmount: 7_000 });
    expect(quote.total).toBe(quote.subtotal - quote.discountAmount + quote.taxAmount);
    expect(quote.validUntil.toISOString().slice(0, 10)).toBe("2026-12-05");
    const second = await createQuote(
      db,
      workspace.id,
      { customerId: customer.id, lines: [{ productName: "x", quantity: 1, unitAmount: 1 }], send: false },
      testNow,
    );
    expect(second).toMatchObject({ number: "Q-0002", status: "draft", sentAt: null });
    // The default validity is the workspace's quote validity (30 days).
    expect(second.validUntil.toISOString().slice(0, 10)).toBe("2026-12-21");
    // Invoices keep their own series.
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).lastInvoiceNumber).toBe(0);
    expect((await eventsOf(quote.id)).map((event) => event.type)).toEqual(["quote.created", "quote.sent"]);
  });

  it("names the validity date in its mistakes and creates nothing", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const attempt = createQuote(db, workspace.id, { customerId: customer.id, issueDate: "2026-11-21", validUntil: "2026-11-01", lines: [] }, testNow);
    await expect(attempt).rejects.toMatchObject({
      issues: { validUntil: "Valid until cannot be before the issue date", lines: "A quote needs at least one line item" },
    });
    await expect(
      createQuote(db, workspace.id, { customerId: customer.id, depositBps: 10_000, lines: [{ productName: "x", quantity: 1, unitAmount: 1 }] }, testNow),
    ).rejects.toMatchObject({
      issues: { depositBps: expect.stringContaining("at most 99%") },
    });
    expect(await db.quote.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("gives 50 concurrent creations 50 distinct consecutive numbers", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    await updateWorkspaceSettings(db, workspace.id, { quotePrefix: "OF-" });
    const quotes = await Promise.all(
      Array.from({ length: 50 }, () =>
        createQuote(db, workspace.id, { customerId: customer.id, lines: [{ productName: "x", quantity: 1, unitAmount: 100 }] }, testNow),
      ),
    );
    expect(quotes.map((quote) => quote.number).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `OF-${String(i + 1).padStart(4, "0")}`));
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).lastQuoteNumber).toBe(50);
  });
});

describe("quote states", () => {
  it("draft → sent → withdrawn, and nothing after", async () => {
    const { db, workspace, quote } = await vendorWithQuote({ send: false });
    expect(quote.status).toBe("draft");
    expect((await sendQuote(db, workspace.id, quote.id, testNow)).status).toBe("sent");
    await expect(sendQuote(db, workspace.id, quote.id, testNow)).rejects.toThrow("only a draft is sent");
    expect((await withdrawQuote(db, workspace.id, quote.id, testNow)).status).toBe("withdrawn");
    await expect(withdrawQuote(db, workspace.id, quote.id, testNow)).rejects.toThrow("is withdrawn and cannot be withdrawn");
    expect((await eventsOf(quote.id)).map((event) => event.type)).toEqual(["quote.created", "quote.sent", "quote.withdrawn"]);
  });

  it("a draft can be withdrawn, not accepted", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote({ send: false });
    await expect(acceptQuote(db, scope, client, testNow, label)).rejects.toThrow("No such quote");
    expect((await withdrawQuote(db, workspace.id, quote.id, testNow)).status).toBe("withdrawn");
  });

  it("sent → accepted: records name, time and address, makes and issues the invoice once, and refuses a second acceptance", async () => {
    const { db, quote, scope } = await vendorWithQuote({ notes: "Two rounds of changes" });
    const { invoice } = await acceptQuote(db, scope, client, testNow, label);
    const stored = await db.quote.findUniqueOrThrow({ where: { id: quote.id }, include: { invoices: true } });
    expect(stored).toMatchObject({ status: "accepted", acceptedName: "Ada Lovelace", acceptedIp: "203.0.113.7", acceptedAt: testNow });
    expect(invoice).toMatchObject({
      status: "open",
      total: quote.total,
      currency: "EUR",
      notes: "Two rounds of changes",
      poNumber: quote.number,
      quotePart: "whole",
    });
    expect(stored.invoices.map((row) => row.id)).toEqual([invoice!.id]);
    await expect(acceptQuote(db, scope, client, testNow, label)).rejects.toMatchObject({ refusal: "accepted" });
    await expect(declineQuote(db, scope, "changed my mind", testNow)).rejects.toMatchObject({ refusal: "accepted" });
    const invoiceEvents = (await eventsOf(invoice!.id)).map((event) => event.type);
    expect(invoiceEvents).toEqual(["invoice.created", "invoice.issued"]);
    expect((await eventsOf(quote.id)).at(-1)).toMatchObject({ type: "quote.accepted", payload: { quoteId: quote.id, invoiceId: invoice!.id } });
  });

  it("sent → declined with the reason; declined cannot be accepted", async () => {
    const { db, quote, scope } = await vendorWithQuote();
    const declined = await declineQuote(db, scope, "  Over our budget  ", testNow);
    expect(declined).toMatchObject({ status: "declined", declineReason: "Over our budget" });
    await expect(acceptQuote(db, scope, client, testNow, label)).rejects.toMatchObject({ refusal: "declined" });
    expect((await eventsOf(quote.id)).at(-1)).toMatchObject({ type: "quote.declined", payload: { quoteId: quote.id, reason: "Over our budget" } });
  });

  it("bumps the customer's portal version when a quote is answered, so a kept portal home is drawn again (decision 115)", async () => {
    const { db, customer, scope } = await vendorWithQuote();
    const version = async () => (await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).portalVersion;
    const before = await version();
    await declineQuote(db, scope, null, testNow);
    expect(await version()).toBeGreaterThan(before);
  });

  it("a withdrawn quote is refused in words", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote();
    await withdrawQuote(db, workspace.id, quote.id, testNow);
    await expect(acceptQuote(db, scope, client, testNow, label)).rejects.toThrow(`Quote ${quote.number} was withdrawn by the vendor.`);
  });

  it("asks for the name, and for the vendor's terms when set", async () => {
    const { db, quote, scope } = await vendorWithQuote({}, { quoteTerms: "50% up front; the rest on delivery." });
    await expect(acceptQuote(db, scope, { ...client, name: "   " }, testNow, label)).rejects.toMatchObject({ refusal: "name" });
    await expect(acceptQuote(db, scope, client, testNow, label)).rejects.toMatchObject({ refusal: "terms" });
    await acceptQuote(db, scope, { ...client, termsAccepted: true }, testNow, label);
    expect(await db.quote.findUniqueOrThrow({ where: { id: quote.id } })).toMatchObject({ acceptedTerms: "50% up front; the rest on delivery." });
  });

  it("only the customer of the link acts on it", async () => {
    const { db, scope } = await vendorWithQuote();
    const other = await aVendor(db);
    await expect(acceptQuote(db, { ...scope, customerId: other.customer.id }, client, testNow, label)).rejects.toThrow("No such quote");
    await expect(declineQuote(db, { ...scope, workspaceId: other.workspace.id }, null, testNow)).rejects.toThrow("No such quote");
  });
});

describe("every state's way out", () => {
  /** A quote brought to each state the client or the vendor can leave it in. */
  const inState = {
    accepted: async () => {
      const made = await vendorWithQuote();
      await acceptQuote(made.db, made.scope, client, testNow, label);
      return made;
    },
    declined: async () => {
      const made = await vendorWithQuote();
      await declineQuote(made.db, made.scope, null, testNow);
      return made;
    },
    expired: async () => {
      const made = await vendorWithQuote({ validUntil: "2026-11-22" });
      await detectQuoteExpiry(made.db, new Date(testNow.getTime() + 2 * dayMs));
      return made;
    },
    withdrawn: async () => {
      const made = await vendorWithQuote();
      await withdrawQuote(made.db, made.workspace.id, made.quote.id, testNow);
      return made;
    },
  };

  it.each(Object.keys(inState) as (keyof typeof inState)[])("%s is final: it cannot be sent, withdrawn, accepted or declined", async (state) => {
    const { db, workspace, quote, scope } = await inState[state]();
    const before = await db.quote.findUniqueOrThrow({ where: { id: quote.id } });
    expect(before.status).toBe(state);
    const later = new Date(testNow.getTime() + 2 * dayMs);
    await expect(sendQuote(db, workspace.id, quote.id, later)).rejects.toThrow("only a draft is sent");
    await expect(withdrawQuote(db, workspace.id, quote.id, later)).rejects.toThrow(`is ${state} and cannot be withdrawn`);
    await expect(acceptQuote(db, scope, client, later, label)).rejects.toMatchObject({ refusal: state });
    await expect(declineQuote(db, scope, "too late", later)).rejects.toMatchObject({ refusal: state });
    expect(await db.quote.findUniqueOrThrow({ where: { id: quote.id } })).toEqual(before);
  });

  it("a client accepting while another declines, or while the vendor withdraws: one of them, never both", async () => {
    const declining = await vendorWithQuote();
    const [accepted, declined] = await Promise.allSettled([
      acceptQuote(declining.db, declining.scope, client, testNow, label),
      declineQuote(declining.db, declining.scope, "No", testNow),
    ]);
    expect([accepted.status, declined.status].sort()).toEqual(["fulfilled", "rejected"]);
    const answered = await declining.db.quote.findUniqueOrThrow({ where: { id: declining.quote.id }, include: { invoices: true } });
    expect(answered.invoices).toHaveLength(answered.status === "accepted" ? 1 : 0);
    expect(await declining.db.outboxEvent.count({ where: { aggregateId: declining.quote.id, type: { in: ["quote.accepted", "quote.declined"] } } })).toBe(1);

    const withdrawing = await vendorWithQuote();
    const outcomes = await Promise.allSettled([
      acceptQuote(withdrawing.db, withdrawing.scope, client, testNow, label),
      withdrawQuote(withdrawing.db, withdrawing.workspace.id, withdrawing.quote.id, testNow),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const final = await withdrawing.db.quote.findUniqueOrThrow({ where: { id: withdrawing.quote.id }, include: { invoices: true } });
    expect(["accepted", "withdrawn"]).toContain(final.status);
    expect(final.invoices).toHaveLength(final.status === "accepted" ? 1 : 0);
  });
});

describe("follow-up on acceptance", () => {
  it("makes a draft invoice, or nothing, as the workspace chose", async () => {
    const drafted = await vendorWithQuote({}, { quoteFollowUp: "draft" });
    expect((await acceptQuote(drafted.db, drafted.scope, client, testNow, label)).invoice).toMatchObject({ status: "draft", issuedAt: null });
    const none = await vendorWithQuote({}, { quoteFollowUp: "none" });
    expect((await acceptQuote(none.db, none.scope, client, testNow, label)).invoice).toBeNull();
    expect(await none.db.invoice.count({ where: { workspaceId: none.workspace.id } })).toBe(0);
  });

  it("invoices a deposit first, then the rest once; the two add up to the quote per tax rate", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote({
      depositBps: 3000,
      discountBps: 500,
      lines: [
        { productName: "Design", quantity: 3, unitAmount: 33_333, taxRateBps: 2000 },
        { productName: "Books", quantity: 1, unitAmount: 10_001, taxRateBps: 700 },
      ],
    });
    const { invoice: deposit } = await acceptQuote(db, scope, client, testNow, label);
    expect(deposit).toMatchObject({ status: "open", quotePart: "deposit" });
    expect(deposit!.lines.map((line) => [line.productName, line.taxRateBps])).toEqual([
      [`deposit 30% of ${quote.number}`, 700],
      [`deposit 30% of ${quote.number}`, 2000],
    ]);
    const rest = await invoiceQuoteRest(db, workspace.id, quote.id, testNow, label, "slack:U1");
    expect(rest).toMatchObject({ status: "open", quotePart: "rest" });
    expect(rest.lines[0]!.productName).toBe(`rest 70% of ${quote.number}`);
    expect(deposit!.subtotal + rest.subtotal).toBe(quote.subtotal - quote.discountAmount);
    expect(Math.abs(deposit!.total + rest.total - quote.total)).toBeLessThanOrEqual(2);
    await expect(invoiceQuoteRest(db, workspace.id, quote.id, testNow, label)).rejects.toThrow(`already on invoice ${rest.number}`);
  });

  it("two tabs accepting at once: exactly one acceptance and one invoice", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote({ depositBps: 2500 });
    const results = await Promise.allSettled([
      acceptQuote(db, scope, { ...client, name: "Tab one" }, testNow, label),
      acceptQuote(db, scope, { ...client, name: "Tab two" }, testNow, label),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ refusal: "accepted" });
    expect(await db.invoice.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { aggregateId: quote.id, type: "quote.accepted" } })).toBe(1);
  });

  it("two clicks on Invoice the rest make one invoice", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote({ depositBps: 5000 });
    await acceptQuote(db, scope, client, testNow, label);
    const results = await Promise.allSettled([0, 1].map(() => invoiceQuoteRest(db, workspace.id, quote.id, testNow, label)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.invoice.count({ where: { quoteId: quote.id } })).toBe(2);
  });
});

describe("expiry", () => {
  it("reads a sent quote past its last valid day as expired, refuses it, and the job marks it once", async () => {
    const { db, workspace, quote, scope } = await vendorWithQuote({ validUntil: "2026-11-25" });
    const lastDay = new Date(Date.parse("2026-11-25T23:00:00Z"));
    const dayAfter = new Date(Date.parse("2026-11-26T10:00:00Z"));
    expect(quoteStatus(quote, lastDay, workspace.timezone)).toBe("sent");
    expect(quoteStatus(quote, dayAfter, workspace.timezone)).toBe("expired");
    await expect(acceptQuote(db, scope, client, dayAfter, label)).rejects.toMatchObject({ refusal: "expired" });
    await expect(declineQuote(db, scope, null, dayAfter)).rejects.toMatchObject({ refusal: "expired" });

    expect(await detectQuoteExpiry(db, dayAfter)).toMatchObject({ expired: 1 });
    expect(await detectQuoteExpiry(db, new Date(dayAfter.getTime() + dayMs))).toMatchObject({ expired: 0 });
    expect(await db.quote.findUniqueOrThrow({ where: { id: quote.id } })).toMatchObject({ status: "expired", expiredAt: dayAfter });
    expect(await db.outboxEvent.count({ where: { aggregateId: quote.id, type: "quote.expired" } })).toBe(1);
    await expect(acceptQuote(db, scope, client, dayAfter, label)).rejects.toThrow(`Quote ${quote.number} has expired.`);
  });

  it("follows the workspace's timezone for the last valid day", async () => {
    const { db, workspace, quote } = await vendorWithQuote({ validUntil: "2026-11-25" });
    await updateWorkspaceSettings(db, workspace.id, { timezone: "Pacific/Auckland" });
    // 11:00 UTC on the 25th is already the 26th in Auckland.
    const at = new Date(Date.parse("2026-11-25T11:30:00Z"));
    expect(quoteStatus(quote, at, "Pacific/Auckland")).toBe("expired");
    expect(quoteStatus(quote, at, "UTC")).toBe("sent");
  });

  it("warns once when a sent quote is in its last days, and never for an answered one", async () => {
    const { db, quote } = await vendorWithQuote({ validUntil: "2026-11-30" });
    const answered = await vendorWithQuote({ validUntil: "2026-11-30" });
    await declineQuote(answered.db, answered.scope, null, testNow);
    expect(await db.outboxEvent.count({ where: { aggregateId: quote.id, type: "quote.expiring" } })).toBe(0);
    // Five days before: too early. Three days before: the alert, once, however often the job runs.
    await detectQuoteExpiry(db, new Date(Date.parse("2026-11-25T10:00:00Z")));
    expect(await db.outboxEvent.count({ where: { aggregateId: quote.id, type: "quote.expiring" } })).toBe(0);
    await Promise.all([0, 1, 2].map(() => detectQuoteExpiry(db, new Date(Date.parse("2026-11-27T10:00:00Z")))));
    await detectQuoteExpiry(db, new Date(Date.parse("2026-11-29T10:00:00Z")));
    expect(await db.outboxEvent.findMany({ where: { aggregateId: quote.id, type: "quote.expiring" }, select: { payload: true } })).toEqual([
      { payload: { quoteId: quote.id, validUntil: "2026-11-30" } },
    ]);
    expect(await db.outboxEvent.count({ where: { aggregateId: answered.quote.id, type: "quote.expiring" } })).toBe(0);
  });
});
