import type { AppContext } from "#app/context.server.ts";
import { PaymentProviderError } from "#app/billing/errors.ts";
import { describeConnection } from "#integrations/stripe/index.ts";

export type OnboardingPage =
  { kind: "redirect"; url: string } | { kind: "done"; workspaceName: string; description: string } | { kind: "problem"; description: string };

const askAgain = "Ask for a new one with /invoice settings in Slack, or remit stripe connect.";

/** Where the vendor's onboarding link leads: on to Stripe, or the account's state in words. */
export async function stripeOnboarding(app: AppContext, token: string, returned: boolean): Promise<OnboardingPage> {
  if (!app.stripe) return { kind: "problem", description: "Stripe is not configured on this server." };
  try {
    const step = await app.stripe.onboarding(token, returned, app.now());
    switch (step.kind) {
      case "redirect":
        return step;
      case "done":
        return { kind: "done", workspaceName: step.workspaceName, description: describeConnection(step.connection) };
      case "lapsed":
        return { kind: "problem", description: `The link to set up Stripe lasts a day and this one has lapsed. ${askAgain}` };
      case "invalid":
        return { kind: "problem", description: `This is not a link to set up Stripe, or the account was disconnected since. ${askAgain}` };
    }
  } catch (error) {
    if (error instanceof PaymentProviderError) return { kind: "problem", description: error.message };
    throw error;
  }
}
