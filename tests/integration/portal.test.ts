import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { issueInvoice, voidInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import { storedDocumentDays, trimStoredDocuments } from "#app/documents/stored.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import * as beacon from "#app/routes/p.$token.beacon.ts";
import * as home from "#app/routes/p.$token._index.tsx";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import * as invoicePdf from "#app/routes/p.$token.invoices.$invoiceId.pdf.ts";
import * as receiptPdf from "#app/routes/p.$token.invoices.$invoiceId.receipts.$paymentId.pdf.ts";
import * as newLink from "#app/routes/p.$token.new-link.tsx";
import * as statementPdf from "#app/routes/p.$token.statement[.]pdf.ts";
import { createRateLimiter } from "#app/platform/rate-limit.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aVendor, inParts } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { expectAllIn } from "#tests/text.ts";

let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase());
});
afterAll(async () => {
  await app.database.close();
});

const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" };

async function tokenOf(request: Parameters<typeof issueCustomerLink>[1]) {
  const { url } = await issueCustomerLink(app, request);
  return url.split("/p/")[1]!;
}

/** Calls a loader or action; a thrown Response (or data()) comes back as { status, body }. */
async function call<T>(run: () => Promise<T>): Promise<{ status: number; body: unknown; headers: Headers }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, body: null, headers: result.headers };
    return { status: 200, body: result, headers: new Headers() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, headers: thrown.headers };
    const value = thrown as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } };
    if (value?.type === "DataWithResponseInit") {
      return { status: value.init?.status ?? 200, body: value.data, headers: new Headers(value.init?.headers) };
    }
    throw thrown;
  }
}

async function vendorWithInvoices() {
  const db = app.db;
  const { workspace, customer } = await aVendor(db, { timezone: "UTC" });
  const open = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-10-01", dueDate: "2026-10-31" });
  const paid = await anInvoice(db, workspace.id, customer.id);
  const payment = await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: paid.id, amount: paid.total, method: "bank transfer" }, testNow);
  const draft = await anInvoice(db, workspace.id, customer.id, { issue: false });
  const voidedDraft = await anInvoice(db, workspace.id, customer.id, { issue: false });
  await voidInvoice(db, workspace.id, voidedDraft.id, testNow);
  const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
  return { workspace, customer, open, paid, payment: payment.payment, draft, voidedDraft, token };
}

