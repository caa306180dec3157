import { describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { recordManualPayment } from "#app/billing/invoices.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { checkoutResult, invoicePaymentOptions, startCheckout, type StartCheckoutInput } from "#app/billing/payments.server.ts";
import { routeArgs } from "#tests/app.ts";
import { aNotionConnection, anInvoice, aVendor } from "#tests/fixtures.ts";
import { checkoutSessionObject, type FakeStripe, signedDelivery, stripeEvent } from "#tests/msw/stripe.ts";
import { deliverWebhook, withFakeStripe } from "#tests/stripe.ts";
import { action, loader } from "./webhooks.stripe.ts";
import { testEpoch, testNow } from "#tests/clock.ts";

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world));

/** An open $1,200.00 invoice whose client pressed Pay: the Checkout session exists at Stripe. */
async function payingClient(options: { partial?: boolean; amount?: StartCheckoutInput["amount"] } = {}) {
  const { db } = app;
  const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD" });
  if (options.partial) await db.workspace.update({ where: { id: workspace.id }, data: { allowPartialPayments: true } });
  const invoice = await anInvoice(db, workspace.id, customer.id);
  const scope = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
  const started = await startCheckout(app, { ...scope, amount: options.amount, returnUrl: `http://remit.test/p/tok/invoices/${invoice.id}` });
  const sessionId = (await db.checkoutAttempt.findUniqueOrThrow({ where: { id: started.checkoutId }, include: { stripe: true } })).stripe?.sessionId;
  if (!sessionId) throw new Error("The attempt has no session");
  return { workspace, customer, invoice, scope, sessionId, result: () => checkoutResult(app, { ...scope, sessionId }) };
}

async function stateOf(invoiceId: string) {
  const { db } = app;
  const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
  const payments = await db.payment.findMany({ where: { invoiceId }, orderBy: { sequence: "asc" }, include: { stripe: true } });
  const events = await db.outboxEvent.findMany({ where: { aggregateId: invoiceId }, orderBy: { sequence: "asc" } });
  const activity = await db.activityEvent.findMany({ where: { invoiceId }, orderBy: { createdAt: "asc" } });
  const count = (type: string) => events.filter((event) => event.type === type).length;
  return { invoice, payments, events, count, activity: activity.map((a) => a.kind) };
}

