/** Domain events: what happened, for subscribers (Slack alerts, the Notion mirror) to act on. */

export const eventTypes = [
  "invoice.created",
  "invoice.changed",
  "invoice.issued",
  "invoice.viewed",
  "invoice.paid",
  "invoice.voided",
  "invoice.uncollectible",
  "invoice.overdue",
  "invoice.reminder",
  "payment.succeeded",
  "payment.failed",
  "payment.refunded",
  "payment.reversed",
  "payment.overpaid",
  "checkout.replaced",
  "portal.link_requested",
  "email.requested",
  "email.sent",
  "email.failed",
  "integration.failed",
  "integration.refused",
  "payments.disconnected",
  "recurring.issued",
  "invoice.engagement",
  "collections.digest",
  "question.asked",
  "question.answered",
  "quote.created",
  "quote.sent",
  "quote.accepted",
  "quote.declined",
  "quote.expiring",
  "quote.expired",
  "quote.withdrawn",
] as const;
export type EventType = (typeof eventTypes)[number];

export interface EventPayloads {
  "invoice.created": { invoiceId: string };
  /** A draft's content was edited (only drafts change), or its customer's name or email: mirrors redraw it. */
  "invoice.changed": { invoiceId: string };
  /** `emailClient: false` when the vendor chose not to email it (absent means yes, where the customer has an address). */
  "invoice.issued": { invoiceId: string; emailClient?: boolean };
  "invoice.viewed": { invoiceId: string; firstView: boolean; views: number };
  "invoice.paid": { invoiceId: string; paymentId: string | null };
  "invoice.voided": { invoiceId: string };
  "invoice.uncollectible": { invoiceId: string };
  /** `instalment`: the part (1, 2, …) that is late, on an invoice split into instalments. */
  "invoice.overdue": { invoiceId: string; daysLate: number; instalment?: number };
  /** A step of the client's reminder schedule was reached: `step` days from the due date (-3 = three days before). */
  "invoice.reminder": { invoiceId: string; step: number; instalment?: number };
  "payment.succeeded": { invoiceId: string; paymentId: string; amount: number; currency: string };
  "payment.failed": { invoiceId: string; reason: string };
  /** `amount` is this refund; `amountRefunded` the running total refunded on the payment. */
  "payment.refunded": { invoiceId: string; paymentId: string; amount: number; amountRefunded: number; currency: string };
  /** A payment recorded by hand was taken back: the invoice owes `amount` again. */
  "payment.reversed": { invoiceId: string; paymentId: string; amount: number; currency: string };
  /** Money beyond what the invoice asked for (all of it on a void or already paid invoice). */
  "payment.overpaid": { invoiceId: string; paymentId: string; amount: number; currency: string };
  /** Open Checkout pages of the invoice may no longer be right (a newer one, or the invoice changed): close the ones that are not. */
  "checkout.replaced": { invoiceId: string };
  /**
   * A client whose link lapsed asked for a fresh one (the vendor, or an email sender, acts on it),
   * or the vendor asked Remit to email the client their link (`reason: "vendor"`: emailed only).
   */
  "portal.link_requested": { customerId: string; reason: "expired" | "revoked" | "vendor" };
  /** A person asked to email the client now: the invoice again, or a reminder. */
  "email.requested": { invoiceId: string; message: "invoice" | "reminder" };
  /** An email about an invoice reached the client's mail server (or was kept, without SMTP): "last emailed" changed. */
  "email.sent": { kind: string; customerId: string | null; invoiceId: string };
  /**
   * An email to a client was refused for good (unknown mailbox, rejected at submission).
   * `eventId` is the event whose delivery failed: retrying it sends the email again.
   */
  "email.failed": { kind: string; to: string; reason: string; customerId: string | null; invoiceId: string | null; eventId: string };
  /** An integration lost access for good (revoked token, unshared database): emitted once until reconnected. */
  "integration.failed": { integration: IntegrationName; reason: string };
  /** An integration refused one update for good (a value it will not take): once a day per reason. */
  "integration.refused": { integration: IntegrationName; reason: string; invoiceId: string | null };
  /**
   * An open invoice's engagement state or the rules putting it at risk changed (app/billing/engagement.ts):
   * `reasons` are the rules that fire now, `previous` the state before (null: first announced).
   */
  "invoice.engagement": {
    invoiceId: string;
    state: "engaged" | "not_opened" | "at_risk";
    reasons: string[];
    previous: string | null;
    previousReasons: string[];
  };
  /** The workspace's weekly collections digest is due: the week it is for (its Monday, YYYY-MM-DD). */
  "collections.digest": { weekOf: string };
  /** A client asked about an invoice (or disputed a line) from the portal. */
  "question.asked": { invoiceId: string; messageId: string };
  /** The vendor's team answered a client's question: the client is told. */
  "question.answered": { invoiceId: string; messageId: string };
  /**
   * The workspace's own Stripe account stopped taking its payments: disconnected by a person in
   * Remit (`by: "vendor"`, `userId` who, when known) or from Stripe's side (`by: "stripe"`).
   */
  "payments.disconnected": { accountId: string; accountName: string | null; by: "vendor" | "stripe"; userId: string | null };
  /** A recurring schedule issued its invoice (besides that invoice's own invoice.issued): the team sees it in Slack. */
  "recurring.issued": { invoiceId: string; scheduleId: string; occurrence: number };
  "quote.created": { quoteId: string };
  /** `emailClient: false` when the vendor chose not to email it. */
  "quote.sent": { quoteId: string; emailClient?: boolean };
  /** `invoiceId`: the invoice the workspace's follow-up made (whole quote or deposit), if any. */
  "quote.accepted": { quoteId: string; invoiceId: string | null };
  "quote.declined": { quoteId: string; reason: string | null };
  /** A sent quote's last valid day is near (raised once per quote). */
  "quote.expiring": { quoteId: string; validUntil: string };
  "quote.expired": { quoteId: string };
  "quote.withdrawn": { quoteId: string };
}

export type IntegrationName = "notion" | "slack" | "stripe";

export interface NewEvent<Type extends EventType = EventType> {
  type: Type;
  workspaceId: string;
  /** What the event is about (an invoice or customer id): deliveries for one aggregate go in order. */
  aggregateId: string;
  payload: EventPayloads[Type];
}

export interface DeliveredEvent<Type extends EventType = EventType> extends NewEvent<Type> {
  id: string;
  sequence: bigint;
  createdAt: Date;
}

/**
 * Every subscriber Remit has. Which events each receives is declared once, in
 * subscriptions.server.ts, so an event gets the same deliveries whichever instance records it
 * (docs/decisions/074).
 */
export const subscriberNames = ["slack", "notion", "email", "stripe-checkouts"] as const;
export type SubscriberName = (typeof subscriberNames)[number];

/**
 * What delivers one subscriber's deliveries in this process. It receives each event at least
 * once and must tolerate redelivery (use the event id or the current state, not a counter).
 */
export interface Subscriber {
  name: SubscriberName;
  deliver(event: DeliveredEvent): Promise<void>;
}

/** Thrown by a subscriber when the outside service said when to try again (HTTP 429). */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Thrown by a subscriber when retrying cannot help (revoked access): straight to dead letter. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}
