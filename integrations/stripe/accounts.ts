import Stripe from "stripe";
import { z } from "zod";
import { log } from "#app/platform/config/log.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { PaymentProviderError } from "#app/billing/errors.ts";
import { clearIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import type { StripeAccount } from "#app/generated/prisma/client.ts";

/**
 * A workspace's own Stripe account under Stripe Connect (docs/decisions/013): a Standard
 * account (the vendor's full Stripe Dashboard, Stripe's fees and losses on the vendor) that
 * Remit creates on the platform and the vendor completes through Stripe's hosted onboarding.
 * Checkout Sessions are direct charges on it (the Stripe-Account header), so the money, the
 * receipts and the payouts are the vendor's. Nothing secret is stored: the platform's key
 * acts on the account by its id.
 */

export type ConnectionStatus = "not-connected" | "onboarding" | "active" | "disconnected";

/** What the settings screen and `remit stripe status` show. */
export type StripeConnection =
  /** Single-account mode: every workspace is paid into the server's own account (STRIPE_SECRET_KEY). */
  | { mode: "server-account" }
  | { mode: "connect"; status: "not-connected" }
  | {
      mode: "connect";
      status: Exclude<ConnectionStatus, "not-connected">;
      accountId: string;
      name: string | null;
      /** Where the vendor manages the account: their own Stripe Dashboard. */
      dashboardUrl: string;
      disconnectReason: string | null;
    };

export function connectionStatus(row: StripeAccount | null): ConnectionStatus {
  if (!row) return "not-connected";
  if (row.disconnectedAt) return "disconnected";
  return row.chargesEnabled ? "active" : "onboarding";
}

export function readAccount(db: Db, workspaceId: string): Promise<StripeAccount | null> {
  return db.stripeAccount.findUnique({ where: { workspaceId } });
}

/** The account a workspace's clients pay into now: connected, not disconnected, and able to take charges. */
export async function activeAccount(db: Db, workspaceId: string): Promise<string | null> {
  const row = await readAccount(db, workspaceId);
  return connectionStatus(row) === "active" ? (row?.accountId ?? null) : null;
}

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

const accountName = (account: AccountObject) => account.business_profile?.name || account.settings?.dashboard?.display_name || null;

/** Stores what Stripe says about an account (account.updated, or after the vendor returns from onboarding). */
export async function recordAccountState(db: Db, account: AccountObject): Promise<boolean> {
  const { count } = await db.stripeAccount.updateMany({
    where: { accountId: account.id },
    data: { name: accountName(account), chargesEnabled: account.charges_enabled, detailsSubmitted: account.details_submitted },
  });
  return count > 0;
}

const unreachable = "Stripe could not be reached to set up the account; nothing changed. Try again in a few minutes.";

/** Stripe's refusal in words the vendor or operator can act on. */
export function connectError(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  log.warn("Stripe refused a Connect request", { type: error.type, code: error.code, statusCode: error.statusCode, requestId: error.requestId });
  if (error instanceof Stripe.errors.StripeAuthenticationError) return new PaymentProviderError("Stripe refused this server's STRIPE_SECRET_KEY; the operator must check it.");
  if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripePermissionError) {
    return new PaymentProviderError(`Stripe refused to set up the account: ${error.message} (the operator's platform must have Connect enabled; see docs/payments.md).`);
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
    await recordAccountState(db, account);
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
  const data = { accountId: created.id, name: accountName(created), chargesEnabled: created.charges_enabled, detailsSubmitted: created.details_submitted, disconnectedAt: null, disconnectReason: null };
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

/** Why an account stopped: the vendor removed Remit's access from their Stripe Dashboard. */
export const deauthorized = "The Stripe account removed Remit's access (from its Stripe Dashboard).";

/**
 * Stops taking the workspace's payments on its account: the Pay button turns into the vendor's
 * offline payment instructions, every open Checkout page of the workspace is closed (through
 * the outbox, by the Stripe checkout closer), and the team is alerted. Money a client still
 * manages to pay on a closing page is recorded when its webhook arrives (it is in the vendor's account).
 */
export async function disconnectAccount(
  db: Db,
  workspaceId: string,
  by: { kind: "vendor"; userId: string | null } | { kind: "stripe" },
  now: Date,
): Promise<StripeAccount | null> {
  return db.$transaction(async (tx) => {
    const row = await tx.stripeAccount.findUnique({ where: { workspaceId } });
    if (!row || (row.disconnectedAt && (by.kind === "vendor" || row.disconnectReason === deauthorized))) return row;
    const reason = by.kind === "stripe" ? deauthorized : "Disconnected in Remit.";
    const updated = await tx.stripeAccount.update({ where: { workspaceId }, data: { disconnectedAt: row.disconnectedAt ?? now, disconnectReason: reason } });
    if (!row.disconnectedAt) {
      await emit(
        tx,
        {
          type: "payments.disconnected",
          workspaceId,
          aggregateId: workspaceId,
          payload: { accountId: row.accountId, accountName: row.name, by: by.kind, userId: by.kind === "vendor" ? by.userId : null },
        },
        now,
      );
      const open = await tx.checkoutAttempt.findMany({ where: { workspaceId, status: "open", stripeAccountId: row.accountId }, select: { invoiceId: true }, distinct: ["invoiceId"] });
      for (const { invoiceId } of open) {
        await emit(tx, { type: "checkout.replaced", workspaceId, aggregateId: invoiceId, payload: { invoiceId } }, now);
      }
    }
    return updated;
  });
}
