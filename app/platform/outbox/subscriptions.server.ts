import type { EventType, SubscriberName } from "#app/ports/events.ts";

/**
 * What decides, from the data, whether a workspace's event concerns a subscriber (read by
 * `emit` in the statement that records the event):
 * - `slack`: the workspace works from Slack (a bound Slack team or an alert channel);
 * - `notion`: the workspace mirrors into Notion;
 * - `openCheckout`: the event's invoice has a Checkout page open that may have to close;
 * - `always`: every workspace.
 */
export type Audience = "slack" | "notion" | "openCheckout" | "always";

interface Subscription {
  events: ReadonlySet<EventType>;
  when: Audience;
  /** What an instance needs to make these deliveries, for the operator told that none can. */
  needs: string;
}

/**
 * Every subscriber's events, in one place and the same in every instance: deliveries are
 * recorded from the event and the workspace's data, never from the recording instance's
 * configuration (docs/decisions/074).
 */
const subscriptions: Record<SubscriberName, Subscription> = {
  slack: {
    events: new Set([
      "invoice.viewed",
      "invoice.paid",
      "invoice.voided",
      "invoice.overdue",
      "payment.succeeded",
      "payment.failed",
      "payment.refunded",
      "payment.reversed",
      "payment.overpaid",
      "portal.link_requested",
      "email.sent",
      "email.failed",
      "integration.failed",
      "integration.refused",
      "payments.disconnected",
      "recurring.issued",
      "invoice.engagement",
      "collections.digest",
      "question.asked",
      "quote.accepted",
      "quote.declined",
      "quote.expiring",
      "quote.expired",
    ]),
    when: "slack",
    needs: "Slack settings (SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN, or the OAuth app's SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)",
  },
  notion: {
    events: new Set([
      "invoice.created",
      "invoice.changed",
      "invoice.issued",
      "invoice.viewed",
      "invoice.paid",
      "invoice.voided",
      "invoice.uncollectible",
      "invoice.overdue",
      "payment.succeeded",
      "payment.refunded",
      "payment.reversed",
      "email.sent",
      "invoice.engagement",
      // Quotes are rows of the same database (decision 121); the invoices made from them come as invoice events.
      "quote.created",
      "quote.sent",
      "quote.withdrawn",
      "quote.accepted",
      "quote.declined",
      "quote.expired",
    ]),
    when: "notion",
    needs: "a running server (every instance mirrors to Notion)",
  },
  email: {
    events: new Set([
      "invoice.issued",
      "invoice.reminder",
      "email.requested",
      "payment.succeeded",
      "payment.refunded",
      "portal.link_requested",
      "question.answered",
      "quote.sent",
    ]),
    when: "always",
    needs: "a running server (every instance sends email, or keeps it in DATA_DIR/mail)",
  },
  "stripe-checkouts": {
    events: new Set(["invoice.paid", "invoice.voided", "payment.succeeded", "payment.refunded", "checkout.replaced"]),
    when: "openCheckout",
    needs: "Stripe keys (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)",
  },
};

const names = Object.keys(subscriptions) as SubscriberName[];

/** What an instance needs to deliver to `name`, in words. */
export function subscriberNeeds(name: string): string {
  return name in subscriptions ? subscriptions[name as SubscriberName].needs : "a version of Remit that knows this subscriber";
}

/** The subscribers whose events include `type`, each with what decides whether a workspace's event concerns it. */
export function subscriptionsOf(type: EventType): { subscriber: SubscriberName; when: Audience }[] {
  return names.filter((name) => subscriptions[name].events.has(type)).map((subscriber) => ({ subscriber, when: subscriptions[subscriber].when }));
}
