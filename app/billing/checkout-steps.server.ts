// Steps shared by paying one invoice and paying several at once (payments.server.ts,
// pay-all.server.ts, grouped-payments.server.ts): one home for each.
import { z } from "zod";
import type { CheckoutAttempt, Invoice, Payment } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { reportIntegrationFailure } from "#app/platform/integration-failures.server.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import type { CreatedCheckout, PaymentGateway } from "#app/ports/payment-gateway.ts";
import type { PaymentReferences, ProviderCheckout, ProviderPaymentIds } from "#app/ports/payment-references.ts";
import { recordActivity, type ActivitySubject } from "./activity.server.ts";
import { PaymentsNotConfiguredError, PaymentUnavailableError, ValidationError } from "./errors.ts";
import { applyPayment } from "./invoices.server.ts";
import { blockerMessage } from "./payment-options.ts";
import { parseInput } from "./validation.ts";

/** What reading and recording payments needs: the database and where the provider's ids are kept. */
export interface PaymentData {
  db: Db;
  paymentReferences: PaymentReferences;
}

/** How long a Checkout page stays usable, and how long a second press of Pay reuses it. */
export const sessionLifetimeMs = 2 * 3_600_000;
export const reuseWindowMs = 30 * 60_000;

/** What Remit sends Stripe for one checkout attempt (or group), stored with the attempt. */
export const storedRequest = z.object({
  amount: z.number().int(),
  currency: z.string(),
  lineName: z.string(),
  lineDescription: z.string().nullable(),
  /** One line per invoice on a page that pays several. */
  lines: z.array(z.object({ name: z.string(), description: z.string().nullable(), amount: z.number().int() })).optional(),
  customerEmail: z.string().nullable(),
  successUrl: z.string(),
  cancelUrl: z.string(),
  expiresAt: z.string(),
});
export type StoredCheckoutRequest = z.infer<typeof storedRequest>;

/** What starting any Checkout page takes beside what it pays and where the client comes back to. */
export const checkoutInput = {
  workspaceId: z.string().min(1),
  customerId: z.string().min(1),
  /** A vendor's preview link: recorded as such in the activity. */
  preview: z.boolean().optional(),
  /**
   * The amount (minor units) the client's Pay button showed. When given, any other amount is
   * refused with AmountNotConfirmedError, so nobody leaves for Stripe to pay a surprise.
   */
  confirmedAmount: z.number().int().nullish(),
};

/** A Checkout page started for the client. */
export interface StartedPage {
  /** Stripe's hosted Checkout page: redirect the client there. */
  url: string;
  /** A second press of Pay got the page of the first. */
  reused: boolean;
}

/**
 * The provider, the input parsed, and the account the input's workspace is paid into: its own
 * under Stripe Connect, or the server's. PaymentsNotConfiguredError without a provider or an account.
 */
export async function checkoutRoute<Schema extends z.ZodType<{ workspaceId: string }>>(gateway: PaymentGateway | null, schema: Schema, rawInput: unknown) {
  if (!gateway) throw new PaymentsNotConfiguredError(blockerMessage("not-configured"));
  const input = parseInput(schema, rawInput);
  const route = await gateway.accountFor(input.workspaceId);
  if (!route) throw new PaymentsNotConfiguredError(blockerMessage("not-configured"));
  return { gateway, input, route };
}

/** A new page's end, and where Stripe sends the client back from it: `returnUrl` with ?payment=…, stored with the request. */
export function pageReturn(returnUrl: string, now: Date) {
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  const back = `${returnUrl}${returnUrl.includes("?") ? "&" : "?"}payment=`;
  return {
    expiresAt,
    // Stripe fills in {CHECKOUT_SESSION_ID} itself: it must stay unencoded.
    request: { successUrl: `${back}success&session_id={CHECKOUT_SESSION_ID}`, cancelUrl: `${back}cancelled`, expiresAt: expiresAt.toISOString() },
  };
}

/**
 * Asks the provider for the page of `attempts` (one, or a group's in order) from the first one's
 * stored request, so a second press while the first is in flight sends exactly the same
 * parameters under the same idempotency key (docs/decisions/050); when that fails the attempts
 * are given up (pageNotMade). `moved`: the workspace no longer takes payments on the page's
 * account (a disconnect while the provider was asked).
 */
