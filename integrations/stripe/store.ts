import type { Db } from "#app/platform/db/database.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import type { StripeAccount, StripeCheckout, StripePayment } from "#app/generated/prisma/client.ts";
import type { PaymentReferences, ProviderCheckout, ProviderPayment } from "#app/ports/payment-references.ts";

// The StripeAccount table, owned by this integration: each workspace's connected account
// under Stripe Connect (docs/decisions/013). Nothing secret is stored, only the account's id,
// name and state.

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

/** What Stripe says about an account, as Remit keeps it. */
export interface AccountState {
  id: string;
  name: string | null;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
}

/** Stores what Stripe says about an account (account.updated, or after the vendor returns from onboarding); false for an account no workspace has. */
export async function recordAccountState(db: Db, account: AccountState): Promise<boolean> {
  const { count } = await db.stripeAccount.updateMany({
    where: { accountId: account.id },
    data: { name: account.name, chargesEnabled: account.chargesEnabled, detailsSubmitted: account.detailsSubmitted },
  });
  return count > 0;
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
      const open = await tx.checkoutAttempt.findMany({
        where: { workspaceId, status: "open", stripe: { accountId: row.accountId } },
        select: { invoiceId: true },
        distinct: ["invoiceId"],
      });
      for (const { invoiceId } of open) {
        await emit(tx, { type: "checkout.replaced", workspaceId, aggregateId: invoiceId, payload: { invoiceId } }, now);
      }
    }
    return updated;
  });
}

// The StripeCheckout and StripePayment tables, owned by this integration: what Stripe knows
// Remit's checkout attempts and payments by (docs/decisions/112). Billing reaches them only
// through the PaymentReferences port, always inside its own transaction.

const checkoutOf = (row: StripeCheckout): ProviderCheckout => ({ attemptId: row.attemptId, account: row.accountId, sessionId: row.sessionId, url: row.url });

const paymentOf = (row: StripePayment): ProviderPayment => ({
  paymentId: row.paymentId,
  invoiceId: row.invoiceId,
  account: row.accountId,
  checkoutSessionId: row.checkoutSessionId,
  paymentIntentId: row.paymentIntentId,
  chargeId: row.chargeId,
});

export const stripeReferences: PaymentReferences = {
  async beginCheckouts(tx, attempts, account) {
    await tx.stripeCheckout.createMany({ data: attempts.map((attempt) => ({ attemptId: attempt.id, invoiceId: attempt.invoiceId, accountId: account })) });
  },
  async recordCheckoutPage(tx, attemptIds, page) {
    await tx.stripeCheckout.updateMany({ where: { attemptId: { in: [...attemptIds] } }, data: { sessionId: page.sessionId, url: page.url } });
  },
  async checkouts(tx, attemptIds) {
    const rows = await tx.stripeCheckout.findMany({ where: { attemptId: { in: [...attemptIds] } } });
    return new Map(rows.map((row) => [row.attemptId, checkoutOf(row)]));
  },
  async attemptsOfSession(tx, sessionId) {
    return (await tx.stripeCheckout.findMany({ where: { sessionId }, select: { attemptId: true } })).map((row) => row.attemptId);
  },
  async recordPayment(tx, payment, ids) {
    // One statement: a new payment's ids, or the ids an earlier event did not know added to its row.
    const [row] = await tx.$queryRaw<StripePayment[]>`
      INSERT INTO "StripePayment" ("paymentId", "invoiceId", "accountId", "checkoutSessionId", "paymentIntentId", "chargeId")
      VALUES (${payment.id}, ${payment.invoiceId}, ${ids.account}, ${ids.checkoutSessionId}, ${ids.paymentIntentId}, ${ids.chargeId})
      ON CONFLICT ("paymentId") DO UPDATE SET
        "accountId" = coalesce("StripePayment"."accountId", excluded."accountId"),
        "checkoutSessionId" = coalesce("StripePayment"."checkoutSessionId", excluded."checkoutSessionId"),
        "paymentIntentId" = coalesce("StripePayment"."paymentIntentId", excluded."paymentIntentId"),
        "chargeId" = coalesce("StripePayment"."chargeId", excluded."chargeId")
      RETURNING "paymentId", "invoiceId", "accountId", "checkoutSessionId", "paymentIntentId", "chargeId"`;
    if (!row) throw new Error(`The provider's ids of payment ${payment.id} were not recorded`);
    return paymentOf(row);
  },
  async payments(tx, paymentIds) {
    const rows = await tx.stripePayment.findMany({ where: { paymentId: { in: [...paymentIds] } } });
    return new Map(rows.map((row) => [row.paymentId, paymentOf(row)]));
  },
  async paymentsOfIntent(tx, paymentIntentId) {
    return (await tx.stripePayment.findMany({ where: { paymentIntentId } })).map(paymentOf);
  },
  async paymentsOfSession(tx, sessionId) {
    return (await tx.stripePayment.findMany({ where: { checkoutSessionId: sessionId } })).map(paymentOf);
  },
};

/** The Checkout Session of an attempt, once Stripe made it (how the benchmark and tests find the session to pay). */
export async function sessionOfAttempt(db: Db, attemptId: string): Promise<string | null> {
  return (await db.stripeCheckout.findUnique({ where: { attemptId } }))?.sessionId ?? null;
}
