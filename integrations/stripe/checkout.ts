import Stripe from "stripe";
import { log } from "#app/config/log.server.ts";
import { PaymentProviderError, ValidationError } from "#app/domain/errors.ts";
import type { CheckoutRequest, CreatedCheckout } from "#app/domain/payment-gateway.ts";
import { referenceMetadata } from "./reference.ts";

const unavailable = "Online payment is temporarily unavailable and nothing was charged. Please try again in a few minutes.";

/** A Stripe Checkout Session for one invoice payment, created once per idempotency key. */
export async function createCheckoutSession(client: Stripe, request: CheckoutRequest): Promise<CreatedCheckout> {
  const metadata = referenceMetadata(request.reference);
  let session: Stripe.Checkout.Session;
  try {
    session = await client.checkout.sessions.create(
      {
        mode: "payment",
        submit_type: "pay",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amount,
              product_data: { name: request.lineName, ...(request.lineDescription ? { description: request.lineDescription } : {}) },
            },
          },
        ],
        ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        client_reference_id: request.reference.invoiceId,
        metadata,
        payment_intent_data: { description: request.lineName, metadata },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        expires_at: Math.floor(request.expiresAt.getTime() / 1000),
      },
      { idempotencyKey: request.idempotencyKey },
    );
  } catch (error) {
    throw translateError(error);
  }
  if (!session.url) {
    log.warn("Stripe created a Checkout Session without a URL", { sessionId: session.id });
    throw new PaymentProviderError(unavailable);
  }
  return { sessionId: session.id, url: session.url };
}

/** Stripe's errors in the domain's words; the details go to the log, never to the client. */
function translateError(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const details = { type: error.type, code: error.code, statusCode: error.statusCode, requestId: error.requestId };
  if (error instanceof Stripe.errors.StripeInvalidRequestError && (error.code === "amount_too_small" || error.code === "amount_too_large")) {
    return new ValidationError({ amount: error.message });
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    log.error("Stripe refused the secret key: check STRIPE_SECRET_KEY", details);
  } else {
    log.warn("Stripe could not create a Checkout Session", details);
  }
  return new PaymentProviderError(unavailable);
}
