// Stripe for Remit: Checkout Sessions for invoice payments, on the server's own account or on
// each workspace's connected account (Stripe Connect, docs/decisions/013), and verified
// webhooks translated into the domain's PaymentEvents. Nothing outside this folder sees a Stripe type.
import { ConfigError } from "#app/platform/config/env.server.ts";
import type { SigningKey } from "#app/platform/config/secrets.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { NotFoundError, PaymentsNotConfiguredError } from "#app/billing/errors.ts";
import type { PaymentGateway } from "#app/ports/payment-gateway.ts";
import { applyPaymentEvent } from "#app/billing/payments.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { accountState, ensureAccount, onboardingLink, retrieveAccount } from "./accounts.ts";
import { createCheckoutSession, expireCheckoutSession, refundPayment } from "./checkout.ts";
import { createStripeClient } from "./client.ts";
import { toStripeAmount } from "./currency.ts";
import { onboardingUrl, signOnboardingToken, verifyOnboardingToken } from "./onboarding.ts";
import { activeAccount, connectionStatus, disconnectAccount, readAccount, recordAccountState, stripeReferences, type StripeConnection } from "./store.ts";
import { readWebhook, type WebhookEndpoint } from "./webhooks.ts";

export type { WebhookEndpoint };
export type { StripeConnection } from "./store.ts";
export { stripeReferences } from "./store.ts";
export { apiEndpoint } from "./client.ts";
export { describeConnection } from "./describe.ts";
export { describePaymentMethod } from "./payment-method.ts";
export { checkoutCloser } from "./sessions.ts";
export { stripeCommands } from "./cli/index.ts";

/** What the webhook routes answer: a status and a JSON body. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Where the vendor goes from Remit's onboarding link: Stripe's onboarding, or the account's state once back. */
export type OnboardingStep =
  { kind: "redirect"; url: string } | { kind: "done"; workspaceName: string; connection: StripeConnection } | { kind: "lapsed" | "invalid" };

export interface StripeService extends PaymentGateway {
  /** `server-account`: every workspace is paid into STRIPE_SECRET_KEY's account; `connect`: each into its own. */
  mode: "server-account" | "connect";
  /** Verifies a delivery to one of the two endpoints (`rawBody` exactly as received) and applies it, by the app's clock. */
  handleWebhook(endpoint: WebhookEndpoint, rawBody: string, signature: string | null, now: () => Date): Promise<WebhookAnswer>;
  /** The workspace's account as the settings and the CLI show it (asks Stripe nothing). */
  connection(workspaceId: string): Promise<StripeConnection>;
  /**
   * Connects the workspace's own account (Connect mode only): creates it on the platform the
   * first time, or takes an earlier one back. `onboardingUrl` is Remit's link into Stripe's
   * onboarding while Stripe still needs the vendor's details (null when payments can start now).
   */
  connect(workspaceId: string): Promise<{ connection: StripeConnection; onboardingUrl: string | null }>;
  /** Opens Remit's onboarding link at `at`: `returned` when Stripe sends the vendor back. */
  onboarding(token: string, returned: boolean, at: Date): Promise<OnboardingStep>;
  /** Stops paying the workspace into its account; `userId` is who asked (alerted in Slack). */
  disconnect(workspaceId: string, userId: string | null): Promise<StripeConnection>;
  /** The payment in the Stripe Dashboard of the account it was paid into (the vendor's own under Connect). */
  paymentUrl(paymentIntentId: string): string;
}

export interface StripeSettings {
  secretKey: string;
  /** The platform's (or the single account's) own endpoint; optional in Connect mode. */
  webhookSecret: string | null;
  /** Set: Connect mode. */
  connectWebhookSecret: string | null;
  apiUrl: string;
  appVersion: string;
}

/**
 * The Stripe settings, or null when Stripe is not configured (online payment is then off);
 * combinations that cannot work stop start-up with what to change. `multiVendor`: the server
 * serves any number of vendors (Slack's OAuth mode), where one shared account would pay the
 * operator for everyone's invoices.
 */
export function stripeSettings(
  env: { STRIPE_SECRET_KEY?: string; STRIPE_WEBHOOK_SECRET?: string; STRIPE_CONNECT_WEBHOOK_SECRET?: string; STRIPE_API_URL: string },
  appVersion: string,
  multiVendor: boolean,
): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? null;
  const connectWebhookSecret = env.STRIPE_CONNECT_WEBHOOK_SECRET ?? null;
  if (!secretKey && !webhookSecret && !connectWebhookSecret) return null;
  if (connectWebhookSecret) {
    if (!secretKey?.startsWith("sk_")) {
      throw new ConfigError(
        "STRIPE_CONNECT_WEBHOOK_SECRET turns on Stripe Connect, which needs the platform's secret key in STRIPE_SECRET_KEY (sk_…). Remit takes no per-workspace or restricted keys (docs/decisions/013).",
      );
    }
  } else {
    if (!secretKey || !webhookSecret) {
      throw new ConfigError(
        "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or neither): without the webhook secret no payment could ever be confirmed.",
      );
    }
    if (multiVendor) {
      throw new ConfigError(
        "Slack is installable in any number of workspaces (SLACK_CLIENT_ID), but Stripe has one account for the whole server: every vendor's clients would pay its owner. Set STRIPE_CONNECT_WEBHOOK_SECRET so each workspace connects its own Stripe account (docs/payments.md), or leave Stripe unset.",
      );
    }
  }
  return { secretKey, webhookSecret, connectWebhookSecret, apiUrl: env.STRIPE_API_URL, appVersion };
}

