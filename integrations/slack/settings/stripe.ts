import type { StripeConnection } from "#integrations/stripe/index.ts";
import { describeConnection } from "#integrations/stripe/index.ts";
import { context, input, option, valueId } from "../blocks/kit.ts";
import { escape } from "../format.ts";
import type { SettingsSection, Values } from "./section.ts";

const choice = "settings_stripe";
const connect = option("Connect your Stripe account (you get a link to Stripe)", "connect");
const resend = option("Send me the link to finish with Stripe", "connect");
const disconnect = option("Disconnect it: clients then see your payment instructions instead of Pay", "disconnect");

/** What the Slack settings need of Stripe (the running app's Stripe service fits). */
export interface StripeConnector {
  connection(workspaceId: string): Promise<StripeConnection>;
  connect(workspaceId: string): Promise<{ connection: StripeConnection; onboardingUrl: string | null }>;
  disconnect(workspaceId: string, userId: string | null): Promise<StripeConnection>;
  /** The payment in the Stripe Dashboard of the account it was paid into. */
  paymentUrl(paymentIntentId: string): string;
}

export type StripeRequest = "connect" | "disconnect";

/** What the person asked of the Stripe account in the form, if anything. */
export function stripeRequest(values: Values): StripeRequest | null {
  const value = values[choice]?.[valueId]?.selected_option?.value;
  return value === "connect" || value === "disconnect" ? value : null;
}

function choices(connection: StripeConnection) {
  if (connection.mode === "server-account") return [];
  switch (connection.status) {
    case "not-connected":
    case "disconnected":
      return [connect];
    case "onboarding":
      return [resend, disconnect];
    case "active":
      return [disconnect];
  }
}

/**
 * Online payment: which Stripe account the workspace's clients pay into, and (under Stripe
 * Connect) connecting or disconnecting the workspace's own. Either is done after the form
 * closes; the person gets the outcome, and the onboarding link, by message.
 */
export const stripeSection: SettingsSection = {
  title: "Online payment (Stripe)",
  blocks: (_workspace, extras) => {
    const connection = extras.stripe;
    if (!connection)
      return [context("Stripe is not configured on this server: clients see your payment instructions. The operator can set it up (docs/payments.md).")];
    const dashboard = connection.mode === "connect" && connection.status !== "not-connected" ? ` <${connection.dashboardUrl}|Open your Stripe Dashboard>` : "";
    const options = choices(connection);
    return [
      context(`${escape(describeConnection(connection))}${dashboard}`),
      ...(options.length
        ? [input({ blockId: choice, label: "Stripe account", optional: true, element: { type: "radio_buttons", action_id: valueId, options } })]
        : []),
    ];
  },
  read: () => ({ ok: true, value: {} }),
  fields: {},
};

/** Plain words for the person who disconnected. */
export function disconnectedMessage(connection: StripeConnection): string {
  return `:electric_plug: ${escape(describeConnection(connection))}`;
}

/** Plain words for the person who connected: what happens next. */
export function connectedMessage(result: { connection: StripeConnection; onboardingUrl: string | null }): string {
  const state = escape(describeConnection(result.connection));
  if (!result.onboardingUrl) return `:white_check_mark: ${state}`;
  return `:link: <${result.onboardingUrl}|Open this link to finish with Stripe> (it works for 24 hours; whoever completes it owns the account, so keep it to yourself). ${state}`;
}
