import type { Db } from "#app/platform/db/database.server.ts";
import type { Subscriber } from "#app/ports/events.ts";
import type { PaymentGateway } from "#app/ports/payment-gateway.ts";
import { checkoutsToExpire, markCheckoutExpired } from "#app/billing/payments.server.ts";
import { stripeReferences } from "./store.ts";

/**
 * Closes every open Checkout page of an invoice that is no longer right — the invoice was paid
 * (online, or marked paid from Slack or the CLI), voided, its balance changed, a newer page
 * replaced it, or the workspace disconnected the Stripe account the page takes money for — so
 * a client still on an old page cannot pay twice. Each page is closed on the account it was
 * made on. Through the outbox, so a Stripe outage only delays it (docs/decisions/051).
 */
export function checkoutCloser(db: Db, gateway: PaymentGateway): Subscriber {
  return {
    name: "stripe-checkouts",
    async deliver(event) {
      const { invoiceId } = event.payload as { invoiceId: string };
      for (const attempt of await checkoutsToExpire({ db, paymentReferences: stripeReferences }, invoiceId, await gateway.accountFor(event.workspaceId))) {
        // "not-open": it completed (its payment's webhook records the money) or expired already (its webhook says so).
        if ((await gateway.expireCheckout(attempt.sessionId, attempt.account)) === "expired") await markCheckoutExpired(db, attempt.id);
      }
    },
  };
}
