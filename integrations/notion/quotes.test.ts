import { describe, expect, it } from "vitest";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { acceptQuote, createQuote, declineQuote, detectQuoteExpiry, withdrawQuote } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";
import { anInvoice, inParts } from "#tests/fixtures.ts";
import { mirrorDatabase } from "#tests/notion.ts";
import { testNow } from "#tests/clock.ts";

// Quotes as rows of the invoices' Notion database (decision 121) and instalments on invoice rows
// (decision 131), against the fake Notion.
const mirror = mirrorDatabase();
const dayMs = 86_400_000;

const connectedVendor = () => mirror.connectedVendor({ timezone: "Europe/Paris" });

describe("quotes in the Notion mirror", () => {
  it("writes each quote as a Quote row beside the invoices, and shows acceptance, decline, withdrawal and expiry", async () => {
    const { db, workspace, customer, deliverAll, rows, rowOf, env, advanceDispatcher, dispatcherNow } = await connectedVendor();
    const quote = (validUntil: string, extra: { depositBps?: number; send?: boolean } = {}) =>
      createQuote(
        db,
        workspace.id,
        { customerId: customer.id, issueDate: "2026-11-21", validUntil, lines: [{ productName: "Website", quantity: 1, unitAmount: 400_000 }], ...extra },
        testNow,
      );
    const accepted = await quote("2026-12-05", { depositBps: 3000 });
    const declined = await quote("2026-12-05");
    const expiring = await quote("2026-11-25");
    const draft = await quote("2026-12-05", { send: false });

    await deliverAll();
    expect(rowOf(accepted.id)).toEqual({
      id: expect.any(String),
      Number: accepted.number,
      Type: "Quote",
      Customer: customer.name,
      "Customer email": customer.email,
      Amount: 4000,
      Currency: "USD",
      Status: "Sent",
      Issued: "2026-11-21",
      // A quote's Due is the last day the client can accept it.
      Due: "2026-12-05",
      "Paid on": null,
      "Amount paid": null,
      "Balance due": null,
      Overpaid: null,
      "Portal link": expect.stringMatching(/^http:\/\/remit\.test\/p\/[\w-]+\.[\w-]+\.[\w-]+$/),
      "Last viewed": null,
      Views: null,
      "Last emailed": null,
      "Reminders sent": null,
      "Last reminder": null,
      Engagement: null,
      "At-risk reasons": "",
      "Next part due": null,
      Instalments: "",
      Answer: "",
      "Last change": "",
      "Remit ID": accepted.id,
    });
    expect(rowOf(draft.id)).toMatchObject({ Type: "Quote", Status: "Draft", Issued: null });
    // The link opens the quote as the vendor's preview: opening it from Notion is no client view.
    const token = String(rowOf(accepted.id)!["Portal link"]).split("/p/")[1]!;
    expect(await verifyPortalToken(db, resolveSecrets(env).signingKeys, token, testNow)).toMatchObject({
      ok: true,
      access: { quoteId: accepted.id, preview: true },
    });

    const scope = (quoteId: string) => ({ workspaceId: workspace.id, customerId: customer.id, quoteId });
    const { invoice } = await acceptQuote(db, scope(accepted.id), { name: "Ada Lovelace", termsAccepted: false, ip: "198.51.100.4" }, testNow, quotePartLabel);
    await declineQuote(db, scope(declined.id), "We went with an in-house team.", testNow);
    await withdrawQuote(db, workspace.id, draft.id, testNow);
    await deliverAll();

    expect(rowOf(accepted.id)).toMatchObject({ Status: "Accepted", Answer: "Accepted by Ada Lovelace" });
    expect(rowOf(declined.id)).toMatchObject({ Status: "Declined", Answer: "Declined: We went with an in-house team." });
    expect(rowOf(draft.id)).toMatchObject({ Status: "Withdrawn" });
    // The deposit invoice the acceptance made is an invoice row of its own.
    expect(rowOf(invoice!.id)).toMatchObject({ Type: "Invoice", Number: invoice!.number, Status: "Open", Amount: 1200 });

    // 26 November in Paris: the quote valid until the 25th expires.
    advanceDispatcher(5 * dayMs);
    expect(await detectQuoteExpiry(db, dispatcherNow())).toMatchObject({ expired: 1 });
    await deliverAll();
    expect(rowOf(expiring.id)).toMatchObject({ Status: "Expired", Answer: "" });
    expect(rowOf(accepted.id)).toMatchObject({ Status: "Accepted" });

    // One page per quote and per invoice, however many events each had.
    expect(
      rows()
        .map((row) => row["Remit ID"])
        .sort(),
    ).toEqual([accepted.id, declined.id, expiring.id, draft.id, invoice!.id].sort());
    expect(await db.notionQuotePage.count({ where: { workspaceId: workspace.id, pageId: { not: null } } })).toBe(4);
  });

  it("the backfill writes the quotes made before Notion was connected", async () => {
    const { db, workspace, customer, service, rowOf } = await connectedVendor();
    const quote = await createQuote(
      db,
      workspace.id,
      { customerId: customer.id, issueDate: "2026-11-21", validUntil: "2026-12-05", lines: [{ productName: "Audit", quantity: 2, unitAmount: 50_000 }] },
      testNow,
    );
    const invoice = await anInvoice(db, workspace.id, customer.id);
    await db.delivery.deleteMany();
    expect(await service.status(workspace.id)).toMatchObject({ invoices: 1, mirrored: 0, quotes: 1, mirroredQuotes: 0 });

    const [progress] = await service.backfill({ workspaceId: workspace.id });
    expect(await service.status(workspace.id)).toMatchObject({ invoices: 1, mirrored: 1, quotes: 1, mirroredQuotes: 1 });
    expect(progress).toMatchObject({ total: 2, done: 2, created: 2 });
    expect(rowOf(quote.id)).toMatchObject({ Type: "Quote", Status: "Sent", Amount: 1000 });
    expect(rowOf(invoice.id)).toMatchObject({ Type: "Invoice" });
    // A second run finds both current and asks Notion nothing.
    expect((await service.backfill({ workspaceId: workspace.id }))[0]).toMatchObject({ current: 2 });
  });
});

describe("instalments in the Notion mirror", () => {
  it("shows the schedule and the next part due, moving on as payments cover the parts", async () => {
    const { db, workspace, customer, deliverAll, rowOf } = await connectedVendor();
    const invoice = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-11-21", dueDate: "2027-01-21" });
    await inParts(db, invoice, [
      [40_000, "2026-12-01"],
      [40_000, "2027-01-01"],
      [40_000, "2027-02-01"],
    ]);
    await deliverAll();
    expect(rowOf(invoice.id)).toMatchObject({
      "Next part due": "2026-12-01",
      Instalments: "1. $400.00 due 2026-12-01, open; 2. $400.00 due 2027-01-01, open; 3. $400.00 due 2027-02-01, open",
    });

    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 50_000, method: "Bank transfer" }, testNow);
    await deliverAll();
    expect(rowOf(invoice.id)).toMatchObject({
      "Next part due": "2027-01-01",
      Instalments: "1. $400.00 due 2026-12-01, paid; 2. $400.00 due 2027-01-01, $100.00 paid, open; 3. $400.00 due 2027-02-01, open",
      "Balance due": 700,
    });

    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 70_000, method: "Bank transfer" }, testNow);
    await deliverAll();
    expect(rowOf(invoice.id)).toMatchObject({
      Status: "Paid",
      "Next part due": null,
      Instalments: expect.stringMatching(/^1\. .*paid; 2\. .*paid; 3\. .*paid$/),
    });
  });
});
