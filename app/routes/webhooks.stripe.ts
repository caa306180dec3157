import type { ActionFunctionArgs } from "@remix-run/node";
import { applyPaymentEvent } from "#app/billing/payments.server.ts";

const notConfigured = "Stripe is not configured on this server: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.";

/**
 * Stripe's webhook endpoint. The raw body is verified before anything is read; bad or stale
 * signatures get 400 and change nothing; event types Remit does not handle get 200 so Stripe
 * stops resending them.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  if (!app.stripe) return Response.json({ error: notConfigured }, { status: 503 });
  const reading = await app.stripe.readWebhook(await request.text(), request.headers.get("stripe-signature"), app.now());
  if (reading.status === "rejected") return Response.json({ error: reading.error }, { status: 400 });
  if (reading.status === "ignored") return Response.json({ received: true, ignored: reading.reason });
  return Response.json({ received: true, outcome: await applyPaymentEvent(app, reading.event) });
}

export function loader() {
  return Response.json({ error: "Stripe sends webhooks with POST." }, { status: 405, headers: { Allow: "POST" } });
}