describe("POST /webhooks/stripe", () => {
  it("marks the invoice paid when Stripe confirms the Checkout session, once however often it is delivered", async () => {
    const { invoice, sessionId, result } = await payingClient();
    const { completed, intentId } = fake.pay(sessionId);
    expect(await result()).toEqual({ state: "waiting", payment: null });

    const event = stripeEvent("checkout.session.completed", completed);
    expect(await deliverWebhook(app, event)).toEqual({ status: 200, body: { received: true, outcome: "applied" } });
    expect(await deliverWebhook(app, event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });

    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "paid", amountPaid: 120_000, paidAt: expect.any(Date) });
    expect(state.payments).toEqual([
      expect.objectContaining({
        amount: 120_000,
        currency: "USD",
        method: "Visa •••• 4242",
        status: "succeeded",
        receiptNumber: `${invoice.number}-1`,
        online: true,
        stripe: expect.objectContaining({ checkoutSessionId: sessionId, paymentIntentId: intentId, chargeId: expect.stringMatching(/^ch_/), accountId: null }),
      }),
    ]);
    expect(state.count("payment.succeeded")).toBe(1);
    expect(state.count("invoice.paid")).toBe(1);
    expect(state.activity).toEqual(["payment_started", "payment_succeeded"]);
    expect(await result()).toMatchObject({ state: "confirmed", payment: { id: state.payments[0]?.id, receiptNumber: `${invoice.number}-1` } });
    expect(await app.db.processedWebhook.count({ where: { source: "stripe", eventId: event.id as string } })).toBe(1);
  });

  it("waits for a bank debit, then settles when it succeeds", async () => {
    const { invoice, scope, sessionId, result } = await payingClient();
    const { completed } = fake.pay(sessionId, "sepa_debit");
    expect(completed.payment_status).toBe("unpaid");
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    expect((await stateOf(invoice.id)).invoice).toMatchObject({ status: "open", amountPaid: 0 });
    expect(await result()).toEqual({ state: "processing", payment: null });
    expect(await invoicePaymentOptions(app, scope)).toMatchObject({ canPay: false, blocker: "processing" });
    await expect(startCheckout(app, { ...scope, returnUrl: "http://remit.test/p/tok" })).rejects.toMatchObject({
      issues: { invoice: "A bank payment for this invoice is being processed: this can take a few business days." },
    });

    await deliverWebhook(app, stripeEvent("checkout.session.async_payment_succeeded", fake.asyncOutcome(sessionId, "succeeded")));
    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "paid", amountPaid: 120_000 });
    expect(state.payments).toEqual([expect.objectContaining({ method: "SEPA Direct Debit", status: "succeeded" })]);
    expect(await result()).toMatchObject({ state: "confirmed" });
    expect(await invoicePaymentOptions(app, scope)).toMatchObject({ canPay: false, blocker: "paid" });
  });

  it("reports a failed bank debit once, even when Stripe reports it twice", async () => {
    const { invoice, scope, sessionId, result } = await payingClient();
    const { completed, intentId } = fake.pay(sessionId, "sepa_debit");
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    await deliverWebhook(app, stripeEvent("checkout.session.async_payment_failed", fake.asyncOutcome(sessionId, "failed")));
    const failedIntent = { ...fake.decline(sessionId), id: intentId };
    await deliverWebhook(app, stripeEvent("payment_intent.payment_failed", failedIntent));

    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "open", amountPaid: 0 });
    expect(state.payments).toEqual([]);
    expect(state.events.filter((e) => e.type === "payment.failed").map((e) => e.payload)).toEqual([
      { invoiceId: invoice.id, reason: "The bank payment did not go through." },
    ]);
    expect(state.activity).toEqual(["payment_started", "payment_failed"]);
    expect(await result()).toEqual({ state: "failed", payment: null });
    expect(await invoicePaymentOptions(app, scope)).toMatchObject({ canPay: true, balance: 120_000 });
  });

  it("takes a declined card as not yet failed: the client can still pay in the same session", async () => {
    const { invoice, sessionId, result } = await payingClient();
    expect(await deliverWebhook(app, stripeEvent("payment_intent.payment_failed", fake.decline(sessionId)))).toMatchObject({ status: 200 });
    let state = await stateOf(invoice.id);
    expect(state.count("payment.failed")).toBe(0);
    expect(state.activity).toEqual(["payment_started", "payment_failed"]);
    expect(await result()).toEqual({ state: "waiting", payment: null });

    await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(sessionId).completed));
    state = await stateOf(invoice.id);
    expect(state.invoice.status).toBe("paid");
    expect(state.count("payment.failed")).toBe(0);
  });

  it("alerts once when a declined attempt really ends unpaid: the page expired", async () => {
    const { invoice, sessionId, result } = await payingClient();
    await deliverWebhook(app, stripeEvent("payment_intent.payment_failed", fake.decline(sessionId)));
    const expired = stripeEvent("checkout.session.expired", fake.expire(sessionId));
    expect(await deliverWebhook(app, expired)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    await deliverWebhook(app, expired);
    const state = await stateOf(invoice.id);
    expect(state.events.filter((e) => e.type === "payment.failed").map((e) => e.payload)).toEqual([
      { invoiceId: invoice.id, reason: "Your card has insufficient funds." },
    ]);
    expect(await result()).toEqual({ state: "failed", payment: null });
    // A page left without trying says nothing.
    const quiet = await payingClient();
    await deliverWebhook(app, stripeEvent("checkout.session.expired", fake.expire(quiet.sessionId)));
    expect((await stateOf(quiet.invoice.id)).count("payment.failed")).toBe(0);
  });

  it("takes a full refund off the amount paid; the paid invoice stays paid with nothing due", async () => {
    const { invoice, sessionId } = await payingClient();
    const { completed, intentId } = fake.pay(sessionId);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    const refunded = stripeEvent("charge.refunded", fake.refund(intentId, 120_000));
    expect(await deliverWebhook(app, refunded)).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await deliverWebhook(app, refunded)).toMatchObject({ body: { outcome: "duplicate" } });

    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "paid", amountPaid: 0 });
    expect(balanceDue(state.invoice)).toBe(0);
    expect(state.payments).toEqual([expect.objectContaining({ status: "refunded", amount: 120_000, amountRefunded: 120_000 })]);
    expect(state.events.filter((e) => e.type === "payment.refunded").map((e) => e.payload)).toEqual([
      { invoiceId: invoice.id, paymentId: state.payments[0]?.id, amount: 120_000, amountRefunded: 120_000, currency: "USD" },
    ]);
    expect(state.count("invoice.paid")).toBe(1);
  });

  it("handles partial refunds in any order, and a refunded partial payment is owed again", async () => {
    const { invoice, sessionId } = await payingClient({ partial: true, amount: "500.00" });
    const { completed, intentId } = fake.pay(sessionId);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    expect((await stateOf(invoice.id)).invoice).toMatchObject({ status: "open", amountPaid: 50_000 });

    const first = stripeEvent("charge.refunded", fake.refund(intentId, 10_000));
    const second = stripeEvent("charge.refunded", fake.refund(intentId, 15_000));
    await deliverWebhook(app, second);
    await deliverWebhook(app, first);

    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "open", amountPaid: 25_000 });
    expect(balanceDue(state.invoice)).toBe(95_000);
    expect(state.payments).toEqual([expect.objectContaining({ status: "succeeded", amountRefunded: 25_000 })]);
    expect(state.count("payment.refunded")).toBe(1);
  });

  it("records a Stripe payment that arrives after the invoice was settled another way, as an overpayment", async () => {
    const { workspace, invoice, sessionId } = await payingClient();
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 120_000, method: "bank transfer" }, testNow);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(sessionId).completed));
    const state = await stateOf(invoice.id);
    expect(state.invoice).toMatchObject({ status: "paid", amountPaid: 240_000 });
    expect(state.payments.map((p) => p.method)).toEqual(["bank transfer", "Visa •••• 4242"]);
    expect(state.count("invoice.paid")).toBe(1);
  });
});

