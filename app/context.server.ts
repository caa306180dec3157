import type { Env } from "#app/config/env.server.ts";
import type { Secrets } from "#app/config/secrets.server.ts";
import type { Database, Db } from "#app/db/database.server.ts";
import type { Slack } from "#integrations/slack/index.ts";

/** What the server hands every loader and action (Remix's load context). */
export interface AppContext {
  env: Env;
  secrets: Secrets;
  database: Database;
  db: Db;
  version: string;
  now: () => Date;
  /** The Slack app; null when Slack is not configured. */
  slack: Slack | null;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    app: AppContext;
  }
}
