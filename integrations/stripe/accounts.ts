import Stripe from "stripe";
import { z } from "zod";
import { log } from "#app/platform/config/log.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { PaymentProviderError } from "#app/billing/errors.ts";
import { clearIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import type { StripeAccount } from "#app/generated/prisma/client.ts";
import { deauthorized, readAccount, recordAccountState, type AccountState } from "./store.ts";

/**
 * A workspace's own Stripe account under Stripe Connect (docs/decisions/013): a Standard
 * account (the vendor's full Stripe Dashboard, Stripe's fees and losses on the vendor) that
 * Remit creates on the platform and the vendor completes through Stripe's hosted onboarding.
 * Checkout Sessions are direct charges on it (the Stripe-Account header), so the money, the
 * receipts and the payouts are the vendor's. Nothing secret is stored: the platform's key
 * acts on the account by its id.
 */

/** The fields of Stripe's Account object Remit reads. */
export const accountSchema = z.object({
  id: z.string().regex(/^acct_\w+$/),
  object: z.literal("account"),
  charges_enabled: z.boolean(),
  details_submitted: z.boolean(),
  business_profile: z.object({ name: z.string().nullish() }).nullish(),
  settings: z.object({ dashboard: z.object({ display_name: z.string().nullish() }).nullish() }).nullish(),
});
export type AccountObject = z.infer<typeof accountSchema>;

/** The account as Remit keeps it. */
export function accountState(account: AccountObject): AccountState {
  return {
    id: account.id,
    name: account.business_profile?.name || account.settings?.dashboard?.display_name || null,
    chargesEnabled: account.charges_enabled,
    detailsSubmitted: account.details_submitted,
  };
}

const unreachable = "Stripe could not be reached to set up the account; nothing changed. Try again in a few minutes.";

/** Stripe's refusal in words the vendor or operator can act on. */
export function connectError(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  log.warn("Stripe refused a Connect request", { type: error.type, code: error.code, statusCode: error.statusCode, requestId: error.requestId });
  if (error instanceof Stripe.errors.StripeAuthenticationError)
    return new PaymentProviderError("Stripe refused this server's STRIPE_SECRET_KEY; the operator must check it.");
  if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripePermissionError) {
    return new PaymentProviderError(
      `Stripe refused to set up the account: ${error.message} (the operator's platform must have Connect enabled; see docs/payments.md).`,
    );
  }
  return new PaymentProviderError(unreachable);
}

/**
 * The workspace's account, created on the platform the first time (one per workspace, through
 * an idempotency key), refreshed from Stripe, and connected again if it was disconnected. An
 * account that left the platform from Stripe's side cannot be used again: a new one replaces it.
 */
export async function ensureAccount(client: Stripe, db: Db, workspace: { id: string; name: string }, now: Date): Promise<StripeAccount> {
  // A (re)connected account may alert again the next time Stripe refuses a payment for good.
  await clearIntegrationFailure(db, workspace.id, "stripe");
  const existing = await readAccount(db, workspace.id);
  if (existing && existing.disconnectReason !== deauthorized) {
    const account = await retrieveAccount(client, existing.accountId);
    await recordAccountState(db, accountState(account));
    return db.stripeAccount.update({ where: { workspaceId: workspace.id }, data: { disconnectedAt: null, disconnectReason: null } });
  }
  let created: AccountObject;
  try {
    created = accountSchema.parse(
      await client.accounts.create(
        {
          controller: { stripe_dashboard: { type: "full" }, fees: { payer: "account" }, losses: { payments: "stripe" } },
          business_profile: { name: workspace.name },
          metadata: { remit_workspace_id: workspace.id },
        },
        { idempotencyKey: `remit-account-${workspace.id}-${existing?.accountId ?? "first"}` },
      ),
    );
  } catch (error) {
    throw connectError(error);
  }
  const { id: accountId, ...state } = accountState(created);
  const data = { accountId, ...state, disconnectedAt: null, disconnectReason: null };
  return db.stripeAccount.upsert({ where: { workspaceId: workspace.id }, create: { workspaceId: workspace.id, createdAt: now, ...data }, update: data });
}

export async function retrieveAccount(client: Stripe, accountId: string): Promise<AccountObject> {
  try {
    return accountSchema.parse(await client.accounts.retrieve(accountId));
  } catch (error) {
    throw connectError(error);
  }
}

/** A single-use link into Stripe's hosted onboarding; it lapses within minutes, so it is made when the vendor opens Remit's own link. */
export async function onboardingLink(client: Stripe, accountId: string, urls: { refresh: string; return: string }): Promise<string> {
  try {
    const link = await client.accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: urls.refresh, return_url: urls.return });
    return link.url;
  } catch (error) {
    throw connectError(error);
  }
}