describe("portal pages", () => {
  it("shows the customer's balance, open invoices with days late, paid invoices and payments — and no drafts", async () => {
    const v = await vendorWithInvoices();
    const page = await call(() => home.loader(routeArgs(app, `/p/${v.token}`, undefined, { token: v.token })));
    expect(page.status).toBe(200);
    const data = page.body as Awaited<ReturnType<typeof home.loader>>;
    expect(data.balances).toEqual([{ currency: "USD", amount: v.open.total }]);
    expect(data.open.map((i) => [i.number, i.daysOverdue > 20])).toEqual([[v.open.number, true]]);
    expect(data.closed.items.map((i) => i.number)).toEqual([v.paid.number]);
    expect(data.payments.items.map((p) => p.receiptNumber)).toEqual([`${v.paid.number}-1`]);
    const numbers = [...data.open, ...data.closed.items].map((i) => i.number);
    expect(numbers).not.toContain(v.draft.number);
    expect(numbers).not.toContain(v.voidedDraft.number);
  });

  it("pages paid invoices and payments 25 at a time, newest first, with how many there are; a page past the end shows the last", async () => {
    const { workspace, customer } = await aVendor(app.db, { timezone: "UTC" });
    const paid = [];
    for (let day = 1; day <= 27; day++) {
      const invoice = await anInvoice(app.db, workspace.id, customer.id, { issueDate: `2026-10-${String(day).padStart(2, "0")}`, dueDate: "2026-11-30" });
      await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: invoice.total, method: "bank transfer" }, testNow);
      paid.push(invoice.number);
    }
    const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
    const view = async (query: string) =>
      (await call(() => home.loader(routeArgs(app, `/p/${token}${query}`, undefined, { token })))).body as Awaited<ReturnType<typeof home.loader>>;
    const first = await view("");
    expect([first.closed.page, first.closed.pages, first.closed.total, first.closed.items.length]).toEqual([1, 2, 27, 25]);
    expect(first.closed.items[0]!.number).toBe(paid[26]);
    expect([first.payments.pages, first.payments.total, first.payments.items.length]).toEqual([2, 27, 25]);
    const second = await view("?paid=2&payments=2");
    expect(second.closed.items.map((invoice) => invoice.number)).toEqual([paid[1], paid[0]]);
    expect([second.closed.page, second.payments.page, second.payments.items.length]).toEqual([2, 2, 2]);
    expect((await view("?paid=9")).closed).toMatchObject({ page: 2, pages: 2, total: 27 });

    // Fewer than a page: everything on the first, nothing more to count.
    const few = await vendorWithInvoices();
    const home1 = (await call(() => home.loader(routeArgs(app, `/p/${few.token}`, undefined, { token: few.token })))).body as Awaited<
      ReturnType<typeof home.loader>
    >;
    expect([home1.closed.page, home1.closed.pages, home1.closed.total, home1.payments.total]).toEqual([1, 1, 1, 1]);
  });

  it("answers the same 404 for another customer's, another workspace's, a voided draft's and a made-up invoice", async () => {
    const mine = await vendorWithInvoices();
    const neighbour = await aCustomer(app.db, mine.workspace.id);
    const theirs = await anInvoice(app.db, mine.workspace.id, neighbour.id);
    const elsewhere = await vendorWithInvoices();
    for (const invoiceId of [theirs.id, elsewhere.open.id, mine.voidedDraft.id, mine.draft.id, "00000000-0000-0000-0000-000000000000", "x"]) {
      const answer = await call(() => invoicePage.loader(routeArgs(app, "/", undefined, { token: mine.token, invoiceId })));
      // Under the branding of the link's own vendor, never of whatever was asked for.
      expect(answer, invoiceId).toMatchObject({ status: 404, body: { kind: "not-found", vendor: { name: mine.workspace.name }, language: "en" } });
      expect((await call(() => invoicePdf.loader(routeArgs(app, "/", undefined, { token: mine.token, invoiceId })))).status).toBe(404);
    }
    const other = await call(() =>
      receiptPdf.loader(routeArgs(app, "/", undefined, { token: mine.token, invoiceId: mine.paid.id, paymentId: elsewhere.payment.id })),
    );
    expect(other.status).toBe(404);
  });

  it("limits an invoice-scoped link to its invoice", async () => {
    const v = await vendorWithInvoices();
    const token = await tokenOf({ workspaceId: v.workspace.id, customerId: v.customer.id, invoiceId: v.open.id, ttlDays: 1 });
    const redirected = await call(() => home.loader(routeArgs(app, "/", undefined, { token })));
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe(`/p/${token}/invoices/${v.open.id}`);
    expect((await call(() => invoicePage.loader(routeArgs(app, "/", undefined, { token, invoiceId: v.open.id })))).status).toBe(200);
    expect((await call(() => invoicePage.loader(routeArgs(app, "/", undefined, { token, invoiceId: v.paid.id })))).status).toBe(404);
  });

  it("shows an invoice with lines, totals, balance and receipts", async () => {
    const v = await vendorWithInvoices();
    const page = await call(() => invoicePage.loader(routeArgs(app, "/", undefined, { token: v.token, invoiceId: v.paid.id })));
    const data = page.body as Awaited<ReturnType<typeof invoicePage.loader>>;
    expect(data.invoice).toMatchObject({ number: v.paid.number, status: "paid", total: 120_000, amountPaid: 120_000, balanceDue: 0 });
    expect(data.invoice.lines).toHaveLength(1);
    expect(data.invoice.payments.map((p) => p.receiptNumber)).toEqual([`${v.paid.number}-1`]);
  });
});