describe("what a payment asks of others", () => {
  const deliveriesOf = async (invoiceId: string) =>
    (await app.db.delivery.findMany({ where: { aggregateId: invoiceId }, include: { event: true }, orderBy: { event: { sequence: "asc" } } })).map(
      (delivery) => `${delivery.event.type} → ${delivery.subscriber}`,
    );

  it("makes deliveries only for the subscribers the workspace's data concerns: the client's receipt, and no page to close", async () => {
    const { invoice, sessionId } = await payingClient();
    const before = await deliveriesOf(invoice.id);
    expect(await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(sessionId).completed))).toMatchObject({ body: { outcome: "applied" } });
    // No Slack, no Notion for this workspace; the page just paid is not open, so the checkout closer has nothing to close.
    expect((await deliveriesOf(invoice.id)).slice(before.length)).toEqual(["payment.succeeded → email"]);
    expect((await stateOf(invoice.id)).count("invoice.paid")).toBe(1);
  });

  it("asks the checkout closer, Slack and Notion when the invoice still has another page open and the workspace uses them", async () => {
    const older = await payingClient({ partial: true, amount: "500" });
    const { db } = app;
    await db.workspace.update({ where: { id: older.workspace.id }, data: { alertChannelId: "C0ALERTS" } });
    await aNotionConnection(db, older.workspace.id);
    const newer = await startCheckout(app, { ...older.scope, amount: "700", returnUrl: `http://remit.test/p/tok/invoices/${older.invoice.id}` });
    const newerSession = (await db.stripeCheckout.findUniqueOrThrow({ where: { attemptId: newer.checkoutId } })).sessionId ?? "";
    expect(await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(newerSession).completed))).toMatchObject({
      body: { outcome: "applied" },
    });
    const made = await db.delivery.findMany({ where: { aggregateId: older.invoice.id, event: { type: "payment.succeeded" } } });
    expect(made.map((delivery) => delivery.subscriber).sort()).toEqual(["email", "notion", "slack", "stripe-checkouts"]);
  });
});

