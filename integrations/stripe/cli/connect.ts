import { describeConnection } from "../describe.ts";
import { stripeCommand } from "./command.ts";

export const stripeConnect = stripeCommand({
  name: "stripe connect",
  summary: "Connect the workspace's own Stripe account (Stripe Connect): prints the link to Stripe's onboarding, for the workspace's owner.",
  notes: "The link works for 24 hours and only until the account's details are in: whoever completes it owns the account the clients pay into.",
  async run({ stripe, workspaceId, io }) {
    const { connection, onboardingUrl } = await stripe.connect(workspaceId);
    io.out(describeConnection(connection));
    if (onboardingUrl) {
      io.out("Give this link to the workspace's owner only (whoever completes it owns the account); it works for 24 hours:");
      io.out(onboardingUrl);
    }
  },
});