describe("the statement of account", () => {
  it("offers a statement per currency on the home page and downloads it in the client's language with its balances", async () => {
    const { workspace, customer } = await aVendor(app.db, { timezone: "Europe/Berlin", locale: "de-DE" });
    await app.db.customer.update({ where: { id: customer.id }, data: { locale: "de-DE" } });
    const before = await anInvoice(app.db, workspace.id, customer.id, {
      issueDate: "2026-09-15",
      currency: "EUR",
      lines: [{ productName: "Konzept", quantity: 1, unitAmount: 80_000 }],
    });
    const during = await anInvoice(app.db, workspace.id, customer.id, {
      issueDate: "2026-10-05",
      currency: "EUR",
      lines: [{ productName: "Entwurf", quantity: 1, unitAmount: 45_000 }],
    });
    await recordManualPayment(
      app.db,
      { workspaceId: workspace.id, invoiceId: before.id, amount: 80_000, method: "Überweisung", paidAt: new Date("2026-10-10T09:00:00Z") },
      testNow,
    );
    const token = await tokenOf({ workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });

    const page = await call(() => home.loader(routeArgs(app, `/p/${token}`, undefined, { token })));
    expect(page.body).toMatchObject({ currencies: ["EUR"], statementPeriod: { from: "2026-01-01", to: "2026-11-21" }, statementInvalid: false });

    const response = await statementPdf.loader(
      routeArgs(app, `/p/${token}/statement.pdf?currency=EUR&from=2026-10-01&to=2026-10-31`, { headers: browser }, { token }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="Statement-EUR-2026-10-01-2026-10-31.pdf"');
    const text = (await readPdf(new Uint8Array(await response.arrayBuffer())))
      .map((pdfPage) => pdfPage.text)
      .join("\n")
      .replace(/[\u00a0\u202f]/g, " ");
    expectAllIn(text, [
      "KONTOAUSZUG",
      "01.10.2026 – 31.10.2026",
      "Anfangssaldo 800,00 €",
      `Rechnung ${during.number}`,
      `Zahlung zu ${before.number} (Beleg ${before.number}-1)`,
      "Endsaldo 450,00 €",
    ]);
    expect(text).not.toContain(`Rechnung ${before.number}`);
  });

  it("sends a wrong period back to the home page with an explanation, and keeps it from invoice-scoped links", async () => {
    const v = await vendorWithInvoices();
    const wrong = await call(() =>
      statementPdf.loader(routeArgs(app, `/p/${v.token}/statement.pdf?currency=USD&from=2026-12-01&to=2026-01-01`, undefined, { token: v.token })),
    );
    expect(wrong.status).toBe(302);
    expect(wrong.headers.get("Location")).toBe(`/p/${v.token}?statement=invalid#statement`);
    const page = await call(() => home.loader(routeArgs(app, `/p/${v.token}?statement=invalid`, undefined, { token: v.token })));
    expect(page.body).toMatchObject({ statementInvalid: true });
    const scoped = await tokenOf({ workspaceId: v.workspace.id, customerId: v.customer.id, invoiceId: v.open.id, ttlDays: 1 });
    expect((await call(() => statementPdf.loader(routeArgs(app, "/", undefined, { token: scoped })))).status).toBe(404);
  });
});

describe("portal links that do not work", () => {
  it("explains expired and revoked links, naming the vendor; forged and malformed ones are just invalid", async () => {
    const v = await vendorWithInvoices();
    const claims = JSON.parse(Buffer.from(v.token.split(".")[1]!, "base64url").toString());
    const key = app.secrets.signingKeys[0]!;
    const expired = await new SignJWT({ ...claims, exp: Math.floor(app.now().getTime() / 1000) - 60 })
      .setProtectedHeader({ alg: "HS256", kid: key.kid })
      .sign(key.secret);
    const wrongKey = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: key.kid }).sign(new TextEncoder().encode("w".repeat(40)));
    const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: "retired" }).sign(key.secret);
    const none = new UnsecuredJWT(claims).encode();
    const [h, p, s] = v.token.split(".");
    const tampered = `${h}.${p!.slice(0, -2)}AA.${s}`;
    const ask = (token: string) =>
      call(() => home.loader({ ...routeArgs(app, "/", undefined, { token }), context: { app, clientIp: `10.0.0.${Math.random()}` } }));

    expect(await ask(expired)).toMatchObject({
      status: 403,
      body: { kind: "link", reason: "expired", vendorName: v.workspace.name, vendor: { name: v.workspace.name } },
    });
    for (const bad of [wrongKey, unknownKid, none, tampered, "garbage"]) {
      expect(await ask(bad), bad).toMatchObject({ status: 403, body: { kind: "link", reason: "invalid", vendorName: null, vendor: null } });
    }
    await revokePortalLinks(app.db, v.workspace.id, v.customer.id);
    const revoked = await ask(v.token);
    expect(revoked).toMatchObject({ status: 403, body: { reason: "revoked", vendorName: v.workspace.name, selfService: false } });
    expect(revoked.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("rate limits repeated bad tokens from one address with 429 and Retry-After, and still serves its good links", async () => {
    const context = { app, clientIp: "203.0.113.9" };
    const ask = (token: string) => call(() => home.loader({ ...routeArgs(app, "/", undefined, { token }), context }));
    for (let i = 0; i < 20; i++) expect((await ask(`bad-${i}`)).status).toBe(403);
    const limited = await ask("bad-21");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Only failures count: a link that verifies is served, from this address as from any other.
    const v = await vendorWithInvoices();
    expect((await ask(v.token)).status).toBe(200);
    expect((await ask("bad-22")).status).toBe(429);
    expect((await call(() => home.loader({ ...routeArgs(app, "/", undefined, { token: v.token }), context: { app, clientIp: "203.0.113.10" } }))).status).toBe(
      200,
    );
  });

  it("lets the holder of a lapsed link ask for a fresh one where the vendor allows it, without revealing the address", async () => {
    const v = await vendorWithInvoices();
    await revokePortalLinks(app.db, v.workspace.id, v.customer.id);
    const post = (email: string, ip = "198.51.100.1") =>
      call(() =>
        newLink.action({
          ...routeArgs(app, "/", { method: "POST", body: new URLSearchParams({ email }) }, { token: v.token }),
          context: { app, clientIp: ip },
        }),
      );
    const requested = () => app.db.outboxEvent.count({ where: { type: "portal.link_requested", aggregateId: v.customer.id } });

    expect((await post(v.customer.email!)).body).toEqual({ message: "askSender" });
    expect(await requested()).toBe(0);

    await app.db.workspace.update({ where: { id: v.workspace.id }, data: { selfServiceLinks: true } });
    const wrong = await post("someone@else.example");
    const right = await post(v.customer.email!.toUpperCase());
    expect(wrong.body).toEqual(right.body);
    expect(await requested()).toBe(1);
    for (let i = 0; i < 3; i++) await post("x@y.example");
    expect((await post("x@y.example")).status).toBe(429);

    const notAForm = await call(() =>
      newLink.action({
        ...routeArgs(
          app,
          "/",
          { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: v.customer.email }) },
          { token: v.token },
        ),
        context: { app, clientIp: "198.51.100.2" },
      }),
    );
    expect(notAForm).toMatchObject({ status: 200, body: { message: "askSender" } });
  });
});

