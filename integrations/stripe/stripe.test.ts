import { beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "#app/platform/config/log.server.ts";
import { ConfigError } from "#app/platform/config/env.server.ts";
import { PaymentProviderError, PaymentUnavailableError, ValidationError } from "#app/billing/errors.ts";
import type { CheckoutRequest } from "#app/ports/payment-gateway.ts";
import { checkoutSessionObject, chargeObject, FakeStripe, signedDelivery, stripeEnv, stripeEvent } from "#tests/msw/stripe.ts";
import { testNow } from "#tests/clock.ts";
import { mswServer } from "#tests/msw/server.ts";
import { apiEndpoint, createStripeService, describePaymentMethod, type StripeService } from "./index.ts";

const settings = {
  secretKey: stripeEnv.STRIPE_SECRET_KEY,
  webhookSecret: stripeEnv.STRIPE_WEBHOOK_SECRET,
  apiUrl: stripeEnv.STRIPE_API_URL,
  appVersion: "0.0.0-test",
};
const reference = { workspaceId: "ws_1", invoiceId: "inv_1", customerId: "cus_1", checkoutId: "chk_1" };
const metadata = { remit_workspace_id: "ws_1", remit_invoice_id: "inv_1", remit_customer_id: "cus_1", remit_checkout_id: "chk_1" };

let fake: FakeStripe;
let stripe: StripeService;
beforeEach(() => {
  fake = new FakeStripe();
  mswServer.use(...fake.handlers());
  const service = createStripeService(settings);
  if (!service) throw new Error("Stripe should be configured");
  stripe = service;
});

describe("configuration", () => {
  it("takes host, port and protocol from STRIPE_API_URL", () => {
    expect(apiEndpoint("https://api.stripe.com")).toEqual({ host: "api.stripe.com", port: 443, protocol: "https" });
    expect(apiEndpoint("http://localhost:12111")).toEqual({ host: "localhost", port: 12111, protocol: "http" });
    expect(apiEndpoint("https://stripe-proxy.internal:8443/")).toEqual({ host: "stripe-proxy.internal", port: 8443, protocol: "https" });
  });

  it("is off without keys and refuses half a configuration", () => {
    expect(createStripeService({ ...settings, secretKey: undefined, webhookSecret: undefined })).toBeNull();
    expect(() => createStripeService({ ...settings, webhookSecret: undefined })).toThrow(ConfigError);
    expect(() => createStripeService({ ...settings, secretKey: undefined })).toThrow("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
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
      message: "Online payment cannot take this invoice: Stripe does not take payments in this currency on this account. Nothing was charged. Please contact the sender to pay another way.",
    });
    // Remit refuses what Stripe's rules forbid before asking.
    await expect(stripe.createCheckout({ ...request, idempotencyKey: "k5", currency: "KWD", amount: 1255 })).rejects.toMatchObject({ constructor: ValidationError });
    const wrongKey = createStripeService({ ...settings, secretKey: "sk_test_wrong" });
    await expect(wrongKey?.createCheckout({ ...request, idempotencyKey: "k3" })).rejects.toThrow("temporarily unavailable");
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
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining("this instance's clock is ahead"), expect.objectContaining({ toleranceSeconds: 300, ageSeconds: expect.any(Number) }));
    warn.mockRestore();
    expect(await read(signedDelivery("{not json"))).toEqual({ status: "rejected", error: "Body is not JSON." });
    expect(await read(signedDelivery({ hello: "world" }))).toMatchObject({ status: "rejected", error: expect.stringContaining("Unexpected event") });
    expect(await read(signedDelivery({ id: "evt_1", object: "v2.core.event", type: "v1.billing.meter.error_report_triggered" }))).toMatchObject({
      status: "rejected",
      error: expect.stringContaining("Unreadable webhook payload"),
    });
  });

  it("translates a paid session, with the card and charge read from Stripe", async () => {
    const event = stripeEvent("checkout.session.completed", paidSession());
    expect(await read(signedDelivery(event))).toEqual({
      status: "event",
      event: {
        type: "checkout.completed",
        id: event.id,
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
    expect(reading).toMatchObject({ status: "event", event: { payment: { chargeId: null, method: "Card", paidAt: new Date((event.created as number) * 1000) } } });
  });

  it("translates refunds and declines, and ignores what Remit does not handle", async () => {
    const charge = chargeObject({ id: "ch_1", amount: 5000, amount_captured: 5000, amount_refunded: 2000, currency: "usd", payment_intent: "pi_1", metadata, payment_method_details: { type: "card", card: { brand: "mastercard", last4: "4444" } } });
    expect(await read(signedDelivery(stripeEvent("charge.refunded", charge)))).toMatchObject({
      status: "event",
      event: { type: "charge.refunded", amountRefunded: 2000, payment: { paymentIntentId: "pi_1", chargeId: "ch_1", amount: 5000, method: "Mastercard •••• 4444" } },
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
