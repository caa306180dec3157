import Stripe from "stripe";
import { log } from "#app/platform/config/log.server.ts";
import { PaymentProviderError, PaymentUnavailableError, ValidationError } from "#app/billing/errors.ts";
import type { CheckoutRequest, CreatedCheckout, RefundRequest, RefundResult } from "#app/ports/payment-gateway.ts";
import { fromStripeAmount, toStripeAmount } from "./currency.ts";
import { referenceMetadata } from "./reference.ts";

/** Stripe's documented limit for a Checkout Session in payment mode. */
export const maxLineItems = 100;

const unavailable = "Online payment is temporarily unavailable and nothing was charged. Please try again in a few minutes.";

/** A Stripe Checkout Session for one invoice payment, created once per idempotency key. */
export async function createCheckoutSession(client: Stripe, request: CheckoutRequest): Promise<CreatedCheckout> {
  const metadata = referenceMetadata(request.reference);
  const amount = toStripeAmount(request.amount, request.currency);
  if (!amount.ok) throw new ValidationError({ amount: amount.reason });
  const lines = request.lines ?? [{ name: request.lineName, description: request.lineDescription, amount: request.amount }];
  if (lines.length > maxLineItems) throw new ValidationError({ amount: `One payment page takes at most ${maxLineItems} invoices.` });
  if (lines.reduce((sum, line) => sum + line.amount, 0) !== request.amount) throw new Error("The checkout's lines do not add up to its amount");
  const lineItems = lines.map((line) => {
    const unit = toStripeAmount(line.amount, request.currency, "en-US", { line: true });
    if (!unit.ok) throw new ValidationError({ amount: unit.reason });
    return {
      quantity: 1,
      price_data: {
        currency: request.currency.toLowerCase(),
        unit_amount: unit.amount,
        product_data: { name: line.name, ...(line.description ? { description: line.description } : {}) },
      },
    };
  });
  let session: Stripe.Checkout.Session;
  try {
    session = await client.checkout.sessions.create(
      {
        mode: "payment",
        submit_type: "pay",
        line_items: lineItems,
        ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        client_reference_id: request.reference.invoiceId,
        metadata,
        payment_intent_data: { description: request.lineName, metadata },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        expires_at: Math.floor(request.expiresAt.getTime() / 1000),
      },
      { idempotencyKey: request.idempotencyKey, ...onAccount(request.account) },
    );
  } catch (error) {
    throw translateError(error, request.account);
  }
  if (!session.url) {
    log.warn("Stripe created a Checkout Session without a URL", { sessionId: session.id });
    throw new PaymentProviderError(unavailable);
  }
  return { sessionId: session.id, url: session.url };
}

/**
 * Closes an open Checkout Session. Stripe expires only sessions that are still open: for a
 * completed or already expired one it answers 400, and that session's own webhook tells the rest.
 */
export async function expireCheckoutSession(client: Stripe, sessionId: string, account: string | null): Promise<"expired" | "not-open"> {
  try {
    await client.checkout.sessions.expire(sessionId, {}, { idempotencyKey: `remit-expire-${sessionId}`, ...onAccount(account) });
    return "expired";
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      log.info("Stripe did not expire a Checkout Session that is no longer open", { sessionId, code: error.code });
      return "not-open";
    }
    if (account && error instanceof Stripe.errors.StripePermissionError) {
      // The account removed Remit's access: only its owner can close the page now (it lapses within two hours).
      log.warn("Could not expire a Checkout Session: the connected account removed Remit's access", { sessionId, account });
      return "not-open";
    }
    throw error;
  }
}

/**
 * A refund of part of a payment intent, once per idempotency key (a repeat gets Stripe's first
 * answer). Answers the charge's running refunded total, so the refund can be recorded at once;
 * the charge.refunded webhook then carries the same total and records nothing more.
 */
export async function refundPayment(client: Stripe, request: RefundRequest): Promise<RefundResult> {
  const amount = toStripeAmount(request.amount, request.currency);
  if (!amount.ok) throw new ValidationError({ amount: amount.reason });
  let refund: Stripe.Refund;
  try {
    refund = await client.refunds.create(
      { payment_intent: request.paymentIntentId, amount: amount.amount, reason: request.reason ?? "duplicate", expand: ["charge"] },
      { idempotencyKey: request.idempotencyKey, ...onAccount(request.account) },
    );
  } catch (error) {
    throw refundError(error, request);
  }
  const charge = typeof refund.charge === "object" && refund.charge ? refund.charge : null;
  return { refundId: refund.id, totalRefunded: charge ? fromStripeAmount(charge.amount_refunded, charge.currency) : null };
}

/** Stripe's refusals of a refund in the vendor's words; nothing was refunded in any of them. */
function refundError(error: unknown, request: RefundRequest): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const details = { type: error.type, code: error.code, statusCode: error.statusCode, requestId: error.requestId, account: request.account };
  log.warn("Stripe did not refund", details);
  if (error.code === "amount_too_large" || error.code === "charge_already_refunded")
    return new ValidationError({
      amount: "Stripe says less than that is left to refund on this payment: nothing was refunded. Check `/invoice status` and try a smaller amount.",
    });
  if (request.account && error instanceof Stripe.errors.StripePermissionError)
    return new PaymentProviderError("The vendor's Stripe account no longer lets Remit refund for it: refund from the Stripe Dashboard. Nothing was refunded.");
  if (error instanceof Stripe.errors.StripeInvalidRequestError)
    return new PaymentProviderError(`Stripe refused the refund (${error.message}). Nothing was refunded.`);
  return new PaymentProviderError("Stripe could not be reached, and nothing was refunded. Try again in a minute: the same request never refunds twice.");
}

/** A request made as a connected account (the Stripe-Account header), or as the server's own account. */
export function onAccount(account: string | null): { stripeAccount?: string } {
  return account ? { stripeAccount: account } : {};
}

const permanent = (what: string) =>
  new PaymentUnavailableError(
    `Online payment cannot take this invoice: ${what} Nothing was charged. Please contact the sender to pay another way.`,
    `Stripe refused a payment: ${what}`,
  );

/** Stripe's errors in the domain's words; the details go to the log, never to the client. */
function translateError(error: unknown, account: string | null): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const details = { type: error.type, code: error.code, param: error.param, statusCode: error.statusCode, requestId: error.requestId, account };
  if (account && error instanceof Stripe.errors.StripePermissionError) {
    // The vendor's own account removed Remit's access (or was never connected): not something a retry fixes.
    log.warn("A connected Stripe account refused the platform", details);
    return permanent("the vendor's Stripe account no longer lets Remit take payments for it.");
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // A request Stripe refuses as such fails the same way every time: say what is true, once.
    log.warn("Stripe refused the request", details);
    if (error.code === "amount_too_small" || error.code === "amount_too_large")
      return permanent(`the amount is outside what Stripe can charge (${error.message}).`);
    if (error.param?.includes("currency")) return permanent("Stripe does not take payments in this currency on this account.");
    return permanent(`Stripe refused the payment request (${error.message}).`);
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    log.error("Stripe refused the secret key: check STRIPE_SECRET_KEY", details);
  } else {
    log.warn("Stripe could not create a Checkout Session", details);
  }
  return new PaymentProviderError(unavailable);
}