describe("request a new link under pressure", () => {
  async function lapsedClient() {
    const v = await vendorWithInvoices();
    await app.db.workspace.update({ where: { id: v.workspace.id }, data: { selfServiceLinks: true } });
    await revokePortalLinks(app.db, v.workspace.id, v.customer.id);
    const post = (email: string, ip: string, at = app.now()) =>
      call(() =>
        newLink.action({
          ...routeArgs(app, "/", { method: "POST", body: new URLSearchParams({ email }) }, { token: v.token }),
          context: { app: { ...app, now: () => at }, clientIp: ip },
        }),
      );
    const requested = () => app.db.outboxEvent.count({ where: { type: "portal.link_requested", aggregateId: v.customer.id } });
    return { ...v, post, requested };
  }

  it("tells the vendor once about a burst of requests from many addresses, limits them per customer, and again after an hour", async () => {
    const v = await lapsedClient();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => v.post(v.customer.email!, `192.0.2.${n}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await v.requested()).toBe(1);
    const limited = await v.post(v.customer.email!, "192.0.2.200");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // An hour later (a new per-customer window on a fresh instance), one more request is one more alert.
    const later = new Date(app.now().getTime() + 61 * 60_000);
    const fresh = { ...app, limits: { ...app.limits, linkRequestsPerCustomer: createRateLimiter(10, 60 * 60_000) } };
    const again = await call(() =>
      newLink.action({
        ...routeArgs(app, "/", { method: "POST", body: new URLSearchParams({ email: v.customer.email! }) }, { token: v.token }),
        context: { app: { ...fresh, now: () => later }, clientIp: "192.0.2.201" },
      }),
    );
    expect(again.status).toBe(200);
    expect(await v.requested()).toBe(2);
  });

  it("answers in the same time whether or not the typed address is right", async () => {
    const v = await lapsedClient();
    const timed = async (email: string, ip: string) => {
      const started = performance.now();
      const answer = await v.post(email, ip);
      return { ms: performance.now() - started, body: answer.body };
    };
    const right: number[] = [];
    const wrong: number[] = [];
    for (let n = 0; n < 4; n++) {
      const a = await timed(v.customer.email!, `192.0.2.${30 + n}`);
      const b = await timed(`not-${v.customer.email!}`, `192.0.2.${40 + n}`);
      expect(a.body).toEqual(b.body);
      right.push(a.ms);
      wrong.push(b.ms);
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    expect(Math.min(...right, ...wrong)).toBeGreaterThanOrEqual(399);
    expect(Math.abs(median(right) - median(wrong))).toBeLessThan(40);
  });
});

describe("view beacon", () => {
  const send = (token: string, invoiceId: string | null, headers: Record<string, string> = browser, on: AppContext = app) =>
    call(() =>
      beacon.action({
        ...routeArgs(on, "/", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify({ invoiceId }) }, { token }),
      }),
    );
  const minutesLater = (minutes: number): AppContext => {
    const at = new Date(app.now().getTime() + minutes * 60_000);
    return { ...app, now: () => at };
  };

  it("counts a real view, emits invoice.viewed flagged first once, coalesces views within 10 minutes, and ignores bots", async () => {
    const v = await vendorWithInvoices();
    expect((await send(v.token, v.open.id)).status).toBe(204);
    expect((await send(v.token, v.open.id)).status).toBe(204);
    expect((await send(v.token, v.open.id, browser, minutesLater(9))).status).toBe(204);
    expect((await send(v.token, v.open.id, browser, minutesLater(11))).status).toBe(204);
    expect((await send(v.token, v.open.id, { "User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" }, minutesLater(30))).status).toBe(204);
    expect((await send(v.token, null)).status).toBe(204);
    expect((await send(v.token, null)).status).toBe(204);
    const views = await app.db.activityEvent.findMany({ where: { customerId: v.customer.id }, orderBy: { createdAt: "asc" } });
    expect(views.map((view) => [view.kind, view.preview])).toEqual([
      ["invoice_viewed", false],
      ["portal_viewed", false],
      ["invoice_viewed", false],
    ]);
    const events = await app.db.outboxEvent.findMany({ where: { type: "invoice.viewed", aggregateId: v.open.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => e.payload)).toEqual([
      { invoiceId: v.open.id, firstView: true, views: 1 },
      { invoiceId: v.open.id, firstView: false, views: 2 },
    ]);
  });

  it("bounds what one link can enqueue: 1,000 beacons are one view and one event, and past 60 the answer is 429", async () => {
    const v = await vendorWithInvoices();
    const statuses = new Map<number, number>();
    for (let n = 0; n < 1000; n++) {
      const { status } = await send(v.token, n % 2 ? v.open.id : null);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 204: 60, 429: 940 });
    expect(await app.db.activityEvent.count({ where: { customerId: v.customer.id } })).toBe(2);
    expect(await app.db.outboxEvent.count({ where: { type: "invoice.viewed", aggregateId: v.open.id } })).toBe(1);
  });

  it("records a vendor preview as a preview and emits nothing", async () => {
    const v = await vendorWithInvoices();
    const preview = await tokenOf({ workspaceId: v.workspace.id, customerId: v.customer.id, preview: true, ttlDays: 1 });
    expect((await send(preview, v.open.id)).status).toBe(204);
    expect(await app.db.activityEvent.findMany({ where: { invoiceId: v.open.id } })).toMatchObject([{ kind: "invoice_viewed", preview: true }]);
    expect(await app.db.outboxEvent.count({ where: { type: "invoice.viewed", aggregateId: v.open.id } })).toBe(0);
  });

  it("refuses a malformed body, another customer's invoice and a bad token, recording nothing", async () => {
    const v = await vendorWithInvoices();
    const other = await vendorWithInvoices();
    const malformed = await call(() => beacon.action(routeArgs(app, "/", { method: "POST", body: "{nope" }, { token: v.token })));
    expect(malformed.status).toBe(400);
    expect((await send(v.token, other.open.id)).status).toBe(404);
    expect((await send("forged", v.open.id)).status).toBe(403);
    expect(await app.db.activityEvent.count({ where: { customerId: { in: [v.customer.id, other.customer.id] } } })).toBe(0);
  });
});

describe("PDF downloads", () => {
  it("serves the invoice PDF with a file name and an ETag, and 304 for the same version", async () => {
    const v = await vendorWithInvoices();
    const args = (headers: Record<string, string> = browser) => routeArgs(app, "/", { headers }, { token: v.token, invoiceId: v.open.id });
    const first = await invoicePdf.loader(args());
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("application/pdf");
    expect(first.headers.get("Content-Disposition")).toBe(`attachment; filename="${v.open.number}.pdf"`);
    const etag = first.headers.get("ETag")!;
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const again = await invoicePdf.loader(args({ ...browser, "If-None-Match": etag }));
    expect(again.status).toBe(304);
    // The document changes when the invoice does, and so does its ETag.
    await recordManualPayment(app.db, { workspaceId: v.workspace.id, invoiceId: v.open.id, amount: 100, method: "cash" }, testNow);
    const changed = await invoicePdf.loader(args({ ...browser, "If-None-Match": etag }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(await app.db.activityEvent.count({ where: { invoiceId: v.open.id, kind: "pdf_downloaded" } })).toBe(2);
  });

  it("renders a document once per state, on any instance, and renders it again once the invoice changes or it is forgotten", async () => {
    const v = await vendorWithInvoices();
    const other = await createTestApp(app.database);
    const download = async (on: AppContext) => {
      const response = await invoicePdf.loader(routeArgs(on, "/", { headers: browser }, { token: v.token, invoiceId: v.open.id }));
      return { etag: response.headers.get("ETag")!, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const stored = (etag: string) => app.db.storedDocument.count({ where: { etag } });
    const first = await download(app);
    expect(await stored(first.etag)).toBe(1);
    // The other instance serves what the first rendered: the stored bytes, not a render of its own.
    await app.db.storedDocument.update({ where: { etag: first.etag }, data: { bytes: Buffer.from("%PDF-stored") } });
    expect((await download(other)).bytes.toString()).toBe("%PDF-stored");

    await recordManualPayment(app.db, { workspaceId: v.workspace.id, invoiceId: v.open.id, amount: 100, method: "cash" }, testNow);
    const paid = await download(other);
    expect(paid.etag).not.toBe(first.etag);
    expect(paid.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(paid.bytes.length).toBeGreaterThan(1000);

    const monthLater = new Date(testNow.getTime() + 31 * 86_400_000);
    await app.db.storedDocument.updateMany({ where: { etag: { in: [first.etag, paid.etag] } }, data: { createdAt: testNow } });
    expect(await trimStoredDocuments(app.db, new Date(monthLater.getTime() - storedDocumentDays * 86_400_000))).toBeGreaterThanOrEqual(2);
    expect(await stored(paid.etag)).toBe(0);
    expect((await download(app)).bytes.equals(paid.bytes)).toBe(true);
  });

  it("serves an issued invoice's PDF byte for byte the same after the vendor changes branding, address and bank", async () => {
    const v = await vendorWithInvoices();
    await updateWorkspaceSettings(app.db, v.workspace.id, { legalName: "Old Name Ltd", address: "1 Old Street", taxId: "GB111", bankAccount: "GB00 OLD" });
    const issued = await anInvoice(app.db, v.workspace.id, v.customer.id);
    const download = async () =>
      new Uint8Array(await (await invoicePdf.loader(routeArgs(app, "/", { headers: browser }, { token: v.token, invoiceId: issued.id }))).arrayBuffer());
    const before = await download();
    await updateWorkspaceSettings(app.db, v.workspace.id, {
      name: "Renamed",
      brandColor: "#b91c1c",
      legalName: "New Name GmbH",
      address: "2 New Street",
      taxId: "DE222",
      bankAccount: "DE00 NEW",
      defaultTemplate: "modern",
    });
    await app.db.customer.update({ where: { id: v.customer.id }, data: { address: "Moved Away 9" } });
    const after = await download();
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    // A draft issued after the change prints the new details.
    await issueInvoice(app.db, v.workspace.id, v.draft.id, testNow);
    const later = await invoicePdf.loader(routeArgs(app, "/", { headers: browser }, { token: v.token, invoiceId: v.draft.id }));
    const text = (await readPdf(new Uint8Array(await later.arrayBuffer()))).map((page) => page.text).join("\n");
    expect(text).toContain("New Name GmbH");
    expect(text).toContain("Moved Away 9");
  });

  it("prints a split invoice's payment schedule, and a new ETag once a payment covers a part", async () => {
    const v = await vendorWithInvoices();
    // 1,200.00: a deposit of 300.00 and the rest in one part.
    await inParts(app.db, v.open, [
      [30_000, "2026-10-10"],
      [90_000, "2026-11-30"],
    ]);
    const download = () => invoicePdf.loader(routeArgs(app, "/", { headers: browser }, { token: v.token, invoiceId: v.open.id }));
    const textOf = async (response: Response) => (await readPdf(new Uint8Array(await response.arrayBuffer()))).map((page) => page.text).join("\n");
    const before = await download();
    const etag = before.headers.get("ETag");
    expect(await textOf(before)).toContain(
      "Payment schedule Part Due Amount Status Part 1 of 2 Oct 10, 2026 $300.00 Open Part 2 of 2 Nov 30, 2026 $900.00 Open",
    );

    await recordManualPayment(app.db, { workspaceId: v.workspace.id, invoiceId: v.open.id, amount: 30_000, method: "bank transfer" }, testNow);
    const after = await download();
    expect(after.headers.get("ETag")).not.toBe(etag);
    expect(await textOf(after)).toContain("Part 1 of 2 Oct 10, 2026 $300.00 Paid Part 2 of 2 Nov 30, 2026 $900.00 Open");
  });

  it("serves a receipt per payment", async () => {
    const v = await vendorWithInvoices();
    const receipt = await receiptPdf.loader(routeArgs(app, "/", { headers: browser }, { token: v.token, invoiceId: v.paid.id, paymentId: v.payment.id }));
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("Content-Disposition")).toBe(`attachment; filename="Receipt-${v.paid.number}-1.pdf"`);
  });

  it("still works for an invoice issued after being a draft", async () => {
    const v = await vendorWithInvoices();
    await issueInvoice(app.db, v.workspace.id, v.draft.id, testNow);
    expect((await invoicePdf.loader(routeArgs(app, "/", { headers: browser }, { token: v.token, invoiceId: v.draft.id }))).status).toBe(200);
  });
});
