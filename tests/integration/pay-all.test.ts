import { describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { payAllOptions, payAllResult, startPayAll, type StartPayAllInput } from "#app/billing/pay-all.server.ts";
import { startCheckout } from "#app/billing/payments.server.ts";
import { cardRefundIssues, refundCardPayment } from "#app/billing/card-refunds.server.ts";
import * as home from "#app/routes/p.$token._index.tsx";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { routeArgs } from "#tests/app.ts";
import { testClock, testNow } from "#tests/clock.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { type FakeStripe, stripeEvent } from "#tests/msw/stripe.ts";
import { closePages, deliverWebhook, withFakeStripe } from "#tests/stripe.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

let app: AppContext;
let fake: FakeStripe;
const clock = testClock();
withFakeStripe((world) => ({ app, fake } = world), { now: clock.now });

const day = (date: string) => ({ issueDate: "2026-09-01", dueDate: date });

/**
 * A client with three USD invoices — due 1 Oct (overdue, $30), 10 Oct (overdue, $10) and 1 Dec ($20),
 * numbered so that number order is not due-date order — and one EUR invoice.
 */
async function client() {
  const { workspace, customer } = await aVendor(app.db, { defaultCurrency: "USD" });
  const line = (unitAmount: number) => ({ lines: [{ productName: "Work", quantity: 1, unitAmount }] });
  const later = await anInvoice(app.db, workspace.id, customer.id, { ...line(2000), ...day("2026-12-01") });
  const oldest = await anInvoice(app.db, workspace.id, customer.id, { ...line(3000), ...day("2026-10-01") });
  const middle = await anInvoice(app.db, workspace.id, customer.id, { ...line(1000), ...day("2026-10-10") });
  const euro = await anInvoice(app.db, workspace.id, customer.id, { ...line(5000), currency: "EUR" });
  const scope = { workspaceId: workspace.id, customerId: customer.id };
  const payAll = (fields: Partial<StartPayAllInput> = {}) =>
    startPayAll(app, { ...scope, currency: "USD", kind: "all", returnUrl: `http://remit.test/p/tok-${Math.random()}`, ...fields });
  const sessionOf = async (groupId: string) =>
    (await sessionOfAttempt(app.db, (await app.db.checkoutAttempt.findFirstOrThrow({ where: { groupId } })).id)) ?? "";
  const invoice = (id: string) => app.db.invoice.findUniqueOrThrow({ where: { id } });
  const paymentsOf = (id: string) => app.db.payment.findMany({ where: { invoiceId: id }, orderBy: { sequence: "asc" }, include: { stripe: true } });
  return { workspace, customer, scope, later, oldest, middle, euro, payAll, sessionOf, invoice, paymentsOf };
}

describe("Pay all", () => {
  it("offers Pay all per currency with two or more payable invoices, and Pay overdue when only some are overdue", async () => {
    const c = await client();
    expect(await payAllOptions(app, c.scope)).toEqual([
      { currency: "USD", all: { count: 3, amount: 6000, of: 3 }, overdue: { count: 2, amount: 4000, of: 2 } },
    ]);
    // One EUR invoice is paid on its own page; with every USD invoice overdue, Pay overdue would be Pay all.
    await voidInvoice(app.db, c.workspace.id, c.later.id, testNow);
    expect(await payAllOptions(app, c.scope)).toEqual([{ currency: "USD", all: { count: 2, amount: 4000, of: 2 }, overdue: null }]);
  });

  it("makes one Checkout page with one line per invoice, due first first, and applies the money in that order with a receipt each", async () => {
    const c = await client();
    const started = await c.payAll({ confirmedAmount: 6000 });
    const params = fake.createRequests[0]!.params;
    expect([0, 1, 2].map((i) => [params[`line_items[${i}][price_data][product_data][name]`], params[`line_items[${i}][price_data][unit_amount]`]])).toEqual([
      [`Invoice ${c.oldest.number} from ${c.workspace.name}`, "3000"],
      [`Invoice ${c.middle.number} from ${c.workspace.name}`, "1000"],
      [`Invoice ${c.later.number} from ${c.workspace.name}`, "2000"],
    ]);
    expect(params["line_items[3][quantity]"]).toBeUndefined();
    expect(params["metadata[remit_checkout_group_id]"]).toBe(started.groupId);
    // The same set and amounts again: the same page.
    expect(await c.payAll()).toEqual({ ...started, reused: true });
    expect(fake.sessionCount).toBe(1);

    const session = await c.sessionOf(started.groupId);
    const { completed } = fake.pay(session);
    expect(completed.amount_total).toBe(6000);
    const event = stripeEvent("checkout.session.completed", completed);
    expect(await deliverWebhook(app, event)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    // Redelivered, and delivered again under a new event id: applied once.
    expect(await deliverWebhook(app, event)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));

    for (const [invoice, amount] of [
      [c.oldest, 3000],
      [c.middle, 1000],
      [c.later, 2000],
    ] as const) {
      expect(await c.invoice(invoice.id)).toMatchObject({ status: "paid", amountPaid: amount });
      expect(await c.paymentsOf(invoice.id)).toEqual([
        expect.objectContaining({
          amount,
          overpaid: 0,
          receiptNumber: `${invoice.number}-1`,
          method: "Visa •••• 4242",
          stripe: expect.objectContaining({ checkoutSessionId: session }),
        }),
      ]);
    }
    const events = await app.db.outboxEvent.findMany({ where: { aggregateId: { in: [c.oldest.id, c.middle.id, c.later.id] } }, orderBy: { sequence: "asc" } });
    // One payment.succeeded (a receipt email, a Slack alert, a Notion update) and one invoice.paid per invoice, in due-date order.
    expect(events.filter((e) => e.type === "payment.succeeded").map((e) => e.aggregateId)).toEqual([c.oldest.id, c.middle.id, c.later.id]);
    expect(events.filter((e) => e.type === "invoice.paid")).toHaveLength(3);
    expect(await payAllResult(app, { ...c.scope, sessionId: session })).toMatchObject({
      state: "confirmed",
      payments: [{ number: c.oldest.number }, { number: c.middle.number }, { number: c.later.number }],
    });
    expect(await app.db.invoice.findUniqueOrThrow({ where: { id: c.euro.id } })).toMatchObject({ status: "open", amountPaid: 0 });
  });

  it("records money paid on the page for an invoice the vendor meanwhile marked paid as an overpayment on the last invoice", async () => {
    const c = await client();
    const session = await c.sessionOf((await c.payAll()).groupId);
    // The vendor records a bank transfer for the middle invoice while the client is on Stripe's page…
    await recordManualPayment(app.db, { workspaceId: c.workspace.id, invoiceId: c.middle.id, amount: 1000, method: "Bank transfer" }, testNow);
    // …and the client pays before the page is closed.
    const { completed } = fake.pay(session);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    expect(await c.paymentsOf(c.middle.id)).toEqual([expect.objectContaining({ method: "Bank transfer", amount: 1000 })]);
    expect(await c.invoice(c.oldest.id)).toMatchObject({ status: "paid", amountPaid: 3000 });
    expect(await c.invoice(c.later.id)).toMatchObject({ status: "paid", amountPaid: 3000 });
    expect(await c.paymentsOf(c.later.id)).toEqual([expect.objectContaining({ amount: 3000, overpaid: 1000 })]);
    const overpaid = await app.db.outboxEvent.findMany({ where: { type: "payment.overpaid", aggregateId: c.later.id } });
    expect(overpaid.map((e) => e.payload)).toEqual([expect.objectContaining({ amount: 1000, currency: "USD" })]);
  });

  it("spreads refunds of the one payment back from the last invoice to the first, once, in any order", async () => {
    const c = await client();
    const session = await c.sessionOf((await c.payAll()).groupId);
    const { completed, intentId } = fake.pay(session);
    // A refund can arrive before the completed session: it records the payments first.
    const partly = fake.refund(intentId, 2500);
    expect(await deliverWebhook(app, stripeEvent("charge.refunded", partly))).toMatchObject({ body: { outcome: "applied" } });
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    const refunded = async () =>
      Object.fromEntries(
        await Promise.all([c.oldest, c.middle, c.later].map(async (i) => [i.number, (await c.paymentsOf(i.id)).map((p) => p.amountRefunded)])),
      );
    expect(await refunded()).toEqual({ [c.oldest.number]: [0], [c.middle.number]: [500], [c.later.number]: [2000] });
    const all = fake.refund(intentId, 3500);
    await deliverWebhook(app, stripeEvent("charge.refunded", all));
    // The older running total arriving late, or again, changes nothing.
    await deliverWebhook(app, stripeEvent("charge.refunded", partly));
    await deliverWebhook(app, stripeEvent("charge.refunded", all));
    expect(await refunded()).toEqual({ [c.oldest.number]: [3000], [c.middle.number]: [1000], [c.later.number]: [2000] });
    const refundEvents = await app.db.outboxEvent.findMany({
      where: { type: "payment.refunded", aggregateId: { in: [c.oldest.id, c.middle.id, c.later.id] } },
    });
    expect(refundEvents.reduce((sum, e) => sum + (e.payload as { amount: number }).amount, 0)).toBe(6000);
    // Paid invoices stay paid after a refund (decision 011).
    expect(await c.invoice(c.oldest.id)).toMatchObject({ status: "paid", amountPaid: 0 });
  });

  it("refuses a refund from Slack of one invoice's share of the one payment, so no refund is recorded twice", async () => {
    const c = await client();
    const session = await c.sessionOf((await c.payAll()).groupId);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(session).completed));
    const [share] = await c.paymentsOf(c.oldest.id);
    const asked = { workspaceId: c.workspace.id, paymentId: share!.id, amount: 1000, requestKey: "slack-view:V0SHARE", actor: "slack:U0ADMIN", reason: null };
    expect(await cardRefundIssues(app, asked)).toEqual({
      payment: "This card payment paid 3 invoices at once: refund it in the Stripe Dashboard, and Remit takes the refund back from the last of them first.",
    });
    await expect(refundCardPayment(app, asked)).rejects.toThrow();
    expect(fake.refunds).toEqual([]);
    expect((await c.paymentsOf(c.oldest.id))[0]!.amountRefunded).toBe(0);
  });

  it("closes the group's page when any of its invoices changes, and never mixes a group page with a single invoice's", async () => {
    const c = await client();
    const first = await c.payAll();
    const session = await c.sessionOf(first.groupId);
    clock.advance(60_000);
    // Pay on one invoice makes its own page, and the group page closes: only one live page per invoice.
    const single = await startCheckout(app, { ...c.scope, invoiceId: c.middle.id, returnUrl: `http://remit.test/p/tok/invoices/${c.middle.id}` });
    expect(single.reused).toBe(false);
    expect(await closePages(app, c.middle.id)).toContain("checkout.replaced");
    expect(fake.expireRequests).toEqual([session]);
    expect(new Set((await app.db.checkoutAttempt.findMany({ where: { groupId: first.groupId } })).map((a) => a.status))).toEqual(new Set(["expired"]));

    clock.advance(60_000);
    // Pay all again makes a new group page (never the single one), which replaces the single page.
    const second = await c.payAll();
    expect(second.reused).toBe(false);
    const secondSession = await c.sessionOf(second.groupId);
    expect(await closePages(app, c.middle.id)).toContain("checkout.replaced");
    expect(fake.expireRequests).toEqual([session, await sessionOfAttempt(app.db, single.checkoutId)]);
    expect(fake.openSessions).toEqual([secondSession]);

    // Voiding one of its invoices closes the group page.
    await voidInvoice(app.db, c.workspace.id, c.later.id, testNow);
    await closePages(app, c.later.id);
    expect(fake.openSessions).toEqual([]);
    expect(fake.expireRequests.at(-1)).toBe(secondSession);
    // A fresh Pay all is for the two invoices left.
    await c.payAll();
    expect(fake.createRequests.at(-1)!.params["line_items[1][price_data][unit_amount]"]).toBe("1000");
    expect(fake.createRequests.at(-1)!.params["line_items[2][quantity]"]).toBeUndefined();
  });

  it("asks the client to confirm a total that changed, refuses a currency with nothing to pay together, and makes one page for concurrent presses", async () => {
    const c = await client();
    await expect(c.payAll({ confirmedAmount: 5000 })).rejects.toMatchObject({ name: "AmountNotConfirmedError", amount: 6000 });
    await expect(c.payAll({ currency: "EUR" })).rejects.toThrow("nothing left to pay together");
    expect(fake.createRequests).toEqual([]);
    const pressed = await Promise.all([c.payAll(), c.payAll(), c.payAll()]);
    expect(new Set(pressed.map((started) => started.url)).size).toBe(1);
    expect(fake.sessionCount).toBe(1);
  });

  it("pays at most Stripe's 100 line items on one page and says how many are left", async () => {
    const { workspace, customer } = await aVendor(app.db, { defaultCurrency: "USD" });
    for (let i = 0; i < 101; i++) await anInvoice(app.db, workspace.id, customer.id, { lines: [{ productName: "Work", quantity: 1, unitAmount: 100 }] });
    const scope = { workspaceId: workspace.id, customerId: customer.id };
    expect(await payAllOptions(app, scope)).toEqual([{ currency: "USD", all: { count: 100, amount: 10_000, of: 101 }, overdue: null }]);
    await startPayAll(app, { ...scope, currency: "USD", kind: "all", returnUrl: "http://remit.test/p/tok" });
    const params = fake.createRequests[0]!.params;
    expect(params["line_items[99][quantity]"]).toBe("1");
    expect(params["line_items[100][quantity]"]).toBeUndefined();
  });

  it("is offered on the portal home and started from it; a link to one invoice never pays others", async () => {
    const c = await client();
    const token = (await issueCustomerLink(app, { ...c.scope, ttlDays: 90 })).url.split("/p/")[1]!;
    const loaded = (await home.loader(routeArgs(app, `/p/${token}`, undefined, { token }))) as Awaited<ReturnType<typeof home.loader>>;
    expect(loaded.payAll).toEqual([expect.objectContaining({ currency: "USD", all: { count: 3, amount: 6000, of: 3 } })]);
    const press = (fields: Record<string, string>, link = token) =>
      home.action(routeArgs(app, `/p/${link}`, { method: "POST", body: new URLSearchParams(fields) }, { token: link }));
    // The total changed since the page was shown: asked to confirm, nothing sent to Stripe.
    expect(await press({ currency: "USD", kind: "all", confirm: "5999" })).toEqual({ error: null, confirm: { amount: 6000, currency: "USD" } });
    expect(fake.createRequests).toEqual([]);
    const sent = await press({ currency: "USD", kind: "overdue", confirm: "4000" });
    expect(sent instanceof Response && sent.status).toBe(302);
    expect(fake.createRequests).toHaveLength(1);
    // Stripe returns to the portal home on a fresh one-day link of the same scope.
    const successUrl = fake.createRequests[0]!.params.success_url!;
    expect(successUrl).toMatch(/\/p\/[^/]+\?payment=success&session_id=\{CHECKOUT_SESSION_ID\}$/);
    expect(new URL(successUrl).pathname).not.toBe(`/p/${token}`);

    const scoped = (await issueCustomerLink(app, { ...c.scope, ttlDays: 1, invoiceId: c.oldest.id })).url.split("/p/")[1]!;
    expect(await press({ currency: "USD", kind: "all", confirm: "6000" }, scoped)).toEqual({
      error: "Please use the Pay buttons on this page.",
      confirm: null,
    });
    expect(fake.createRequests).toHaveLength(1);
  });

  it("waits for a bank debit across the group: nothing is offered again until it settles, then every invoice is paid", async () => {
    const c = await client();
    const session = await c.sessionOf((await c.payAll()).groupId);
    const { completed } = fake.pay(session, "sepa_debit");
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    expect(await payAllOptions(app, c.scope)).toEqual([]);
    await expect(startCheckout(app, { ...c.scope, invoiceId: c.middle.id, returnUrl: "http://remit.test/p/t/invoices/x" })).rejects.toThrow(
      "A bank payment for this invoice is being processed",
    );
    expect(await payAllResult(app, { ...c.scope, sessionId: session })).toMatchObject({ state: "processing" });
    await deliverWebhook(app, stripeEvent("checkout.session.async_payment_succeeded", fake.asyncOutcome(session, "succeeded")));
    for (const invoice of [c.oldest, c.middle, c.later]) expect(await c.invoice(invoice.id)).toMatchObject({ status: "paid" });
    expect(await payAllResult(app, { ...c.scope, sessionId: session })).toMatchObject({ state: "confirmed", payments: [{}, {}, {}] });
  });
});
