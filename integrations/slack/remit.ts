import type { Env } from "#app/platform/config/env.server.ts";
import type { Secrets } from "#app/platform/config/secrets.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { PaymentGateway } from "#app/ports/payment-gateway.ts";
import type { PaymentReferences } from "#app/ports/payment-references.ts";
import type { NotionConnector } from "./settings/notion.ts";
import type { StripeConnector } from "./settings/stripe.ts";

/**
 * What the Slack app uses of the running Remit, handed in by the composition root (the
 * AppContext satisfies it). Read lazily, so tests may swap the clock.
 */
export interface Remit {
  db: Db;
  env: Env;
  secrets: Secrets;
  now: () => Date;
  notion: NotionConnector;
  /** Online payment, for refunding overpayments and the workspace's own Stripe account; null when Stripe is not configured. */
  stripe: (PaymentGateway & StripeConnector) | null;
  /** The payment provider's ids of payments (a Stripe payment's link in its Dashboard). */
  paymentReferences: PaymentReferences;
}
