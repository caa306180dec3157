import type { Env } from "#app/platform/config/env.server.ts";
import type { Secrets } from "#app/platform/config/secrets.server.ts";
import type { Database, Db } from "#app/platform/db/database.server.ts";
import type { HealthMonitor } from "#app/platform/db/health.server.ts";
import type { RateLimiter } from "#app/platform/rate-limit.ts";
import type { Subscriber } from "#app/ports/events.ts";
import type { PaymentReferences } from "#app/ports/payment-references.ts";
import type { PortalAccessResult } from "#app/portal/access.server.ts";
import type { KeptLinkStates } from "#app/portal/link-states.server.ts";
import type { StripeService } from "#integrations/stripe/index.ts";
import type { NotionService } from "#integrations/notion/index.ts";
import type { Slack } from "#integrations/slack/index.ts";
import type { EmailService } from "#integrations/email/index.ts";

/** What the server hands every loader and action (Remix's load context). */
export interface AppContext {
  env: Env;
  secrets: Secrets;
  database: Database;
  db: Db;
  /** Portal links' customer states, kept while the database announces no change (decision 156; kept only once `serve` listens). */
  linkStates: KeptLinkStates;
  /** What /healthz reports: whether the database answers in time. */
  health: HealthMonitor;
  version: string;
  /** The one clock (docs/decisions/007): the database's, read locally; a test's in tests. */
  now: () => Date;
  /** Measures the database clock's offset again (the jobs do it every minute). */
  syncClock: () => Promise<void>;
  limits: {
    /** Failed portal token checks per client address. */
    badTokens: RateLimiter;
    /** "Send me a new link" requests per client address. */
    linkRequests: RateLimiter;
    /** "Send me a new link" requests per customer, from any address. */
    linkRequestsPerCustomer: RateLimiter;
    /** View beacons per customer: what one link can make Remit do. */
    beacons: RateLimiter;
    /** Questions about invoices per customer, from any of their links. */
    questions: RateLimiter;
  };
  /** Online payment through Stripe; null when STRIPE_SECRET_KEY is not set. */
  stripe: StripeService | null;
  /** Where the payment provider's ids of checkouts and payments are kept (Stripe's tables), with or without Stripe configured. */
  paymentReferences: PaymentReferences;
  notion: NotionService;
  /** Email to clients: through SMTP, or kept as files under DATA_DIR/mail without it. */
  email: EmailService;
  /** The Slack app; null when Slack is not configured. */
  slack: Slack | null;
  /** The outbox subscribers this instance can deliver to (the composition root's choice). */
  subscribers: Subscriber[];
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    app: AppContext;
    /** The caller's address (behind a proxy only when TRUST_PROXY says so). */
    clientIp?: string;
    cspNonce?: string;
    /** A portal link the server already verified for this request (the kept-page check), so a loader does not ask again. */
    verifiedLink?: { token: string; result: PortalAccessResult };
  }
}
