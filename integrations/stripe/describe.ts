import type { StripeConnection } from "./store.ts";

/** A workspace's Stripe account in a line of words, for Slack and the CLI. */
export function describeConnection(connection: StripeConnection): string {
  if (connection.mode === "server-account") return "Clients pay into this server's Stripe account, set up by the operator.";
  if (connection.status === "not-connected") return "No Stripe account connected: clients see your payment instructions instead of a Pay button.";
  const account = `${connection.name ?? "Unnamed account"} (${connection.accountId})`;
  switch (connection.status) {
    case "active":
      return `Clients pay into your Stripe account ${account}: taking payments.`;
    case "onboarding":
      return `Stripe account ${account}: Stripe still needs your details before it takes payments; until then clients see your payment instructions.`;
    case "disconnected":
      return `Stripe account ${account} is disconnected (${(connection.disconnectReason ?? "").replace(/\.$/, "")}): clients see your payment instructions instead of a Pay button.`;
  }
}
