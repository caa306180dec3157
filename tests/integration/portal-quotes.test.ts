import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createQuote } from "#app/billing/quotes.server.ts";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as home from "#app/routes/p.$token._index.tsx";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import * as quotePage from "#app/routes/p.$token.quotes.$quoteId._index.tsx";
import * as quotePdf from "#app/routes/p.$token.quotes.$quoteId.pdf.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aVendor } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";

// What a portal link shows of quotes (decision 006 and 120): the client's own, by the link's scope, in the query.
let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase());
  app.now = () => testNow;
});
afterAll(async () => {
  await app.database.close();
});

const tokenOf = async (request: Parameters<typeof issueCustomerLink>[1]) => (await issueCustomerLink(app, request)).url.split("/p/")[1]!;

async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    return (thrown as { init?: { status?: number } }).init?.status ?? 500;
  }
}

const aQuote = (workspaceId: string, customerId: string, send = true) =>
  createQuote(app.db, workspaceId, { customerId, validUntil: "2026-12-31", lines: [{ productName: "Audit", quantity: 1, unitAmount: 90_000 }], send }, testNow);

it("shows a client their own open quotes beside invoices, never another's, never a draft, and none through an invoice's link", async () => {
  const { workspace, customer } = await aVendor(app.db, { timezone: "UTC" });
  const other = await aCustomer(app.db, workspace.id);
  const mine = await aQuote(workspace.id, customer.id);
  const draft = await aQuote(workspace.id, customer.id, false);
  const theirs = await aQuote(workspace.id, other.id);
  const invoice = await anInvoice(app.db, workspace.id, customer.id);
  const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, ttlDays: 1 });

  const page = (await home.loader(routeArgs(app, `/p/${token}`, undefined, { token }))) as { quotes: { id: string }[] };
  expect(page.quotes.map((quote) => quote.id)).toEqual([mine.id]);
  const open = (quoteId: string, linkToken = token) => status(() => quotePage.loader(routeArgs(app, "/", undefined, { token: linkToken, quoteId })));
  expect(await open(mine.id)).toBe(200);
  expect(await open(draft.id)).toBe(404);
  expect(await open(theirs.id)).toBe(404);
  expect(await status(() => quotePdf.loader(routeArgs(app, "/", undefined, { token, quoteId: theirs.id })))).toBe(404);

  const invoiceLink = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id, ttlDays: 1 });
  expect(await open(mine.id, invoiceLink)).toBe(404);
});

it("a quote's link opens that quote and the invoices made from it, nothing else; the home page sends it to the quote", async () => {
  const { workspace, customer } = await aVendor(app.db, { timezone: "UTC" });
  const quote = await aQuote(workspace.id, customer.id);
  const sibling = await aQuote(workspace.id, customer.id);
  const unrelated = await anInvoice(app.db, workspace.id, customer.id);
  const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, quoteId: quote.id, ttlDays: 1 });

  expect(await status(() => home.loader(routeArgs(app, `/p/${token}`, undefined, { token })))).toBe(302);
  expect(await status(() => quotePage.loader(routeArgs(app, "/", undefined, { token, quoteId: sibling.id })))).toBe(404);
  expect(await status(() => invoicePage.loader(routeArgs(app, "/", undefined, { token, invoiceId: unrelated.id })))).toBe(404);

  const form = new URLSearchParams({ intent: "accept", name: "Mary Somerville" });
  const accepted = await quotePage.action(
    routeArgs(app, "/", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } }, { token, quoteId: quote.id }),
  );
  expect(accepted).toBeInstanceOf(Response);
  const made = await app.db.invoice.findFirstOrThrow({ where: { quoteId: quote.id } });
  expect((accepted as Response).headers.get("Location")).toBe(`/p/${token}/invoices/${made.id}?quote=accepted`);
  expect(await status(() => invoicePage.loader(routeArgs(app, "/", undefined, { token, invoiceId: made.id })))).toBe(200);

  const again = (await quotePage.action(
    routeArgs(app, "/", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } }, { token, quoteId: quote.id }),
  )) as { error: string };
  expect(again.error).toBe("This quote was already accepted.");
});

it("prints the quote PDF with a quote's words in the client's language", async () => {
  const { workspace } = await aVendor(app.db, { timezone: "UTC" });
  const customer = await aCustomer(app.db, workspace.id, { locale: "de-DE" });
  const quote = await aQuote(workspace.id, customer.id);
  const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, quoteId: quote.id, ttlDays: 1 });
  const response = (await quotePdf.loader(routeArgs(app, "/", undefined, { token, quoteId: quote.id }))) as Response;
  expect(response.headers.get("Content-Disposition")).toContain(`Quote-${quote.number}.pdf`);
  const text = (await readPdf(new Uint8Array(await response.arrayBuffer()))).map((page) => page.text).join("\n");
  expect(text).toMatch(/ANGEBOT/);
  expect(text).toContain(quote.number);
  expect(text).toContain("Gültig bis");
  expect(text).not.toContain("Fällig");
});
