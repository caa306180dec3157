import Stripe from "stripe";
import { z } from "zod";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import type { PaymentEvent, PaymentEventBody, ReceivedPayment } from "#app/ports/payment-gateway.ts";
import { accountSchema, type AccountObject } from "./accounts.ts";
import { fromStripeAmount } from "./currency.ts";
import { describePaymentMethod, unknownMethod } from "./payment-method.ts";
import { referenceFrom } from "./reference.ts";

/** How old a signed delivery may be (Stripe's own default): older ones may be replays. */
export const toleranceSeconds = 300;

/** Which of Remit's two endpoints a delivery came to: the platform's own account's, or Connect's (connected accounts). */
export type WebhookEndpoint = "account" | "connect";

/** What happened to a connected account itself. */
export type AccountChange = { type: "updated"; account: AccountObject } | { type: "deauthorized"; accountId: string };

export type WebhookReading =
  | { status: "event"; event: PaymentEvent }
  /** A connected account changed (Connect endpoint only). */
  | { status: "account"; eventId: string; change: AccountChange }
  /** Verified, but nothing for Remit: a type it does not handle, or another integration's object. */
  | { status: "ignored"; reason: string }
  /** Not verified or not readable: answer 400, record nothing. */
  | { status: "rejected"; error: string };

// Only the fields Remit reads, as Stripe's API reference shows them.
const metadata = z.record(z.string(), z.string()).nullish();
const expandableId = z
  .union([z.string(), z.object({ id: z.string() })])
  .nullish()
  .transform((value) => (typeof value === "string" ? value : (value?.id ?? null)));

const eventSchema = z.object({
  id: z.string().min(1),
  object: z.literal("event"),
  type: z.string().min(1),
  created: z.number().int(),
  /** The connected account the event happened on: present on every Connect delivery, never on the platform's own. */
  account: z
    .string()
    .regex(/^acct_\w+$/)
    .nullish(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const sessionSchema = z.object({
  id: z.string().min(1),
  mode: z.string(),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  payment_intent: expandableId,
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().nullable(),
  payment_method_types: z.array(z.string()).nullish(),
  metadata,
});

const paymentMethodDetails = z.object({ type: z.string(), card: z.object({ brand: z.string().nullish(), last4: z.string().nullish() }).nullish() }).nullish();

const chargeSchema = z
  .object({
    id: z.string().min(1),
    amount_captured: z.number().int().nonnegative(),
    amount_refunded: z.number().int().nonnegative(),
    currency: z.string(),
    created: z.number().int(),
    payment_intent: expandableId,
    payment_method_details: paymentMethodDetails,
    metadata,
  })
  .refine((charge) => charge.amount_refunded <= charge.amount_captured, { message: "amount_refunded is more than amount_captured", path: ["amount_refunded"] });

const paymentIntentSchema = z.object({
  id: z.string().min(1),
  last_payment_error: z.object({ message: z.string().nullish() }).nullish(),
  metadata,
});

type StripeEvent = z.infer<typeof eventSchema>;

class UnreadablePayload extends Error {}

function parse<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UnreadablePayload(`Unexpected ${what}: ${issue?.path.join(".") || "payload"} ${issue?.message ?? ""}`.trim());
}

/**
 * Verifies a delivery (signature over the raw body with the endpoint's secret, timestamp
 * within the tolerance at `receivedAt`) and translates it into the domain's PaymentEvent.
 */
export async function readWebhook(
  client: Stripe,
  secret: string,
  endpoint: WebhookEndpoint,
  rawBody: string,
  signature: string | null,
  receivedAt: Date,
): Promise<WebhookReading> {
  if (!signature) return { status: "rejected", error: "Missing Stripe-Signature header." };
  let payload: unknown;
  try {
    payload = client.webhooks.constructEvent(rawBody, signature, secret, toleranceSeconds, undefined, receivedAt.getTime());
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const stale = error.message.includes("tolerance");
      if (stale) {
        // Stripe signs with its clock, Remit checks with this instance's: a clock that runs ahead refuses every delivery.
        const signedAt = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1] ?? Number.NaN);
        const ageSeconds = Math.round(receivedAt.getTime() / 1000 - signedAt);
        log.warn("Refused a Stripe webhook signed too long ago; if Stripe sent it just now, this instance's clock is ahead (check NTP)", {
          signedAt: Number.isFinite(signedAt) ? new Date(signedAt * 1000).toISOString() : null,
          instanceClock: receivedAt.toISOString(),
          ageSeconds: Number.isFinite(ageSeconds) ? ageSeconds : null,
          toleranceSeconds,
        });
      }
      return { status: "rejected", error: stale ? `Signature timestamp is more than ${toleranceSeconds} s old.` : "Signature does not match." };
    }
    if (error instanceof SyntaxError) return { status: "rejected", error: "Body is not JSON." };
    // The SDK refuses other payloads it cannot read (a thin v2 event notification).
    return { status: "rejected", error: `Unreadable webhook payload: ${errorMessage(error)}` };
  }
  try {
    const event = parse(eventSchema, payload, "event");
    const account = event.account ?? null;
    if (endpoint === "connect" && !account) return { status: "rejected", error: "A Connect delivery must name its connected account (account)." };
    if (endpoint === "account" && account)
      return { status: "rejected", error: "An event of a connected account belongs on the Connect endpoint, /webhooks/stripe/connect." };
    if (account && event.type === "account.updated") {
      const updated = parse(accountSchema, event.data.object, "account");
      if (updated.id !== account) return { status: "rejected", error: "account.updated names another account than the one it came from." };
      return { status: "account", eventId: event.id, change: { type: "updated", account: updated } };
    }
    if (account && event.type === "account.application.deauthorized")
      return { status: "account", eventId: event.id, change: { type: "deauthorized", accountId: account } };
    const reading = await translate(client, event, account);
    return reading.status === "event" ? { status: "event", event: { ...reading.event, account } } : reading;
  } catch (error) {
    if (error instanceof UnreadablePayload) return { status: "rejected", error: error.message };
    throw error;
  }
}

