import type { Prisma } from "#app/generated/prisma/client.ts";
import type { EventType, NewEvent, SubscriberName } from "#app/ports/events.ts";

/** What decides, from the data, whether a workspace's event concerns a subscriber. */
interface Audience {
  /** The workspace works from Slack: a bound Slack team or an alert channel. */
  slack: boolean;
  /** The workspace mirrors into Notion. */
  notion: boolean;
  /** The event's invoice has a Checkout page open that may have to close. */
  openCheckout: boolean;
}

interface Subscription {
  events: ReadonlySet<EventType>;
  when(audience: Audience): boolean;
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
    when: (audience) => audience.slack,
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
    when: (audience) => audience.notion,
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
    when: () => true,
    needs: "a running server (every instance sends email, or keeps it in DATA_DIR/mail)",
  },
  "stripe-checkouts": {
    events: new Set(["invoice.paid", "invoice.voided", "payment.succeeded", "payment.refunded", "checkout.replaced"]),
    when: (audience) => audience.openCheckout,
    needs: "Stripe keys (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)",
  },
};

const names = Object.keys(subscriptions) as SubscriberName[];

/** What an instance needs to deliver to `name`, in words. */
export function subscriberNeeds(name: string): string {
  return name in subscriptions ? subscriptions[name as SubscriberName].needs : "a version of Remit that knows this subscriber";
}

/**
 * The subscribers that get a delivery of `event`: those whose events include its type and whom
 * the workspace's data concerns, read in the caller's transaction.
 */
export async function audienceOf(tx: Prisma.TransactionClient, event: NewEvent): Promise<SubscriberName[]> {
  const candidates = names.filter((name) => subscriptions[name].events.has(event.type));
  if (!candidates.length) return [];
  const workspace = await tx.workspace.findUnique({
    where: { id: event.workspaceId },
    select: { slackTeamId: true, alertChannelId: true, notionConnection: { select: { connectedAt: true } } },
  });
  const invoiceId = (event.payload as { invoiceId?: unknown }).invoiceId;
  const openCheckout =
    candidates.includes("stripe-checkouts") && typeof invoiceId === "string"
      ? (await tx.checkoutAttempt.count({ where: { invoiceId, status: "open" } })) > 0
      : false;
  const audience: Audience = {
    slack: Boolean(workspace?.slackTeamId || workspace?.alertChannelId),
    notion: Boolean(workspace?.notionConnection),
    openCheckout,
  };
  return candidates.filter((name) => subscriptions[name].when(audience));
}
