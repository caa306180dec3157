import { commandsFor } from "#app/platform/cli/command.ts";
import type { StripeConnection } from "../store.ts";

/** What `remit stripe …` needs of the running app (the AppContext fits). */
export interface StripeCliApp {
  /** Null when Stripe is not configured on this server. */
  stripe: {
    connection(workspaceId: string): Promise<StripeConnection>;
    connect(workspaceId: string): Promise<{ connection: StripeConnection; onboardingUrl: string | null }>;
    disconnect(workspaceId: string, userId: string | null): Promise<StripeConnection>;
  } | null;
}

export const command = commandsFor<StripeCliApp>();

export const notConfigured = "Stripe is not configured on this server: set STRIPE_SECRET_KEY and a webhook secret (docs/payments.md).";

export { workspaceOption } from "#app/platform/cli/command.ts";