export interface StripeDependencies {
  db: Db;
  signingKeys: SigningKey[];
  publicUrl: string;
  now: () => Date;
}

const serverAccountMessage =
  "This server takes every payment into its own Stripe account (STRIPE_SECRET_KEY). A Stripe account per workspace needs Stripe Connect, which the operator turns on (docs/payments.md).";

export function createStripeService(settings: StripeSettings, deps: StripeDependencies): StripeService {
  const { db, now } = deps;
  const client = createStripeClient(settings.secretKey, settings.apiUrl, settings.appVersion);
  const connect = settings.connectWebhookSecret !== null;
  const dashboard = `https://dashboard.stripe.com/${settings.secretKey.includes("_test_") ? "test/" : ""}`;
  const secrets: Record<WebhookEndpoint, string | null> = { account: settings.webhookSecret, connect: settings.connectWebhookSecret };

  async function connection(workspaceId: string): Promise<StripeConnection> {
    if (!connect) return { mode: "server-account" };
    const row = await readAccount(db, workspaceId);
    const status = connectionStatus(row);
    if (!row || status === "not-connected") return { mode: "connect", status: "not-connected" };
    return { mode: "connect", status, accountId: row.accountId, name: row.name, dashboardUrl: `${dashboard}dashboard`, disconnectReason: row.disconnectReason };
  }

  const onboardingUrls = (token: string) => {
    const url = onboardingUrl(deps.publicUrl, token);
    return { refresh: url, return: `${url}?returned=1` };
  };

  async function handleWebhook(endpoint: WebhookEndpoint, rawBody: string, signature: string | null, clock: () => Date): Promise<WebhookAnswer> {
    const secret = secrets[endpoint];
    if (!secret) {
      const variable = endpoint === "connect" ? "STRIPE_CONNECT_WEBHOOK_SECRET" : "STRIPE_WEBHOOK_SECRET";
      return { status: 503, body: { error: `This Stripe endpoint is not configured on this server: set ${variable}.` } };
    }
    const reading = await readWebhook(client, secret, endpoint, rawBody, signature, clock());
    switch (reading.status) {
      case "rejected":
        return { status: 400, body: { error: reading.error } };
      case "ignored":
        return { status: 200, body: { received: true, ignored: reading.reason } };
      case "event":
        return {
          status: 200,
          body: { received: true, outcome: await applyPaymentEvent({ db, paymentReferences: stripeReferences, now: clock }, reading.event) },
        };
      case "account": {
        const { change } = reading;
        const known = change.type === "updated" ? await recordAccountState(db, accountState(change.account)) : await deauthorize(change.accountId, clock());
        return { status: 200, body: known ? { received: true, outcome: "applied" } : { received: true, ignored: "An account no workspace connected." } };
      }
    }
  }

  async function deauthorize(accountId: string, at: Date): Promise<boolean> {
    const row = await db.stripeAccount.findUnique({ where: { accountId } });
    if (!row) return false;
    await disconnectAccount(db, row.workspaceId, { kind: "stripe" }, at);
    return true;
  }

  async function onboarding(token: string, returned: boolean, at: Date): Promise<OnboardingStep> {
    const verified = await verifyOnboardingToken(deps.signingKeys, token, at);
    if (verified === "expired") return { kind: "lapsed" };
    if (verified === "invalid" || !connect) return { kind: "invalid" };
    const row = await readAccount(db, verified.workspaceId);
    if (!row || row.disconnectedAt) return { kind: "invalid" };
    const workspace = await getWorkspace(db, verified.workspaceId);
    const account = await retrieveAccount(client, row.accountId);
    await recordAccountState(db, accountState(account));
    // Once the vendor's details are in, this link only shows the state: it can never hand the account to someone else.
    if (returned || account.details_submitted) return { kind: "done", workspaceName: workspace.name, connection: await connection(workspace.id) };
    return { kind: "redirect", url: await onboardingLink(client, row.accountId, onboardingUrls(token)) };
  }

  return {
    mode: connect ? "connect" : "server-account",
    accountFor: async (workspaceId) => {
      if (!connect) return { account: null };
      const account = await activeAccount(db, workspaceId);
      return account ? { account } : null;
    },
    unchargeable: (amount, currency, locale, options) => {
      const converted = toStripeAmount(amount, currency, locale, options);
      return converted.ok ? null : converted.reason;
    },
    createCheckout: (request) => createCheckoutSession(client, request),
    expireCheckout: (sessionId, account) => expireCheckoutSession(client, sessionId, account),
    refund: (request) => refundPayment(client, request),
    handleWebhook,
    connection,
    async connect(workspaceId) {
      if (!connect) throw new PaymentsNotConfiguredError(serverAccountMessage);
      const workspace = await getWorkspace(db, workspaceId);
      const row = await ensureAccount(client, db, workspace, now());
      const token = await signOnboardingToken(deps.signingKeys, workspace.id, now());
      return { connection: await connection(workspace.id), onboardingUrl: row.detailsSubmitted ? null : onboardingUrl(deps.publicUrl, token) };
    },
    onboarding,
    async disconnect(workspaceId, userId) {
      if (!connect) throw new PaymentsNotConfiguredError(serverAccountMessage);
      const row = await disconnectAccount(db, (await getWorkspace(db, workspaceId)).id, { kind: "vendor", userId }, now());
      if (!row) throw new NotFoundError("This workspace has no Stripe account connected.");
      return connection(workspaceId);
    },
    paymentUrl: (paymentIntentId) => `${dashboard}payments/${paymentIntentId}`,
  };
}