export async function createPage(
  ctx: PaymentData & { now(): Date },
  gateway: PaymentGateway,
  attempts: readonly [CheckoutAttempt, ...CheckoutAttempt[]],
  page: ProviderCheckout,
  fresh: boolean,
): Promise<{ created: CreatedCheckout; moved: boolean }> {
  const [head] = attempts;
  const { groupId } = head;
  const request = storedRequest.parse(head.request);
  let created;
  try {
    created = await gateway.createCheckout({
      ...request,
      idempotencyKey: groupId ? `remit-checkout-group-${groupId}` : `remit-checkout-${head.id}`,
      expiresAt: new Date(request.expiresAt),
      reference: {
        workspaceId: head.workspaceId,
        invoiceId: head.invoiceId,
        customerId: head.customerId,
        checkoutId: head.id,
        ...(groupId ? { groupId } : {}),
      },
      account: page.account,
    });
  } catch (error) {
    await pageNotMade(ctx, attempts, error, fresh);
    throw error;
  }
  const moved = (await gateway.accountFor(head.workspaceId))?.account !== page.account;
  return { created, moved };
}

/**
 * The client's page for `attempts` (one, or a group's in order), which a press of Pay planned:
 * the page an earlier press got, or one the provider makes now (createPage), recorded with the
 * attempts. Then, under the invoices' locks, every older page of these invoices closes; and when
 * something changed one of the invoices while the provider was asked (a payment, a void) or the
 * workspace's account moved, this page closes too and ValidationError(`stale`) says so: nothing
 * was charged. A change this very page made (it was paid already) is fine.
 */
export async function givePage(
  ctx: PaymentData & { now(): Date },
  gateway: PaymentGateway,
  attempts: readonly [CheckoutAttempt, ...CheckoutAttempt[]],
  page: ProviderCheckout,
  press: { fresh: boolean; preview: boolean | undefined; now: Date; stale: string },
): Promise<StartedPage> {
  if (page.url) return { url: page.url, reused: true };
  const { created, moved } = await createPage(ctx, gateway, attempts, page, press.fresh);
  const { now } = press;
  const ids = attempts.map((attempt) => attempt.id);
  const invoiceIds = attempts.map((attempt) => attempt.invoiceId);
  const stale = await ctx.db.$transaction(async (tx) => {
    await lockInvoices(tx, invoiceIds);
    await ctx.paymentReferences.recordCheckoutPage(tx, ids, created);
    const current = await tx.checkoutAttempt.findMany({ where: { id: { in: ids } } });
    const invoices = await tx.invoice.findMany({ where: { id: { in: invoiceIds } } });
    const changed =
      current.every((attempt) => attempt.status === "open") &&
      (moved ||
        current.some((attempt) => {
          const invoice = invoices.find((candidate) => candidate.id === attempt.invoiceId);
          return !invoice || !payable(invoice) || invoice.amountPaid !== attempt.amountPaidBefore;
        }));
    for (const attempt of attempts) {
      if (press.fresh) await recordActivity(tx, attempt, "payment_started", now, press.preview);
      const others = (await openPages(tx, ctx.paymentReferences, attempt.invoiceId)).filter((other) => !ids.includes(other.id)).length;
      if (others || changed)
        await emit(
          tx,
          { type: "checkout.replaced", workspaceId: attempt.workspaceId, aggregateId: attempt.invoiceId, payload: { invoiceId: attempt.invoiceId } },
          now,
        );
    }
    return changed;
  });
  if (stale) throw new ValidationError({ invoice: press.stale });
  return { url: created.url, reused: !press.fresh };
}

export const payable = (invoice: { status: Invoice["status"] }) => invoice.status === "open" || invoice.status === "uncollectible";

