import { beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "#app/platform/config/log.server.ts";
import { ConfigError } from "#app/platform/config/env.server.ts";
import { PaymentProviderError, PaymentUnavailableError, ValidationError } from "#app/billing/errors.ts";
import type { CheckoutRequest } from "#app/ports/payment-gateway.ts";
import {
  checkoutSessionObject,
  chargeObject,
  connectEnv,
  connectEvent,
  FakeStripe,
  signedConnectDelivery,
  signedDelivery,
  stripeEnv,
  stripeEvent,
} from "#tests/msw/stripe.ts";
import { testNow } from "#tests/clock.ts";
import { mswServer } from "#tests/msw/server.ts";
import { createCheckoutSession } from "./checkout.ts";
import { createStripeClient } from "./client.ts";
import { apiEndpoint, describePaymentMethod, stripeSettings } from "./index.ts";
import { readWebhook } from "./webhooks.ts";

const reference = { workspaceId: "ws_1", invoiceId: "inv_1", customerId: "cus_1", checkoutId: "chk_1" };
const metadata = { remit_workspace_id: "ws_1", remit_invoice_id: "inv_1", remit_customer_id: "cus_1", remit_checkout_id: "chk_1" };

const client = (secretKey = stripeEnv.STRIPE_SECRET_KEY) => createStripeClient(secretKey, stripeEnv.STRIPE_API_URL, "0.0.0-test");
const stripe = {
  createCheckout: (request: CheckoutRequest, secretKey?: string) => createCheckoutSession(client(secretKey), request),
  readWebhook: (rawBody: string, signature: string | null, at: Date) =>
    readWebhook(client(), stripeEnv.STRIPE_WEBHOOK_SECRET, "account", rawBody, signature, at),
};

let fake: FakeStripe;
beforeEach(() => {
  fake = new FakeStripe();
  mswServer.use(...fake.handlers());
});

describe("configuration", () => {
  it("takes host, port and protocol from STRIPE_API_URL", () => {
    expect(apiEndpoint("https://api.stripe.com")).toEqual({ host: "api.stripe.com", port: 443, protocol: "https" });
    expect(apiEndpoint("http://localhost:12111")).toEqual({ host: "localhost", port: 12111, protocol: "http" });
    expect(apiEndpoint("https://stripe-proxy.internal:8443/")).toEqual({ host: "stripe-proxy.internal", port: 8443, protocol: "https" });
  });

  it("is off without keys and refuses half a configuration", () => {
    const { STRIPE_API_URL } = stripeEnv;
    expect(stripeSettings({ STRIPE_API_URL }, "0", false)).toBeNull();
    expect(() => stripeSettings({ ...stripeEnv, STRIPE_WEBHOOK_SECRET: undefined }, "0", false)).toThrow(ConfigError);
    expect(() => stripeSettings({ ...stripeEnv, STRIPE_SECRET_KEY: undefined }, "0", false)).toThrow("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
  });

  it("makes the other way impossible to misconfigure: one shared account for any number of vendors, or Connect without the platform's secret key", () => {
    const { STRIPE_API_URL } = stripeEnv;
    // Slack installable in any workspace with one Stripe account: every vendor's clients would pay the operator.
    expect(() => stripeSettings(stripeEnv, "0", true)).toThrow("Set STRIPE_CONNECT_WEBHOOK_SECRET so each workspace connects its own Stripe account");
    expect(stripeSettings(connectEnv, "0", true)).toMatchObject({ connectWebhookSecret: connectEnv.STRIPE_CONNECT_WEBHOOK_SECRET });
    // Connect without the platform's own endpoint is fine: its Connect endpoint carries every workspace's events.
    expect(stripeSettings({ ...connectEnv, STRIPE_WEBHOOK_SECRET: undefined }, "0", true)).toMatchObject({ webhookSecret: null });
    // Per-workspace restricted keys are not offered: Connect needs the platform's own secret key.
    expect(() => stripeSettings({ ...connectEnv, STRIPE_SECRET_KEY: "rk_test_restricted" }, "0", true)).toThrow(
      "Remit takes no per-workspace or restricted keys",
    );
    expect(() => stripeSettings({ STRIPE_API_URL, STRIPE_CONNECT_WEBHOOK_SECRET: connectEnv.STRIPE_CONNECT_WEBHOOK_SECRET }, "0", true)).toThrow(
      "needs the platform's secret key",
    );
  });
});

it("describes payment methods for receipts", () => {
  expect(describePaymentMethod({ type: "card", card: { brand: "visa", last4: "4242" } })).toBe("Visa •••• 4242");
  expect(describePaymentMethod({ type: "card", card: { brand: "amex", last4: "0005" } })).toBe("American Express •••• 0005");
  expect(describePaymentMethod({ type: "sepa_debit" })).toBe("SEPA Direct Debit");
  expect(describePaymentMethod({ type: "wechat_pay" })).toBe("Wechat pay");
  expect(describePaymentMethod(null)).toBe("Online payment (Stripe)");
});

describe("createCheckout", () => {
  const request: CheckoutRequest = {
    idempotencyKey: "remit-checkout-chk_1",
    amount: 120_000,
    currency: "EUR",
    lineName: "Invoice INV-0007 from Northwind Studio",
    lineDescription: null,
    customerEmail: "ap@acme.example",
    successUrl: "https://billing.example.com/p/tok/invoices/inv_1?payment=success&session_id={CHECKOUT_SESSION_ID}",
    cancelUrl: "https://billing.example.com/p/tok/invoices/inv_1?payment=cancelled",
    expiresAt: new Date("2026-11-21T12:00:00Z"),
    reference,
    account: null,
  };

  it("creates a session for the amount, with the line, metadata, email, return URLs and idempotency key", async () => {
    const created = await stripe.createCheckout(request);
    expect(created).toEqual({ sessionId: expect.stringMatching(/^cs_test_/), url: `https://checkout.stripe.com/c/pay/${created.sessionId}` });
    const [sent] = fake.createRequests;
    expect(sent?.idempotencyKey).toBe("remit-checkout-chk_1");
    expect(sent?.params).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][unit_amount]": "120000",
      "line_items[0][price_data][product_data][name]": "Invoice INV-0007 from Northwind Studio",
      customer_email: "ap@acme.example",
      client_reference_id: "inv_1",
      "metadata[remit_invoice_id]": "inv_1",
      "metadata[remit_workspace_id]": "ws_1",
      "metadata[remit_customer_id]": "cus_1",
      "metadata[remit_checkout_id]": "chk_1",
      "payment_intent_data[metadata][remit_invoice_id]": "inv_1",
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      expires_at: String(Date.parse("2026-11-21T12:00:00Z") / 1000),
    });
    expect(sent?.params).not.toHaveProperty("line_items[0][price_data][product_data][description]");
  });

  it("puts one line per invoice on a page that pays several, takes the minimum from the total, and refuses more than Stripe's 100 lines", async () => {
    const lines = [
      { name: "Invoice INV-0001 from Northwind Studio", description: null, amount: 30 },
      { name: "Invoice INV-0002 from Northwind Studio", description: "Balance due of INV-0002", amount: 1000 },
    ];
    const grouped = { ...request, idempotencyKey: "remit-checkout-group-g1", amount: 1030, lines, reference: { ...reference, groupId: "g1" } };
    const created = await stripe.createCheckout(grouped);
    expect(fake.sessions.get(created.sessionId)).toMatchObject({ amount_total: 1030, metadata: { remit_checkout_group_id: "g1" } });
    expect(fake.createRequests.at(-1)?.params).toMatchObject({
      "line_items[0][price_data][unit_amount]": "30",
      "line_items[1][price_data][unit_amount]": "1000",
      "line_items[1][price_data][product_data][description]": "Balance due of INV-0002",
      "payment_intent_data[metadata][remit_checkout_group_id]": "g1",
    });
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `Invoice ${i}`, description: null, amount: 100 }));
    await expect(stripe.createCheckout({ ...grouped, idempotencyKey: "k-many", amount: 10_100, lines: many })).rejects.toMatchObject({
      constructor: ValidationError,
    });
    expect(fake.createRequests).toHaveLength(1);
  });

  it("turns Stripe's failures into errors the portal can show", async () => {
    fake.failNextCreate = "server-error";
    await expect(stripe.createCheckout(request)).rejects.toThrow(PaymentProviderError);
    fake.failNextCreate = "amount-too-small";
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k2" })).rejects.toMatchObject({
      constructor: PaymentUnavailableError,
      message: expect.stringContaining("at least $0.50 usd"),
    });
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k4", currency: "BRL" })).rejects.toMatchObject({
      constructor: PaymentUnavailableError,
      message:
        "Online payment cannot take this invoice: Stripe does not take payments in this currency on this account. Nothing was charged. Please contact the sender to pay another way.",
    });
    // Remit refuses what Stripe's rules forbid before asking.
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k5", currency: "KWD", amount: 1255 })).rejects.toMatchObject({
      constructor: ValidationError,
    });
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k3" }, "sk_test_wrong")).rejects.toThrow("temporarily unavailable");
  });

  it("creates the session on a connected account with the Stripe-Account header; Stripe refuses an account that is not connected", async () => {
    const account = String(fake.addAccount({ name: "Northwind Studio", onboarded: true }).id);
    await stripe.createCheckout({ ...request, account });
    expect(fake.createRequests.at(-1)).toMatchObject({ account, idempotencyKey: "remit-checkout-chk_1" });
    fake.deauthorize(account);
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k6", account })).rejects.toThrow(PaymentUnavailableError);
  });
});

