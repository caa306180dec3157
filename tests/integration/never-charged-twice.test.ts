import { describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { resolveOverpayment, startCheckout, type StartCheckoutInput } from "#app/billing/payments.server.ts";
import { testNow } from "#tests/clock.ts";
import { aCustomer, anInvoice, aVendor } from "#tests/fixtures.ts";
import { type FakeStripe, stripeEvent } from "#tests/msw/stripe.ts";
import { closePages, deliverWebhook, withFakeStripe } from "#tests/stripe.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world));

async function invoiceFor(amount: number, currency = "USD", workspace: { allowPartialPayments?: boolean } = {}) {
  const { workspace: ws, customer } = await aVendor(app.db, { defaultCurrency: currency });
  await app.db.workspace.update({ where: { id: ws.id }, data: workspace });
  const invoice = await anInvoice(app.db, ws.id, customer.id, { lines: [{ productName: "Work", quantity: 1, unitAmount: amount }] });
  const pay = (fields: Partial<StartCheckoutInput> = {}) =>
    startCheckout(app, {
      workspaceId: ws.id,
      customerId: customer.id,
      invoiceId: invoice.id,
      returnUrl: `http://remit.test/p/tok-${Math.random()}/invoices/${invoice.id}`,
      ...fields,
    });
  const sessionOf = async (checkoutId: string) => (await sessionOfAttempt(app.db, checkoutId)) ?? "";
  const state = async () => ({
    invoice: await app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } }),
    payments: await app.db.payment.findMany({ where: { invoiceId: invoice.id }, orderBy: { sequence: "asc" }, include: { stripe: true } }),
    events: await app.db.outboxEvent.findMany({ where: { aggregateId: invoice.id }, orderBy: { sequence: "asc" } }),
  });
  return { workspace: ws, customer, invoice, pay, sessionOf, state };
}

