import { describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { aCustomer, anInvoice, aVendor } from "#tests/fixtures.ts";
import { type FakeStripe } from "#tests/msw/stripe.ts";
import { withFakeStripe } from "#tests/stripe.ts";
import { NotFoundError, PaymentProviderError, PaymentsNotConfiguredError, ValidationError } from "./errors.ts";
import { recordManualPayment, voidInvoice } from "./invoices.server.ts";
import { chooseAmount, paymentOptions } from "./payment-options.ts";
import { invoicePaymentOptions, startCheckout, type StartCheckoutInput } from "./payments.server.ts";
import { testNow } from "#tests/clock.ts";

let app: AppContext;
let fake: FakeStripe;
withFakeStripe((world) => ({ app, fake } = world));

/** An open USD invoice of $1,200.00 for a customer with an email. */
async function openInvoice(workspace: { allowPartialPayments?: boolean; minimumPartialAmount?: number | null } = {}) {
  const { db } = app;
  const vendor = await aVendor(db, { defaultCurrency: "USD" });
  await db.workspace.update({ where: { id: vendor.workspace.id }, data: workspace });
  const invoice = await anInvoice(db, vendor.workspace.id, vendor.customer.id);
  const pay = (fields: Partial<StartCheckoutInput> = {}, ctx: AppContext = app) =>
    startCheckout(ctx, {
      workspaceId: vendor.workspace.id,
      customerId: vendor.customer.id,
      invoiceId: invoice.id,
      returnUrl: `http://remit.test/p/tok/invoices/${invoice.id}`,
      ...fields,
    });
  return { ...vendor, invoice, pay };
}

const activities = (invoiceId: string, kind: "payment_started") => app.db.activityEvent.count({ where: { invoiceId, kind } });

describe("startCheckout", () => {
  it("sends the client to a Checkout page for the balance, and records nothing as paid", async () => {
    const { workspace, customer, invoice, pay } = await openInvoice();
    const started = await pay();
    const attempt = await app.db.checkoutAttempt.findUniqueOrThrow({ where: { id: started.checkoutId }, include: { stripe: true } });
    expect(started).toEqual({ url: attempt.stripe?.url, checkoutId: attempt.id, reused: false });
    expect(attempt).toMatchObject({
      status: "open",
      amount: 120_000,
      currency: "USD",
      amountPaidBefore: 0,
      stripe: { attemptId: attempt.id, invoiceId: invoice.id, accountId: null, sessionId: expect.stringMatching(/^cs_test_/), url: started.url },
    });
    const returnUrl = `http://remit.test/p/tok/invoices/${invoice.id}`;
    expect(fake.createRequests[0]).toMatchObject({
      idempotencyKey: `remit-checkout-${attempt.id}`,
      params: {
        "line_items[0][price_data][unit_amount]": "120000",
        "line_items[0][price_data][currency]": "usd",
        "line_items[0][price_data][product_data][name]": `Invoice ${invoice.number} from ${workspace.name}`,
        customer_email: customer.email,
        "metadata[remit_invoice_id]": invoice.id,
        "metadata[remit_workspace_id]": workspace.id,
        "metadata[remit_customer_id]": customer.id,
        success_url: `${returnUrl}?payment=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${returnUrl}?payment=cancelled`,
      },
    });
    expect(await activities(invoice.id, "payment_started")).toBe(1);
    expect(await app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", amountPaid: 0 });
    expect(await app.db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });

  it("never makes two sessions for one attempt: a double click gets the same page", async () => {
    const { invoice, pay } = await openInvoice();
    const [first, second] = await Promise.all([pay(), pay()]);
    expect(second?.url).toBe(first?.url);
    const third = await pay();
    expect(third).toMatchObject({ url: first?.url, reused: true });
    expect(fake.sessionCount).toBe(1);
    expect(new Set(fake.createRequests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(await app.db.checkoutAttempt.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect(await activities(invoice.id, "payment_started")).toBe(1);
  });

  it("starts a new attempt once the last one is old or the balance changed", async () => {
    const { workspace, invoice, pay } = await openInvoice({ allowPartialPayments: true });
    const first = await pay();
    const later = { ...app, now: () => new Date(app.now().getTime() + 31 * 60_000) };
    const afterHalfAnHour = await pay({}, later);
    expect(afterHalfAnHour.url).not.toBe(first.url);
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 20_000, method: "cash" }, testNow);
    const afterPayment = await pay();
    expect(afterPayment.url).not.toBe(first.url);
    expect(fake.createRequests.at(-1)?.params["line_items[0][price_data][unit_amount]"]).toBe("100000");
    const otherAmount = await pay({ amount: "500.00" });
    expect(fake.sessionCount).toBe(4);
    expect(otherAmount.reused).toBe(false);
  });

  it("refuses invoices with nothing to pay, and other customers' invoices", async () => {
    const { workspace, customer, invoice, pay } = await openInvoice();
    await recordManualPayment(app.db, { workspaceId: workspace.id, invoiceId: invoice.id, amount: 120_000, method: "bank transfer" }, testNow);
    await expect(pay()).rejects.toMatchObject({ constructor: ValidationError, issues: { invoice: "This invoice is already paid." } });

    const voided = await anInvoice(app.db, workspace.id, customer.id);
    await voidInvoice(app.db, workspace.id, voided.id, testNow);
    await expect(pay({ invoiceId: voided.id })).rejects.toMatchObject({ issues: { invoice: "This invoice was voided: there is nothing to pay." } });

    const draft = await anInvoice(app.db, workspace.id, customer.id, { issue: false });
    await expect(pay({ invoiceId: draft.id })).rejects.toMatchObject({ issues: { invoice: "This invoice has not been issued yet." } });

    const free = await anInvoice(app.db, workspace.id, customer.id, { lines: [{ productName: "Favour", quantity: 1, unitAmount: 0 }] });
    await expect(pay({ invoiceId: free.id })).rejects.toMatchObject({ issues: { invoice: "Nothing is left to pay on this invoice." } });

    const stranger = await aCustomer(app.db, workspace.id);
    await expect(pay({ customerId: stranger.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(fake.createRequests).toHaveLength(0);
  });

  it("takes partial amounts only where the vendor allows them, from the minimum up to the balance", async () => {
    const fullOnly = await openInvoice();
    await expect(fullOnly.pay({ amount: "500.00" })).rejects.toMatchObject({ issues: { amount: "This invoice is paid in full: $1,200.00" } });
    expect((await fullOnly.pay({ amount: "1,200.00" })).url).toMatch(/^https:\/\/checkout\.stripe\.com\//);

    const partial = await openInvoice({ allowPartialPayments: true, minimumPartialAmount: 50_000 });
    await expect(partial.pay({ amount: "100" })).rejects.toMatchObject({ issues: { amount: "The smallest payment accepted is $500.00" } });
    await expect(partial.pay({ amount: "1200.01" })).rejects.toMatchObject({ issues: { amount: "You can pay at most $1,200.00, the balance due" } });
    await expect(partial.pay({ amount: "twelve" })).rejects.toMatchObject({ issues: { amount: "Write the amount in figures, such as 1,234.56." } });
    await expect(partial.pay({ amount: 0 })).rejects.toMatchObject({ issues: { amount: "Enter an amount such as $1,200.00" } });
    await partial.pay({ amount: "600" });
    expect(fake.createRequests.at(-1)?.params).toMatchObject({
      "line_items[0][price_data][unit_amount]": "60000",
      "line_items[0][price_data][product_data][description]": "Partial payment (balance due $1,200.00)",
    });
    expect((await partial.pay({ amount: 60_000 })).reused).toBe(true);
  });

  it("says online payment is not set up when Stripe is not configured", async () => {
    const { workspace, customer, invoice, pay } = await openInvoice();
    const unconfigured = { ...app, stripe: null };
    const scope = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
    expect(await invoicePaymentOptions(unconfigured, scope)).toMatchObject({ canPay: false, blocker: "not-configured", balance: 120_000 });
    expect(await invoicePaymentOptions(app, scope)).toMatchObject({ canPay: true, blocker: null, partial: false, minimum: 120_000 });
    await expect(pay({}, unconfigured)).rejects.toThrow(PaymentsNotConfiguredError);
    await expect(pay({}, unconfigured)).rejects.toThrow("Online payment is not set up for this invoice");
  });

  it("gives a clear error when Stripe fails, records nothing, and the next press starts afresh", async () => {
    const { invoice, pay } = await openInvoice();
    fake.failNextCreate = "server-error";
    await expect(pay()).rejects.toThrow(PaymentProviderError);
    expect((await pay()).url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const [failed, retried] = fake.createRequests;
    expect(failed?.idempotencyKey).not.toBe(retried?.idempotencyKey);
    expect(await app.db.checkoutAttempt.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect(await activities(invoice.id, "payment_started")).toBe(1);
    expect(await app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ status: "open", amountPaid: 0 });
  });
});

describe("paymentOptions", () => {
  const workspace = { allowPartialPayments: true, minimumPartialAmount: 5_000 };
  const invoice = { status: "open" as const, total: 20_000, amountPaid: 17_000, currency: "EUR" };

  it("offers the balance, and a minimum no larger than the balance", () => {
    const online = { configured: true };
    expect(paymentOptions(invoice, workspace, online)).toEqual({
      canPay: true,
      blocker: null,
      balance: 3_000,
      currency: "EUR",
      partial: true,
      minimum: 3_000,
      unchargeable: null,
      // Not split into instalments: Pay suggests the balance.
      suggested: 3_000,
      instalment: null,
    });
    expect(paymentOptions(invoice, workspace, { configured: false })).toMatchObject({ canPay: false, blocker: "not-configured" });
    expect(paymentOptions(invoice, workspace, { configured: true, processing: true })).toMatchObject({ canPay: false, blocker: "processing" });
    expect(paymentOptions({ ...invoice, status: "paid", amountPaid: 12_000 }, workspace, online)).toMatchObject({ blocker: "paid", balance: 0 });
    expect(chooseAmount(paymentOptions(invoice, workspace, online), "")).toBe(3_000);
    expect(() => chooseAmount(paymentOptions(invoice, workspace, online), "30.001")).toThrow("EUR amounts have at most 2 decimals");
  });
});