/** Locks the invoice row for the rest of the transaction: work on one invoice takes turns. */
export async function lockInvoice(tx: Tx, invoiceId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId} FOR UPDATE`;
}

/**
 * Locks several invoice rows, always in id order, so two transactions that lock overlapping
 * sets (a "Pay all" webhook and a single invoice's) take turns instead of deadlocking.
 */
export async function lockInvoices(tx: Tx, invoiceIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(invoiceIds)].sort()) await lockInvoice(tx, id);
}

export const subjectOf = (invoice: Invoice): ActivitySubject => ({ workspaceId: invoice.workspaceId, customerId: invoice.customerId, invoiceId: invoice.id });

export async function recordFailure(tx: Tx, invoice: Invoice, reason: string, now: Date): Promise<void> {
  await emit(tx, { type: "payment.failed", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, reason } }, now);
  await recordActivity(tx, subjectOf(invoice), "payment_failed", now);
}

/** A delayed payment (bank debit) accepted by Stripe and not yet settled: paying again could pay twice. */
export async function bankPaymentProcessing(tx: Tx, invoiceId: string): Promise<boolean> {
  return (await tx.checkoutAttempt.count({ where: { invoiceId, status: "processing" } })) > 0;
}

/** An attempt's page at the provider: the account it is made on, and its session once made (none: the server's account, no page yet). */
export async function pageOf(tx: Tx, refs: PaymentReferences, attemptId: string): Promise<ProviderCheckout> {
  return (await refs.checkouts(tx, [attemptId])).get(attemptId) ?? { attemptId, account: null, sessionId: null, url: null };
}

/**
 * The open attempts of an invoice whose page the provider made, newest first, with their page:
 * the pages a client could still pay on.
 */
export async function openPages(
  tx: Tx,
  refs: PaymentReferences,
  invoiceId: string,
): Promise<(CheckoutAttempt & { page: ProviderCheckout & { sessionId: string } })[]> {
  const open = await tx.checkoutAttempt.findMany({ where: { invoiceId, status: "open" }, orderBy: { createdAt: "desc" } });
  const pages = await refs.checkouts(
    tx,
    open.map((attempt) => attempt.id),
  );
  return open.flatMap((attempt) => {
    const page = pages.get(attempt.id);
    return page?.sessionId ? [{ ...attempt, page: { ...page, sessionId: page.sessionId } }] : [];
  });
}

/**
 * The provider could not make the page for these attempts (nothing was charged). A refusal
 * marks them failed and alerts the workspace; any other failure forgets attempts made for this
 * press, because Stripe replays a stored failure under the same key for a day and the next
 * press needs a new one. Attempts whose page a concurrent press got meanwhile are left alone.
 */
export async function pageNotMade(
  ctx: PaymentData & { now(): Date },
  attempts: readonly { id: string; invoiceId: string; workspaceId: string }[],
  error: unknown,
  fresh: boolean,
): Promise<void> {
  const refused = error instanceof PaymentUnavailableError;
  if (!refused && !fresh) return;
  await ctx.db.$transaction(async (tx) => {
    await lockInvoices(
      tx,
      attempts.map((attempt) => attempt.invoiceId),
    );
    const pages = await ctx.paymentReferences.checkouts(
      tx,
      attempts.map((attempt) => attempt.id),
    );
    const pageless = attempts.filter((attempt) => !pages.get(attempt.id)?.sessionId).map((attempt) => attempt.id);
    if (refused) await tx.checkoutAttempt.updateMany({ where: { id: { in: pageless } }, data: { status: "failed", lastError: error.vendorReason } });
    else await tx.checkoutAttempt.deleteMany({ where: { id: { in: pageless } } });
  });
  const first = attempts[0];
  if (refused && first)
    await reportIntegrationFailure(ctx.db, { workspaceId: first.workspaceId, integration: "stripe", reason: error.vendorReason, now: ctx.now() });
}

/**
 * Money the provider moved for an invoice, which the caller read under its row lock in this
 * transaction: recorded as received (settling the invoice, or as an overpayment), with the
 * provider's ids in the same transaction; their uniqueness makes a second payment of one
 * provider payment on one invoice fail, never count.
 */
export async function recordOnlinePayment(
  tx: Tx,
  refs: PaymentReferences,
  invoice: Invoice,
  money: { amount: number; method: string; paidAt: Date },
  ids: ProviderPaymentIds,
  now: Date,
): Promise<Payment> {
  const { payment } = await applyPayment(tx, { workspaceId: invoice.workspaceId, invoiceId: invoice.id, ...money, received: true, online: true }, now, invoice);
  await refs.recordPayment(tx, payment, ids);
  await recordActivity(tx, subjectOf(invoice), "payment_succeeded", now);
  return payment;
}
