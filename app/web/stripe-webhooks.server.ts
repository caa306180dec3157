import type { AppContext } from "#app/context.server.ts";
import type { WebhookEndpoint } from "#integrations/stripe/index.ts";

const notConfigured = "Stripe is not configured on this server: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.";

/** One of Stripe's two endpoints: the raw body goes to the Stripe integration, which verifies it before reading it. */
export async function stripeWebhook(app: AppContext, request: Request, endpoint: WebhookEndpoint): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  if (!app.stripe) return Response.json({ error: notConfigured }, { status: 503 });
  const answer = await app.stripe.handleWebhook(endpoint, await request.text(), request.headers.get("stripe-signature"), app.now);
  return Response.json(answer.body, { status: answer.status });
}