describe("never charged twice", () => {
  it("closes the client's Checkout page when the vendor marks the invoice paid from Slack or the CLI", async () => {
    const { workspace, invoice, pay, sessionOf, state } = await invoiceFor(1000, "EUR");
    const session = await sessionOf((await pay()).checkoutId);
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 1000, method: "Bank transfer" }, testNow);
    expect(await closePages(app, invoice.id)).toEqual(expect.arrayContaining(["payment.succeeded", "invoice.paid"]));
    expect(fake.expireRequests).toEqual([session]);
    expect(() => fake.pay(session)).toThrow("no longer takes a payment");
    expect(await deliverWebhook(app, stripeEvent("checkout.session.expired", fake.sessions.get(session)!))).toMatchObject({ status: 200 });
    const after = await state();
    expect(after.invoice).toMatchObject({ status: "paid", amountPaid: 1000 });
    expect(after.events.map((e) => e.type)).not.toContain("payment.failed");
  });

  it("closes the page of a voided invoice", async () => {
    const { workspace, invoice, pay, sessionOf } = await invoiceFor(30_000);
    const session = await sessionOf((await pay()).checkoutId);
    await voidInvoice(app.db, workspace.id, invoice.id, testNow);
    await closePages(app, invoice.id);
    expect(fake.openSessions).not.toContain(session);
    expect((await app.db.checkoutAttempt.findFirstOrThrow({ where: { stripe: { sessionId: session } } })).status).toBe("expired");
  });

  it("keeps only the newest page open when the client starts pages for different amounts", async () => {
    const { invoice, pay, sessionOf } = await invoiceFor(5000, "USD", { allowPartialPayments: true });
    const sessions: string[] = [];
    for (const amount of ["20", "30", "11"]) sessions.push(await sessionOf((await pay({ amount })).checkoutId));
    await closePages(app, invoice.id);
    expect(fake.openSessions.filter((id) => sessions.includes(id))).toEqual([sessions[2]]);
    // A new page after a payment also closes the one made for the old balance.
    fake.pay(sessions[2]!);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.sessions.get(sessions[2]!)!));
    const next = await sessionOf((await pay({ amount: "39" })).checkoutId);
    await closePages(app, invoice.id);
    expect(fake.openSessions.filter((id) => [...sessions, next].includes(id))).toEqual([next]);
  });

  it("records, shows and announces money that still arrives beyond the balance or on a void invoice", async () => {
    const paidTwice = await invoiceFor(1000, "EUR");
    const session = await paidTwice.sessionOf((await paidTwice.pay()).checkoutId);
    // The client finishes on Stripe's page just before Remit closes it.
    const { completed } = fake.pay(session);
    await recordManualPayment(app.db, { workspaceId: paidTwice.workspace.id, invoiceId: paidTwice.invoice.id, amount: 1000, method: "Bank transfer" }, testNow);
    await closePages(app, paidTwice.invoice.id);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    const twice = await paidTwice.state();
    expect(twice.invoice).toMatchObject({ status: "paid", amountPaid: 2000 });
    expect(twice.payments.map((p) => [p.amount, p.overpaid])).toEqual([
      [1000, 0],
      [1000, 1000],
    ]);
    expect(twice.events.filter((e) => e.type === "payment.overpaid").map((e) => e.payload)).toEqual([
      { invoiceId: paidTwice.invoice.id, paymentId: twice.payments[1]?.id, amount: 1000, currency: "EUR" },
    ]);

    // The vendor refunds the overpaid part through Stripe, once however often it is pressed.
    const refund = await resolveOverpayment(app, { workspaceId: paidTwice.workspace.id, paymentId: twice.payments[1]!.id, choice: "refund" });
    expect(refund).toMatchObject({ choice: "refund", already: false });
    expect(await resolveOverpayment(app, { workspaceId: paidTwice.workspace.id, paymentId: twice.payments[1]!.id, choice: "refund" })).toMatchObject({
      already: true,
    });
    expect(fake.refunds).toEqual([
      { paymentIntent: twice.payments[1]!.stripe?.paymentIntentId, amount: 1000, idempotencyKey: `remit-overpayment-${twice.payments[1]!.id}` },
    ]);

    const voided = await invoiceFor(30_000);
    const voidedSession = await voided.sessionOf((await voided.pay()).checkoutId);
    const late = fake.pay(voidedSession).completed;
    await voidInvoice(app.db, voided.workspace.id, voided.invoice.id, testNow);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", late));
    const onVoid = await voided.state();
    expect(onVoid.invoice).toMatchObject({ status: "void", amountPaid: 30_000 });
    expect(onVoid.payments.map((p) => p.overpaid)).toEqual([30_000]);
    expect(onVoid.events.map((e) => e.type)).toContain("payment.overpaid");
  });

  it("sends one parameter set per idempotency key: overlapping presses with fresh return links get one session", async () => {
    const { pay } = await invoiceFor(12_000);
    // Stripe answers the first creation only after the second press has been made.
    let second: Promise<unknown> = Promise.resolve();
    fake.onSessionCreated = async () => {
      fake.onSessionCreated = null;
      second = pay();
      await second;
    };
    const first = await pay();
    expect(await second).toMatchObject({ checkoutId: first.checkoutId, url: first.url });
    expect(fake.sessionCount).toBe(1);
    const keys = new Set(fake.createRequests.map((request) => request.idempotencyKey));
    expect(keys.size).toBe(1);
    expect(new Set(fake.createRequests.map((request) => JSON.stringify(request.params))).size).toBe(1);
  });
});

describe("refunds and odd events", () => {
  it("matches a refund to its payment by payment intent, whatever the metadata says", async () => {
    const a = await invoiceFor(5000);
    const b = await invoiceFor(7000);
    const session = await a.sessionOf((await a.pay()).checkoutId);
    const { completed, intentId } = fake.pay(session);
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    const charge = fake.refund(intentId, 2000);
    const forged = {
      ...charge,
      metadata: {
        ...(charge.metadata as Record<string, string>),
        remit_invoice_id: b.invoice.id,
        remit_customer_id: b.customer.id,
        remit_workspace_id: b.workspace.id,
      },
    };
    expect(await deliverWebhook(app, stripeEvent("charge.refunded", forged))).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect((await a.state()).invoice.amountPaid).toBe(3000);
    expect((await b.state()).payments).toEqual([]);
  });

  it("refuses a signed event with a negative or inconsistent amount in words, without a 500, recording nothing", async () => {
    const { invoice, pay, sessionOf, state } = await invoiceFor(5000);
    const session = await sessionOf((await pay()).checkoutId);
    const { completed, intentId } = fake.pay(session);
    const negative = await deliverWebhook(app, stripeEvent("checkout.session.completed", { ...completed, amount_total: -5000 }));
    expect(negative).toMatchObject({ status: 400, body: { error: expect.stringContaining("amount_total") } });
    await deliverWebhook(app, stripeEvent("checkout.session.completed", completed));
    const charge = fake.refund(intentId, 0);
    const inconsistent = await deliverWebhook(app, stripeEvent("charge.refunded", { ...charge, amount_refunded: 9000 }));
    expect(inconsistent).toMatchObject({ status: 400, body: { error: expect.stringContaining("amount_refunded is more than amount_captured") } });
    expect((await state()).invoice).toMatchObject({ id: invoice.id, amountPaid: 5000 });
  });
});

