import type { Env } from "#app/config/env.server.ts";
import type { Secrets } from "#app/config/secrets.server.ts";
import type { Database, Db } from "#app/db/database.server.ts";
import type { StripeService } from "#integrations/stripe/index.ts";

/** What the server hands every loader and action (Remix's load context). */
export interface AppContext {
  env: Env;
  secrets: Secrets;
  database: Database;
  db: Db;
  version: string;
  now: () => Date;
  /** Online payment through Stripe; null when STRIPE_SECRET_KEY is not set. */
  stripe: StripeService | null;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    app: AppContext;
  }
}
