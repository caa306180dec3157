// The portal home served again as rendered while nothing it shows changed (decision 115), on the
// production build behind server/http.ts, two instances over one database.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { testClock, testNow } from "#tests/clock.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { mswServer } from "#tests/msw/server.ts";
import { FakeStripe, signedDelivery, stripeEnv, stripeEvent } from "#tests/msw/stripe.ts";
import { startPayAll } from "#app/billing/pay-all.server.ts";
import { loopbackInstances } from "#tests/http.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

const clock = testClock();
/** One Remit instance on the shared database, with its own memory. */
const instances = loopbackInstances({ now: clock.now });
const anInstance = instances.serve;

async function aClientWithInvoices() {
  const first = await anInstance();
  const { workspace, customer } = await aVendor(first.app.db, { name: "Northwind Studio" });
  const invoice = await anInvoice(first.app.db, workspace.id, customer.id, { dueDate: "2026-11-25" });
  const link = await issueCustomerLink(first.app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
  return { ...first, workspace, customer, invoice, path: new URL(link.url).pathname };
}

const kept = (response: Response) => !/'nonce-/.test(response.headers.get("content-security-policy") ?? "");
const withoutNonces = (html: string) => html.replace(/ nonce="[^"]*"/g, "");
const hashOf = (content: string) => `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;

describe("the portal home, kept while nothing it shows changed", () => {
  it("serves a second view as the first was rendered, its inline scripts and styles allowed by their hashes", async () => {
    const { url, path } = await aClientWithInvoices();
    const first = await fetch(`${url}${path}`, { headers: { "Accept-Encoding": "gzip" } });
    const firstHtml = await first.text();
    expect(kept(first)).toBe(false);
    // A first view is compressed too: rendered, read whole, then gzipped with its length known.
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(Number(first.headers.get("content-length"))).toBeLessThan(firstHtml.length / 2);
    await expect.poll(async () => kept(await fetch(`${url}${path}`))).toBe(true);

    const second = await fetch(`${url}${path}`);
    const html = await second.text();
    expect(second.status).toBe(200);
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    expect(withoutNonces(html)).toBe(withoutNonces(firstHtml));
    const csp = second.headers.get("content-security-policy")!;
    const inline = [...html.matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((match) => match[2]!).filter(Boolean);
    expect(inline.length).toBeGreaterThan(1);
    for (const content of inline) expect(csp).toContain(hashOf(content));
    expect(csp).toContain("object-src 'none'");
  });

  it("shows a change at once, made on another instance, to the invoices, the vendor or the day", async () => {
    const { url, path, workspace, customer, invoice } = await aClientWithInvoices();
    const other = await anInstance();
    const view = async () => {
      let response = await fetch(`${url}${path}`);
      // Read until the page is served from memory, so each change below is seen through it.
      while (!kept(response)) response = await fetch(`${url}${path}`);
      return response.text();
    };
    expect(await view()).toContain("$1,200.00");

    await recordManualPayment(other.app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 20_000, method: "Bank transfer" }, testNow);
    expect(await view()).toContain("$1,000.00");

    await updateWorkspaceSettings(other.app.db, workspace.id, { name: "Northwind & Co" });
    expect(await view()).toContain("Northwind &amp; Co");

    expect(await view()).not.toContain("Overdue ·");
    clock.advance(7 * 86_400_000);
    expect(await view()).toContain("Overdue · 3 days");

    await revokePortalLinks(other.app.db, workspace.id, customer.id);
    const revoked = await fetch(`${url}${path}`);
    expect(revoked.status).toBe(403);
  });

  it("keeps a page per language the client chose, and nothing when turned off", async () => {
    const { url, path } = await aClientWithInvoices();
    const german = { headers: { cookie: "remit_lang=de" } };
    await fetch(`${url}${path}`);
    await expect.poll(async () => kept(await fetch(`${url}${path}`))).toBe(true);
    const first = await fetch(`${url}${path}`, german);
    expect(kept(first)).toBe(false);
    expect(await first.text()).toContain('lang="de');

    const off = await anInstance({ PORTAL_CACHE_MB: "0" });
    for (let i = 0; i < 3; i++) expect(kept(await fetch(`${off.url}${path}`))).toBe(false);
  });

  it("drops Pay all at once when a bank payment starts, and never keeps the page a client returns to from Stripe", async () => {
    const stripe = new FakeStripe();
    mswServer.use(...stripe.handlers());
    const { app, url } = await anInstance(stripeEnv);
    const { workspace, customer } = await aVendor(app.db, { name: "Northwind Studio", defaultCurrency: "USD" });
    for (let i = 0; i < 2; i++) await anInvoice(app.db, workspace.id, customer.id);
    const link = await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
    const path = new URL(link.url).pathname;
    const view = async () => {
      let response = await fetch(`${url}${path}`);
      while (!kept(response)) response = await fetch(`${url}${path}`);
      return response.text();
    };
    expect(await view()).toContain("Pay all 2 invoices");

    const { groupId } = await startPayAll(app, {
      workspaceId: workspace.id,
      customerId: customer.id,
      currency: "USD",
      kind: "all",
      returnUrl: `${url}${path}`,
    });
    const session = (await sessionOfAttempt(app.db, (await app.db.checkoutAttempt.findFirstOrThrow({ where: { groupId } })).id)) ?? "";
    const { completed } = stripe.pay(session, "sepa_debit");
    // Signed now on this file's clock (an earlier test moved it a week on).
    const delivery = signedDelivery(stripeEvent("checkout.session.completed", completed), { timestamp: Math.floor(clock.now().getTime() / 1000) });
    expect((await fetch(`${url}/webhooks/stripe`, { method: "POST", headers: delivery.headers, body: delivery.body })).status).toBe(200);
    expect(await view()).not.toContain("Pay all");

    for (let i = 0; i < 3; i++) {
      const returned = await fetch(`${url}${path}?payment=success&session_id=${session}`);
      expect(kept(returned)).toBe(false);
      expect(await returned.text()).toContain("Payment processing");
    }
  });
});

describe("kept answers on an instance that hears the database's notices, as `remit serve` does", () => {
  it("carries every header a rendered answer does, and shows a change made elsewhere once its notice arrives", async () => {
    const hearing = await anInstance({}, { hearing: true });
    const { workspace, customer } = await aVendor(hearing.app.db, { name: "Harbour Books" });
    const invoice = await anInvoice(hearing.app.db, workspace.id, customer.id, { dueDate: "2026-11-25" });
    const link = await issueCustomerLink(hearing.app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
    const page = `${hearing.url}${new URL(link.url).pathname}`;
    const rendered = await fetch(page, { headers: { "Accept-Encoding": "br" } });
    expect(kept(rendered)).toBe(false);
    await expect.poll(async () => kept(await fetch(page))).toBe(true);

    const again = await fetch(page, { headers: { "Accept-Encoding": "br", "X-Request-Id": "chosen-by-the-proxy-1" } });
    expect(kept(again)).toBe(true);
    expect(again.headers.get("content-encoding")).toBe("br");
    expect(again.headers.get("x-request-id")).toBe("chosen-by-the-proxy-1");
    for (const name of [
      "cache-control",
      "content-type",
      "referrer-policy",
      "x-content-type-options",
      "x-frame-options",
      "cross-origin-opener-policy",
      "vary",
    ]) {
      expect(again.headers.get(name), name).toBe(rendered.headers.get(name));
    }
    expect(await again.text()).toContain("$1,200.00");
    const head = await fetch(page, { method: "HEAD" });
    expect([head.status, kept(head), await head.text()]).toEqual([200, true, ""]);

    const pdf = `${page}/invoices/${invoice.id}/pdf`;
    const etag = (await fetch(pdf)).headers.get("etag")!;
    const revalidated = await fetch(pdf, { headers: { "If-None-Match": etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("referrer-policy")).toBe("no-referrer");
    expect(revalidated.headers.get("x-request-id")).toMatch(/^[\w-]{36}$/);

    const other = await anInstance();
    await recordManualPayment(other.app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 20_000, method: "Bank transfer" }, testNow);
    await expect.poll(async () => (await fetch(page)).text()).toContain("$1,000.00");
    expect((await fetch(pdf, { headers: { "If-None-Match": etag } })).status).toBe(200);

    await revokePortalLinks(other.app.db, workspace.id, customer.id);
    await expect.poll(async () => (await fetch(page)).status).toBe(403);
    expect((await fetch(pdf, { headers: { "If-None-Match": etag } })).status).toBe(403);
  });
});

describe("a portal PDF revalidated from memory", () => {
  /** Changes the invoice as nothing in Remit can: with the triggers off, so no version moves. */
  const changeUnannounced = (invoiceId: string) =>
    instances.db.$transaction([
      instances.db.$executeRaw`SET LOCAL session_replication_role = replica`,
      instances.db.$executeRaw`UPDATE "Invoice" SET "notes" = 'Changed behind Remit' WHERE "id" = ${invoiceId}`,
    ]);

  it("answers 304 for the ETag it gave while the data version stands, without reading or rendering the document", async () => {
    const { url, path, invoice, workspace } = await aClientWithInvoices();
    const pdf = `${url}${path}/invoices/${invoice.id}/pdf`;
    const first = await fetch(pdf);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);

    await changeUnannounced(invoice.id);
    // This instance remembers the ETag under the unchanged version: the stale tag is still 304 here…
    const again = await fetch(pdf, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    // …while an instance that never answered it reads the document and finds it changed.
    const other = await anInstance();
    const fresh = await fetch(`${other.url}${path}/invoices/${invoice.id}/pdf`, { headers: { "If-None-Match": etag } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).not.toBe(etag);

    // A change through Remit moves the version, and the first instance looks again.
    await recordManualPayment(other.app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 10_000, method: "Bank transfer" }, testNow);
    const paid = await fetch(pdf, { headers: { "If-None-Match": etag } });
    expect(paid.status).toBe(200);
    const paidEtag = paid.headers.get("etag")!;
    expect(paidEtag).not.toBe(etag);
    expect((await fetch(pdf, { headers: { "If-None-Match": paidEtag } })).status).toBe(304);
  });

  it("never answers 304 to a link that no longer works, nor for a document of another address", async () => {
    const { app, url, path, invoice, workspace, customer } = await aClientWithInvoices();
    const pdf = `${url}${path}/invoices/${invoice.id}/pdf`;
    const etag = (await fetch(pdf)).headers.get("etag")!;
    const receipt = await fetch(`${url}${path}/statement.pdf`, { headers: { "If-None-Match": etag } });
    expect(receipt.status).toBe(200);
    await revokePortalLinks(app.db, workspace.id, customer.id);
    expect((await fetch(pdf, { headers: { "If-None-Match": etag } })).status).toBe(403);
  });
});

/**
 * Rows of these tables belong to a customer or an invoice, but no portal page shows them (or,
 * for lines, they are only ever written with their invoice's row): no version bump needed.
 */
const notOnThePortal: Record<string, string> = {
  ActivityEvent: "what Remit saw (views, downloads); the vendor's, not the client's",
  AuditEntry: "who did what, for the vendor",
  ClientReminder: "which reminders were sent",
  EmailMessage: "emails sent, for the vendor",
  InvoiceEngagement: "the vendor's view of the client's engagement",
  LineItem: "written only together with its invoice's row",
  NotionPage: "the Notion mirror's bookkeeping",
  OverdueNotice: "which overdue alerts were raised",
  PayingRecord: "how a customer pays (decision 175), for the vendor's App Home",
  RecurringOccurrence: "a schedule's bookkeeping; the invoice it made bumps the version itself",
  SlackInvoiceMessage: "the Slack message's bookkeeping",
  SlackPost: "Slack alerts sent",
  SlackQuestionThread: "where a client's questions are threaded in Slack",
  StripeCheckout: "Stripe's ids of a checkout attempt; the portal shows the attempt's status, which bumps the version itself",
  StripePayment: "Stripe's ids of a payment; always written with its payment, whose row bumps the version",
};

describe("what bumps the versions", () => {
  it("every table whose rows belong to a customer or an invoice bumps a version, or is known not to be on the portal", async () => {
    const tables = await instances.db.$queryRawUnsafe<{ table: string }[]>(
      `SELECT DISTINCT table_name AS "table" FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name IN ('customerId', 'invoiceId') ORDER BY 1`,
    );
    const triggered = await instances.db.$queryRawUnsafe<{ table: string }[]>(
      `SELECT c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = c.relname || '_portal_version'`,
    );
    const bumping = new Set(triggered.map((row) => row.table));
    const unaccounted = tables.map((row) => row.table).filter((table) => !bumping.has(table) && !(table in notOnThePortal));
    expect(unaccounted).toEqual([]);
    expect([...bumping].sort()).toEqual(expect.arrayContaining(["Customer", "Invoice", "Payment", "StripeAccount", "Workspace"]));
  });
});
