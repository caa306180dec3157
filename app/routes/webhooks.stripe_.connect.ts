import type { ActionFunctionArgs } from "@remix-run/node";
import { stripeWebhook } from "#app/web/stripe-webhooks.server.ts";

/**
 * Stripe Connect's endpoint: events of the workspaces' connected accounts, each naming its
 * account (docs/decisions/013). Verified with STRIPE_CONNECT_WEBHOOK_SECRET.
 */
export function action({ request, context }: ActionFunctionArgs) {
  return stripeWebhook(context.app, request, "connect");
}

export function loader() {
  return Response.json({ error: "Stripe sends webhooks with POST." }, { status: 405, headers: { Allow: "POST" } });
}
