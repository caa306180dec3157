import type { StripeConnection } from "./store.ts";
import { describeConnection } from "./describe.ts";

export const stripeUsage = `  stripe status --workspace ID                           The workspace's Stripe account and whether it takes payments
  stripe connect --workspace ID                          Connect the workspace's own Stripe account (Stripe Connect):
                                                         prints the link to Stripe's onboarding, for the workspace's owner
  stripe disconnect --workspace ID                       Stop taking its payments online (clients see the payment instructions)`;

/** What the commands use of the Stripe service (the running app's fits). */
export interface StripeCommands {
  connection(workspaceId: string): Promise<StripeConnection>;
  connect(workspaceId: string): Promise<{ connection: StripeConnection; onboardingUrl: string | null }>;
  disconnect(workspaceId: string, userId: string | null): Promise<StripeConnection>;
}

export interface StripeCliContext {
  /** Null when Stripe is not configured on this server. */
  stripe: StripeCommands | null;
  workspaceId: string | undefined;
  out: (line: string) => void;
  usage: (message: string) => never;
}

export async function runStripeCommand(action: string | undefined, ctx: StripeCliContext): Promise<void> {
  if (!["status", "connect", "disconnect"].includes(action ?? "")) ctx.usage(`Unknown command "stripe${action ? ` ${action}` : ""}".`);
  const workspaceId = ctx.workspaceId ?? ctx.usage("Give the workspace with --workspace ID (see remit workspace list).");
  const { stripe } = ctx;
  if (!stripe) {
    ctx.out("Stripe is not configured on this server: set STRIPE_SECRET_KEY and a webhook secret (docs/payments.md).");
    return;
  }
  switch (action) {
    case "status": {
      const connection = await stripe.connection(workspaceId);
      ctx.out(describeConnection(connection));
      if (connection.mode === "connect" && connection.status !== "not-connected") ctx.out(`Stripe Dashboard: ${connection.dashboardUrl}`);
      return;
    }
    case "connect": {
      const { connection, onboardingUrl } = await stripe.connect(workspaceId);
      ctx.out(describeConnection(connection));
      if (onboardingUrl) {
        ctx.out("Give this link to the workspace's owner only (whoever completes it owns the account); it works for 24 hours:");
        ctx.out(onboardingUrl);
      }
      return;
    }
    case "disconnect":
      ctx.out(describeConnection(await stripe.disconnect(workspaceId, null)));
      return;
  }
}