type Translated = { status: "event"; event: PaymentEventBody } | { status: "ignored"; reason: string };

async function translate(client: Stripe, event: StripeEvent, account: string | null): Promise<Translated> {
  const object = event.data.object;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return checkoutEvent(client, event, parse(sessionSchema, object, `${event.type} session`), account);
    case "payment_intent.payment_failed": {
      const intent = parse(paymentIntentSchema, object, `${event.type} payment intent`);
      const reference = referenceFrom(intent.metadata);
      if (!reference) return notRemits(event);
      const reason = intent.last_payment_error?.message || "The payment was declined.";
      return { status: "event", event: { type: "payment.failed", id: event.id, paymentIntentId: intent.id, reason, reference } };
    }
    case "charge.refunded": {
      const charge = parse(chargeSchema, object, `${event.type} charge`);
      const reference = referenceFrom(charge.metadata);
      if (!reference || !charge.payment_intent) return notRemits(event);
      const payment: ReceivedPayment = {
        paymentIntentId: charge.payment_intent,
        checkoutSessionId: null,
        chargeId: charge.id,
        amount: fromStripeAmount(charge.amount_captured, charge.currency),
        currency: charge.currency.toUpperCase(),
        method: describePaymentMethod(charge.payment_method_details),
        paidAt: new Date(charge.created * 1000),
        reference,
      };
      const amountRefunded = fromStripeAmount(charge.amount_refunded, charge.currency);
      return { status: "event", event: { type: "charge.refunded", id: event.id, payment, amountRefunded, reference } };
    }
    default:
      return { status: "ignored", reason: `${event.type} is not an event Remit handles.` };
  }
}

async function checkoutEvent(client: Stripe, event: StripeEvent, session: z.infer<typeof sessionSchema>, account: string | null): Promise<Translated> {
  const reference = referenceFrom(session.metadata);
  if (!reference || session.mode !== "payment") return notRemits(event);
  if (event.type === "checkout.session.expired") {
    return { status: "event", event: { type: "checkout.expired", id: event.id, checkoutSessionId: session.id, reference } };
  }
  if (event.type === "checkout.session.async_payment_failed") {
    return { status: "event", event: { type: "checkout.async_failed", id: event.id, checkoutSessionId: session.id, reference } };
  }
  if (session.payment_status === "no_payment_required") return { status: "ignored", reason: "The session required no payment." };
  const type = event.type === "checkout.session.completed" ? "checkout.completed" : "checkout.async_succeeded";
  if (session.payment_status === "unpaid") {
    return { status: "event", event: { type, id: event.id, paymentStatus: "unpaid", checkoutSessionId: session.id, payment: null, reference } };
  }
  if (!session.payment_intent || !session.amount_total || !session.currency) {
    throw new UnreadablePayload(`Unexpected ${event.type} session: a paid session needs payment_intent, a positive amount_total and currency`);
  }
  const charge = await latestCharge(client, session.payment_intent, account);
  const offered = session.payment_method_types ?? [];
  const payment: ReceivedPayment = {
    paymentIntentId: session.payment_intent,
    checkoutSessionId: session.id,
    chargeId: charge?.id ?? null,
    amount: fromStripeAmount(session.amount_total, session.currency),
    currency: session.currency.toUpperCase(),
    method: charge?.method ?? (offered.length === 1 ? describePaymentMethod({ type: offered[0] ?? "" }) : unknownMethod),
    paidAt: new Date((charge?.created ?? event.created) * 1000),
    reference,
  };
  return { status: "event", event: { type, id: event.id, paymentStatus: "paid", checkoutSessionId: session.id, payment, reference } };
}

/**
 * The charge behind a paid session, for the receipt's payment method and the charge id. A
 * session does not carry them; when Stripe cannot be asked, the payment is recorded without.
 */
async function latestCharge(client: Stripe, paymentIntentId: string, account: string | null): Promise<{ id: string; created: number; method: string } | null> {
  try {
    const intent = await client.paymentIntents.retrieve(
      paymentIntentId,
      { expand: ["latest_charge"] },
      { maxNetworkRetries: 0, timeout: 5_000, ...(account ? { stripeAccount: account } : {}) },
    );
    const charge = intent.latest_charge;
    if (!charge || typeof charge === "string") return null;
    return { id: charge.id, created: charge.created, method: describePaymentMethod(charge.payment_method_details) };
  } catch (error) {
    log.warn("Could not read the payment intent from Stripe: recording the payment without its method", { paymentIntentId, error: errorMessage(error) });
    return null;
  }
}

function notRemits(event: StripeEvent): Translated {
  return { status: "ignored", reason: `${event.type} for an object Remit did not create.` };
}
