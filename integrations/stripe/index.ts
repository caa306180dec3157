// Stripe for Remit: Checkout Sessions for invoice payments, and verified webhooks translated
// into the domain's PaymentEvents. Nothing outside this folder sees a Stripe type.
import { ConfigError } from "#app/platform/config/env.server.ts";
import type { PaymentGateway } from "#app/ports/payment-gateway.ts";
import { createCheckoutSession, expireCheckoutSession, refundPayment } from "./checkout.ts";
import { createStripeClient } from "./client.ts";
import { toStripeAmount } from "./currency.ts";
import { readWebhook, type WebhookReading } from "./webhooks.ts";

export type { WebhookReading };
export { apiEndpoint } from "./client.ts";
export { describePaymentMethod } from "./payment-method.ts";
export { checkoutCloser } from "./sessions.ts";

export interface StripeService extends PaymentGateway {
  /** Verifies and translates a webhook delivery: `rawBody` exactly as received. */
  readWebhook(rawBody: string, signature: string | null, receivedAt: Date): Promise<WebhookReading>;
}

export interface StripeSettings {
  secretKey?: string;
  webhookSecret?: string;
  apiUrl: string;
  appVersion: string;
}

/** The Stripe service, or null when Stripe is not configured (online payment is then off). */
export function createStripeService(settings: StripeSettings): StripeService | null {
  const { secretKey, webhookSecret } = settings;
  if (!secretKey && !webhookSecret) return null;
  if (!secretKey || !webhookSecret) {
    throw new ConfigError(
      "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or neither): without the webhook secret no payment could ever be confirmed.",
    );
  }
  const client = createStripeClient(secretKey, settings.apiUrl, settings.appVersion);
  return {
    unchargeable: (amount, currency, locale) => {
      const converted = toStripeAmount(amount, currency, locale);
      return converted.ok ? null : converted.reason;
    },
    createCheckout: (request) => createCheckoutSession(client, request),
    expireCheckout: (sessionId) => expireCheckoutSession(client, sessionId),
    refund: (request) => refundPayment(client, request),
    readWebhook: (rawBody, signature, receivedAt) => readWebhook(client, webhookSecret, rawBody, signature, receivedAt),
  };
}
