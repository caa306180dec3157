import type { Prisma } from "#app/generated/prisma/client.ts";

/**
 * Where the online payment provider's own ids for Remit's checkout attempts and payments are
 * kept: the provider's tables, which billing never reads itself (docs/decisions/112).
 * `integrations/stripe/store.ts` implements it. Every call takes the caller's transaction, so
 * an id is recorded (and its uniqueness checked) with the change it belongs to, or not at all.
 */
export interface PaymentReferences {
  /** Records the account new attempts are made on, before the provider is asked for their page. */
  beginCheckouts(tx: Tx, attempts: readonly { id: string; invoiceId: string }[], account: string | null): Promise<void>;
  /** Records the page the provider made for these attempts (one page for a group). */
  recordCheckoutPage(tx: Tx, attemptIds: readonly string[], page: { sessionId: string; url: string }): Promise<void>;
  /** The provider's side of each attempt, by attempt id; an attempt without one was made on the server's account and has no page. */
  checkouts(tx: Tx, attemptIds: readonly string[]): Promise<Map<string, ProviderCheckout>>;
  /** The attempts a provider page (session) was made for. */
  attemptsOfSession(tx: Tx, sessionId: string): Promise<string[]>;
  /**
   * Records what the provider knows a payment by. A second call for the same payment only fills
   * in the ids still missing. Throws when another payment of the same invoice already has
   * the provider payment (or session): one provider payment is one payment per invoice.
   */
  recordPayment(tx: Tx, payment: { id: string; invoiceId: string }, ids: ProviderPaymentIds): Promise<ProviderPayment>;
  /** The provider's ids of these payments, by payment id; a payment recorded by hand has none. */
  payments(tx: Tx, paymentIds: readonly string[]): Promise<Map<string, ProviderPayment>>;
  /** The payments (one per invoice) a provider payment made. */
  paymentsOfIntent(tx: Tx, paymentIntentId: string): Promise<ProviderPayment[]>;
  /** The payments a provider page (session) made. */
  paymentsOfSession(tx: Tx, sessionId: string): Promise<ProviderPayment[]>;
}

/** A transaction, or the database outside one. */
export type Tx = Prisma.TransactionClient;

/** The provider's side of a checkout attempt. */
export interface ProviderCheckout {
  attemptId: string;
  /** The account the page takes the money on: a workspace's own, or null for the server's. */
  account: string | null;
  /** The provider's page (a Checkout Session) and its address; null while the provider is still being asked. */
  sessionId: string | null;
  url: string | null;
}

/** What the provider knows money it moved by; null where it did not say (yet). */
export interface ProviderPaymentIds {
  /** The account the money went to: a workspace's own, or null for the server's. */
  account: string | null;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
}

export interface ProviderPayment extends ProviderPaymentIds {
  paymentId: string;
  invoiceId: string;
}