describe("verification", () => {
  it("answers 400 to a bad, stale or missing signature and to a body that is not JSON, and records nothing", async () => {
    const { invoice, sessionId } = await payingClient();
    const event = stripeEvent("checkout.session.completed", fake.pay(sessionId).completed);
    const good = signedDelivery(event);
    const forged = { ...good, body: good.body.replace('"paid"', '"paid" ') };
    const stale = signedDelivery(event, { timestamp: testEpoch / 1000 - 600 });
    const unsigned = { body: good.body, headers: { "content-type": "application/json" } };

    expect(await deliverWebhook(app, forged)).toEqual({ status: 400, body: { error: "Signature does not match." } });
    expect(await deliverWebhook(app, stale)).toEqual({ status: 400, body: { error: "Signature timestamp is more than 300 s old." } });
    expect(await deliverWebhook(app, unsigned)).toEqual({ status: 400, body: { error: "Missing Stripe-Signature header." } });
    expect(await deliverWebhook(app, signedDelivery('{"id": "evt_1", "object": "event", '))).toEqual({ status: 400, body: { error: "Body is not JSON." } });
    expect(await app.db.processedWebhook.count({ where: { eventId: event.id as string } })).toBe(0);
    expect((await stateOf(invoice.id)).invoice).toMatchObject({ status: "open", amountPaid: 0 });
  });

  it("judges a signature's age by the server's clock", async () => {
    const { invoice, sessionId } = await payingClient();
    const event = stripeEvent("checkout.session.completed", fake.pay(sessionId).completed);
    const signedAt = testEpoch + 3_600_000;
    const delivery = signedDelivery(event, { timestamp: signedAt / 1000 });
    expect(await deliverWebhook({ ...app, now: () => new Date(signedAt + 301_000) }, delivery)).toMatchObject({ status: 400 });
    expect(await deliverWebhook({ ...app, now: () => new Date(signedAt + 299_000) }, delivery)).toMatchObject({ status: 200 });
    expect((await stateOf(invoice.id)).invoice.status).toBe("paid");
  });

  it("answers 200 to event types and objects it does not handle", async () => {
    expect(await deliverWebhook(app, stripeEvent("customer.created", { id: "cus_1", object: "customer" }))).toEqual({
      status: 200,
      body: { received: true, ignored: "customer.created is not an event Remit handles." },
    });
    const foreign = checkoutSessionObject({ id: "cs_test_foreign", payment_status: "paid", amount_total: 100, currency: "usd", payment_intent: "pi_foreign" });
    expect(await deliverWebhook(app, stripeEvent("checkout.session.completed", foreign))).toMatchObject({ status: 200, body: { ignored: expect.any(String) } });
  });

  it("answers 503 without Stripe configured, and 405 to anything but POST", async () => {
    const response = await action(routeArgs({ ...app, stripe: null }, "/webhooks/stripe", { method: "POST", body: "{}" }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "Stripe is not configured on this server: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET." });
    expect(loader().status).toBe(405);
    expect((await action(routeArgs(app, "/webhooks/stripe", { method: "PUT", body: "{}" }))).status).toBe(405);
  });
});

