/**
 * What the billing domain needs from an online payment provider, in the project's own
 * terms. `integrations/stripe` implements it and translates Stripe's events into
 * `PaymentEvent`s; no Stripe type crosses into the domain.
 */

/** Which invoice a payment belongs to: written into the provider's metadata at checkout. */
export interface PaymentReference {
  workspaceId: string;
  invoiceId: string;
  customerId: string;
  /** The CheckoutAttempt the session was made for (absent on payments made elsewhere); the first of its group when it pays several invoices. */
  checkoutId: string | null;
  /**
   * Set when one session pays several invoices ("Pay all"): the attempts of this group name the
   * invoices, and `invoiceId` is only the first of them (docs/decisions/105).
   */
  groupId?: string | null;
}

/** One line on the hosted page: an invoice and what is paid towards it. */
export interface CheckoutLine {
  name: string;
  description: string | null;
  amount: number;
}

export interface CheckoutRequest {
  /** The same key for the same attempt: the provider answers a repeat with the same session. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /** The line the client sees, e.g. "Invoice INV-0042 from Northwind Studio". */
  lineName: string;
  lineDescription: string | null;
  /** One line per invoice when the page pays several (they add up to `amount`); absent: one line, `lineName`. */
  lines?: CheckoutLine[];
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  reference: PaymentReference;
  /** The account to take the money on: a workspace's own (Stripe Connect), or null for the server's. */
  account: string | null;
}

export interface CreatedCheckout {
  sessionId: string;
  url: string;
}

/** Where a workspace's new payments go: its own account, or (`account: null`) the server's. */
export interface PaymentAccount {
  account: string | null;
}

export interface PaymentGateway {
  /**
   * The account this workspace's clients pay into now, or null when the workspace takes no
   * online payment (it has not connected one, or disconnected it): its clients then read the
   * vendor's offline payment instructions.
   */
  accountFor(workspaceId: string): Promise<PaymentAccount | null>;
  /**
   * Why the provider cannot charge `amount` (minor units of `currency`) — its own currency
   * rules and minimums — in words for the client; null when it can.
   */
  unchargeable(amount: number, currency: string, locale: string, options?: { line?: boolean }): string | null;
  /**
   * Creates a hosted checkout page. Throws PaymentProviderError when the provider fails or
   * cannot be reached, ValidationError when it refuses the amount.
   */
  createCheckout(request: CheckoutRequest): Promise<CreatedCheckout>;
  /** Closes an open checkout page so it can no longer be paid; "not-open" when it already completed or expired. */
  expireCheckout(sessionId: string, account: string | null): Promise<"expired" | "not-open">;
  /**
   * Asks the provider to refund part of a payment, on the account it was paid into, once per
   * idempotency key. Throws ValidationError when the provider says less is left to refund,
   * PaymentProviderError when it refuses or cannot be reached (nothing was refunded then).
   */
  refund(request: RefundRequest): Promise<RefundResult>;
}

export interface RefundRequest {
  paymentIntentId: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  account: string | null;
  /** Why, in the provider's terms: money paid twice, or the vendor giving money back. */
  reason?: "duplicate" | "requested_by_customer";
}

export interface RefundResult {
  refundId: string;
  /** The payment's running refunded total after this refund (minor units), when the provider said it. */
  totalRefunded: number | null;
}

/** Money that reached the vendor through the provider, as one payment intent. */
export interface ReceivedPayment {
  paymentIntentId: string;
  checkoutSessionId: string | null;
  chargeId: string | null;
  amount: number;
  currency: string;
  /** How the client paid, for receipts ("Visa •••• 4242", "SEPA Direct Debit"). */
  method: string;
  paidAt: Date;
  reference: PaymentReference;
}

/**
 * A provider event the domain acts on; `id` is the provider's event id (deduplicated per
 * account), `account` the account it happened on (null: the server's own). An event only
 * touches checkouts and payments made on its own account.
 */
export type PaymentEvent = PaymentEventBody & { account: string | null };

export type PaymentEventBody =
  | {
      type: "checkout.completed" | "checkout.async_succeeded";
      id: string;
      /** "unpaid" while a delayed method (bank debit) is still on its way. */
      paymentStatus: "paid" | "unpaid";
      checkoutSessionId: string;
      /** Present when paid. */
      payment: ReceivedPayment | null;
      reference: PaymentReference;
    }
  | { type: "checkout.async_failed"; id: string; checkoutSessionId: string; reference: PaymentReference }
  /** The Checkout page closed without a payment (its time ran out, or Remit expired it). */
  | { type: "checkout.expired"; id: string; checkoutSessionId: string; reference: PaymentReference }
  | { type: "payment.failed"; id: string; paymentIntentId: string; reason: string; reference: PaymentReference }
  | {
      type: "charge.refunded";
      id: string;
      /** The charge itself, so a refund that arrives before the checkout events still finds its payment. */
      payment: ReceivedPayment;
      /** Running total refunded on the charge. */
      amountRefunded: number;
      reference: PaymentReference;
    };