describe("amounts at the Stripe boundary", () => {
  it("sends Stripe its own units and books what Stripe reports in the invoice's units", async () => {
    const cases: [string, number, number][] = [
      ["JPY", 120_000, 120_000],
      ["ISK", 95_000, 9_500_000],
      ["HUF", 12_345, 1_234_500],
      ["KWD", 1_250_500, 1_250_500],
      ["OMR", 12_340, 12_340],
    ];
    for (const [currency, amount, sent] of cases) {
      const { pay, sessionOf, state } = await invoiceFor(amount, currency);
      const session = await sessionOf((await pay()).checkoutId);
      expect(fake.createRequests.at(-1)?.params).toMatchObject({
        "line_items[0][price_data][currency]": currency.toLowerCase(),
        "line_items[0][price_data][unit_amount]": String(sent),
      });
      await deliverWebhook(app, stripeEvent("checkout.session.completed", fake.pay(session).completed));
      expect((await state()).invoice).toMatchObject({ status: "paid", amountPaid: amount, currency });
    }
  });

  it("refuses in words, before any redirect, an amount Stripe cannot charge", async () => {
    const { pay } = await invoiceFor(12_345, "OMR");
    await expect(pay()).rejects.toMatchObject({
      issues: { amount: "Card payments in OMR go in steps of OMR\u00a00.010, so OMR\u00a012.345 cannot be charged exactly." },
    });
    const small = await invoiceFor(40, "USD");
    await expect(small.pay()).rejects.toMatchObject({ issues: { amount: "Card payments in USD start at $0.50." } });
    expect(fake.createRequests).toEqual([]);
  });

  it("tells the client what is true when Stripe refuses a currency for good, and alerts the vendor once", async () => {
    const { workspace, pay } = await invoiceFor(10_000, "BRL");
    const message =
      "Online payment cannot take this invoice: Stripe does not take payments in this currency on this account. Nothing was charged. Please contact the sender to pay another way.";
    await expect(pay()).rejects.toThrow(message);
    await expect(pay()).rejects.toThrow(message);
    const alerts = await app.db.outboxEvent.findMany({ where: { workspaceId: workspace.id, type: "integration.failed" } });
    expect(alerts.map((e) => e.payload)).toEqual([
      { integration: "stripe", reason: "Stripe refused a payment: Stripe does not take payments in this currency on this account." },
    ]);
  });
});

it("reads a German client's partial amount in their locale: 12,50 is €12.50", async () => {
  const { workspace } = await invoiceFor(227_310, "EUR", { allowPartialPayments: true });
  const customer = await aCustomer(app.db, workspace.id, { name: "Kunde", locale: "de-DE", currency: "EUR" });
  const invoice = await anInvoice(app.db, workspace.id, customer.id, { lines: [{ productName: "Arbeit", quantity: 1, unitAmount: 227_310 }] });
  const german = (amount: string, confirmedAmount?: number) =>
    startCheckout(app, {
      workspaceId: workspace.id,
      customerId: customer.id,
      invoiceId: invoice.id,
      amount,
      confirmedAmount,
      returnUrl: `http://remit.test/p/t/invoices/${invoice.id}`,
    });
  await german("12,50", 1250);
  expect(fake.createRequests.at(-1)?.params["line_items[0][price_data][unit_amount]"]).toBe("1250");
  await german("2.273,10", 227_310);
  expect(fake.createRequests.at(-1)?.params["line_items[0][price_data][unit_amount]"]).toBe("227310");
  await expect(german("12,50", 227_310)).rejects.toMatchObject({ name: "AmountNotConfirmedError", amount: 1250 });
});
