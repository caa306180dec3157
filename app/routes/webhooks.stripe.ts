import type { ActionFunctionArgs } from "@remix-run/node";
import { stripeWebhook } from "#app/web/stripe-webhooks.server.ts";

/**
 * Stripe's webhook endpoint for the server's own account (the platform's, under Connect).
 * The raw body is verified before anything is read; bad or stale signatures get 400 and change
 * nothing; event types Remit does not handle get 200 so Stripe stops resending them.
 */
export function action({ request, context }: ActionFunctionArgs) {
  return stripeWebhook(context.app, request, "account");
}

export function loader() {
  return Response.json({ error: "Stripe sends webhooks with POST." }, { status: 405, headers: { Allow: "POST" } });
}