describe("readWebhook", () => {
  const now = testNow;
  const read = (delivery: { body: string; headers: Record<string, string> }, at = now) =>
    stripe.readWebhook(delivery.body, delivery.headers["stripe-signature"] ?? null, at);
  const paidSession = () => {
    const { sessionId } = { sessionId: "cs_test_paid" };
    fake.sessions.set(sessionId, checkoutSessionObject({ id: sessionId, amount_total: 5000, currency: "usd", metadata }));
    return fake.pay(sessionId).completed;
  };

  it("rejects a missing, wrong or stale signature and a body that is not JSON", async () => {
    const delivery = signedDelivery(stripeEvent("checkout.session.completed", paidSession()));
    expect(await stripe.readWebhook(delivery.body, null, now)).toEqual({ status: "rejected", error: "Missing Stripe-Signature header." });
    expect(await read({ ...delivery, body: delivery.body.replace("5000", "1") })).toEqual({ status: "rejected", error: "Signature does not match." });
    expect(await read(signedDelivery(JSON.parse(delivery.body), { secret: "whsec_other" }))).toMatchObject({ status: "rejected" });
    const old = signedDelivery(JSON.parse(delivery.body), { timestamp: Math.floor(now.getTime() / 1000) - 301 });
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    expect(await read(old)).toEqual({ status: "rejected", error: "Signature timestamp is more than 300 s old." });
    // An instance whose clock runs 6 minutes ahead refuses a delivery Stripe just signed, and says why.
    expect(await read(delivery, new Date(now.getTime() + 360_000))).toMatchObject({ status: "rejected" });
    expect(warn).toHaveBeenLastCalledWith(
      expect.stringContaining("this instance's clock is ahead"),
      expect.objectContaining({ toleranceSeconds: 300, ageSeconds: expect.any(Number) }),
    );
    warn.mockRestore();
    expect(await read(signedDelivery("{not json"))).toEqual({ status: "rejected", error: "Body is not JSON." });
    expect(await read(signedDelivery({ hello: "world" }))).toMatchObject({ status: "rejected", error: expect.stringContaining("Unexpected event") });
    expect(await read(signedDelivery({ id: "evt_1", object: "v2.core.event", type: "v1.billing.meter.error_report_triggered" }))).toMatchObject({
      status: "rejected",
      error: expect.stringContaining("Unreadable webhook payload"),
    });
  });

  it("reads the Connect endpoint's events with its own secret, naming their account; refuses events on the wrong endpoint", async () => {
    const account = String(fake.addAccount({ name: "Northwind Studio", onboarded: true }).id);
    const readConnect = (delivery: { body: string; headers: Record<string, string> }) =>
      readWebhook(client(), connectEnv.STRIPE_CONNECT_WEBHOOK_SECRET, "connect", delivery.body, delivery.headers["stripe-signature"] ?? null, now);
    const decline = connectEvent(
      "payment_intent.payment_failed",
      (fake.sessions.set("cs_test_c", checkoutSessionObject({ id: "cs_test_c", amount_total: 5000, currency: "usd", metadata })), fake.decline("cs_test_c")),
      account,
    );
    expect(await readConnect(signedConnectDelivery(decline))).toMatchObject({ status: "event", event: { type: "payment.failed", account } });
    // Signed with the platform's endpoint secret, or naming no account: not a Connect delivery.
    expect(await readConnect(signedDelivery(decline))).toEqual({ status: "rejected", error: "Signature does not match." });
    expect(await readConnect(signedConnectDelivery({ ...decline, account: undefined }))).toEqual({
      status: "rejected",
      error: "A Connect delivery must name its connected account (account).",
    });
    // A connected account's event on the platform's own endpoint is refused too.
    expect(await read(signedDelivery(decline))).toMatchObject({ status: "rejected", error: expect.stringContaining("/webhooks/stripe/connect") });
    const updated = connectEvent("account.updated", fake.completeOnboarding(account), account);
    expect(await readConnect(signedConnectDelivery({ ...updated, account: "acct_1Other" }))).toMatchObject({ status: "rejected" });
    expect(await readConnect(signedConnectDelivery(updated))).toMatchObject({
      status: "account",
      change: { type: "updated", account: { id: account, charges_enabled: true } },
    });
    const gone = connectEvent("account.application.deauthorized", fake.deauthorize(account), account);
    expect(await readConnect(signedConnectDelivery(gone))).toEqual({
      status: "account",
      eventId: gone.id,
      change: { type: "deauthorized", accountId: account },
    });
  });

  it("translates a paid session, with the card and charge read from Stripe", async () => {
    const event = stripeEvent("checkout.session.completed", paidSession());
    expect(await read(signedDelivery(event))).toEqual({
      status: "event",
      event: {
        type: "checkout.completed",
        id: event.id,
        account: null,
        paymentStatus: "paid",
        checkoutSessionId: "cs_test_paid",
        reference,
        payment: {
          paymentIntentId: expect.stringMatching(/^pi_/),
          checkoutSessionId: "cs_test_paid",
          chargeId: expect.stringMatching(/^ch_/),
          amount: 5000,
          currency: "USD",
          method: "Visa •••• 4242",
          paidAt: expect.any(Date),
          reference,
        },
      },
    });
  });

  it("still records the payment when Stripe cannot be asked about the charge", async () => {
    const event = stripeEvent("checkout.session.completed", paidSession());
    fake.failIntentReads = true;
    const reading = await read(signedDelivery(event));
    expect(reading).toMatchObject({
      status: "event",
      event: { payment: { chargeId: null, method: "Card", paidAt: new Date((event.created as number) * 1000) } },
    });
  });

  it("translates refunds and declines, and ignores what Remit does not handle", async () => {
    const charge = chargeObject({
      id: "ch_1",
      amount: 5000,
      amount_captured: 5000,
      amount_refunded: 2000,
      currency: "usd",
      payment_intent: "pi_1",
      metadata,
      payment_method_details: { type: "card", card: { brand: "mastercard", last4: "4444" } },
    });
    expect(await read(signedDelivery(stripeEvent("charge.refunded", charge)))).toMatchObject({
      status: "event",
      event: {
        type: "charge.refunded",
        amountRefunded: 2000,
        payment: { paymentIntentId: "pi_1", chargeId: "ch_1", amount: 5000, method: "Mastercard •••• 4444" },
      },
    });
    fake.sessions.set("cs_test_x", checkoutSessionObject({ id: "cs_test_x", amount_total: 5000, currency: "usd", metadata }));
    expect(await read(signedDelivery(stripeEvent("payment_intent.payment_failed", fake.decline("cs_test_x"))))).toMatchObject({
      status: "event",
      event: { type: "payment.failed", reason: "Your card has insufficient funds.", reference },
    });
    expect(await read(signedDelivery(stripeEvent("customer.created", { id: "cus_X", object: "customer" })))).toEqual({
      status: "ignored",
      reason: "customer.created is not an event Remit handles.",
    });
    const foreign = checkoutSessionObject({ id: "cs_test_other", payment_status: "paid", amount_total: 100, currency: "usd", payment_intent: "pi_other" });
    expect(await read(signedDelivery(stripeEvent("checkout.session.completed", foreign)))).toMatchObject({ status: "ignored" });
    const broken = { ...paidSession(), payment_status: "maybe" };
    expect(await read(signedDelivery(stripeEvent("checkout.session.completed", broken)))).toMatchObject({
      status: "rejected",
      error: expect.stringContaining("payment_status"),
    });
  });
});