describe("delivery order and concurrency", () => {
  it("applies the same event delivered 10 times at once exactly once", async () => {
    const { invoice, sessionId } = await payingClient();
    const delivery = signedDelivery(stripeEvent("checkout.session.completed", fake.pay(sessionId).completed));
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliverWebhook(app, delivery)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.map((r) => r.body.outcome).sort()).toEqual(["applied", ...Array(9).fill("duplicate")]);
    const state = await stateOf(invoice.id);
    expect(state.payments).toHaveLength(1);
    expect(state.invoice).toMatchObject({ status: "paid", amountPaid: 120_000 });
    expect(state.count("invoice.paid")).toBe(1);
    expect(state.count("payment.succeeded")).toBe(1);
  });

  it("converges when the async success arrives before the completed session", async () => {
    const { invoice, sessionId, result } = await payingClient();
    const completed = fake.pay(sessionId, "sepa_debit").completed;
    await deliverWebhook(app, stripeEvent("checkout.session.async_payment_succeeded", fake.asyncOutcome(sessionId, "succeeded")));
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    expect((await stateOf(invoice.id)).invoice).toMatchObject({ status: "paid", amountPaid: 120_000 });
    expect(await result()).toMatchObject({ state: "confirmed" });
  });

  it("converges when a refund arrives before the completed session, or with it", async () => {
    const inOrder = await payingClient();
    const reordered = await payingClient();
    const together = await payingClient();
    const scenario = (client: typeof inOrder) => {
      const { completed, intentId } = fake.pay(client.sessionId);
      return { completed: stripeEvent("checkout.session.completed", completed), refunded: stripeEvent("charge.refunded", fake.refund(intentId, 20_000)) };
    };
    const a = scenario(inOrder);
    await deliverWebhook(app, a.completed);
    await deliverWebhook(app, a.refunded);
    const b = scenario(reordered);
    expect(await deliverWebhook(app, b.refunded)).toMatchObject({ body: { outcome: "applied" } });
    await deliverWebhook(app, b.completed);
    const c = scenario(together);
    await Promise.all([deliverWebhook(app, c.refunded), deliverWebhook(app, c.completed), deliverWebhook(app, c.refunded), deliverWebhook(app, c.completed)]);

    const summary = async (client: typeof inOrder) => {
      const state = await stateOf(client.invoice.id);
      return {
        invoice: { status: state.invoice.status, amountPaid: state.invoice.amountPaid },
        payments: state.payments.map((p) => ({
          amount: p.amount,
          amountRefunded: p.amountRefunded,
          status: p.status,
          method: p.method,
          hasSession: p.stripe?.checkoutSessionId === client.sessionId,
          hasCharge: Boolean(p.stripe?.chargeId),
        })),
        events: ["payment.succeeded", "invoice.paid", "payment.refunded"].map(state.count),
        confirmed: (await client.result()).state,
      };
    };
    const expected = {
      invoice: { status: "paid", amountPaid: 100_000 },
      payments: [{ amount: 120_000, amountRefunded: 20_000, status: "succeeded", method: "Visa •••• 4242", hasSession: true, hasCharge: true }],
      events: [1, 1, 1],
      confirmed: "confirmed",
    };
    expect(await summary(inOrder)).toEqual(expected);
    expect(await summary(reordered)).toEqual(expected);
    expect(await summary(together)).toEqual(expected);
  });

  it("converges when the session completes before Remit has recorded creating it", async () => {
    const { db } = app;
    const { workspace, customer } = await aVendor(db, { defaultCurrency: "USD" });
    const invoice = await anInvoice(db, workspace.id, customer.id);
    const scope = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
    // Stripe answers the creation only after the client has paid and the webhook has been applied.
    let webhook: Promise<unknown> = Promise.resolve();
    fake.onSessionCreated = (session) => {
      webhook = deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(String(session.id)).completed));
      return webhook;
    };
    const started = await startCheckout(app, { ...scope, returnUrl: `http://remit.test/p/tok/invoices/${invoice.id}` });
    await webhook;
    const attempt = await db.checkoutAttempt.findUniqueOrThrow({ where: { id: started.checkoutId }, include: { stripe: true } });
    expect(attempt).toMatchObject({ status: "succeeded", stripe: { url: started.url } });
    expect((await stateOf(invoice.id)).invoice).toMatchObject({ status: "paid", amountPaid: 120_000 });
    expect(await checkoutResult(app, { ...scope, sessionId: attempt.stripe?.sessionId ?? "" })).toMatchObject({ state: "confirmed" });
  });
});
