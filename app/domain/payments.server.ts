import { z } from "zod";
import { log } from "#app/config/log.server.ts";
import type { Db } from "#app/db/database.server.ts";
import type { CheckoutStatus, Invoice, Payment } from "#app/generated/prisma/client.ts";
import { NotFoundError, PaymentsNotConfiguredError, ValidationError } from "./errors.ts";
import { applyPayment, applyRefund } from "./invoices.server.ts";
import { formatMoney } from "./money.ts";
import { emit, type Tx } from "./outbox.server.ts";
import type { PaymentEvent, PaymentGateway, ReceivedPayment } from "./payment-gateway.ts";
import { blockerMessage, chooseAmount, paymentOptions, type PaymentOptions } from "./payment-options.ts";
import { parseInput } from "./validation.ts";

/** What the payment functions need from the app (the AppContext fits). */
export interface PaymentContext {
  db: Db;
  /** The online payment provider; null when none is configured. */
  stripe: PaymentGateway | null;
  now(): Date;
}

/** How long a Checkout page stays usable, and how long a second press of Pay reuses it. */
const sessionLifetimeMs = 2 * 3_600_000;
const reuseWindowMs = 30 * 60_000;

const startCheckoutInput = z.object({
  workspaceId: z.string().min(1),
  customerId: z.string().min(1),
  invoiceId: z.string().min(1),
  /** Empty for the whole balance. A number is minor units; a string is what the client typed ("150.00"). */
  amount: z.union([z.number(), z.string()]).nullish(),
  /** The invoice's portal page, `${PUBLIC_URL}/p/<token>/invoices/<id>`: Stripe sends the client back here. */
  returnUrl: z.url({ protocol: /^https?$/, error: "returnUrl must be the http(s) address of the invoice's portal page" }),
  /** A vendor's preview link: recorded as such in the activity. */
  preview: z.boolean().optional(),
});

export type StartCheckoutInput = z.input<typeof startCheckoutInput>;

export interface StartedCheckout {
  /** Stripe's hosted Checkout page: redirect the client there. */
  url: string;
  checkoutId: string;
  /** A second press of Pay got the session of the first. */
  reused: boolean;
}

/**
 * Starts paying an invoice online and returns the Checkout page to send the client to.
 * Pressing Pay again for the same amount while nothing else was paid returns the same page
 * (docs/decisions/010). Throws PaymentsNotConfiguredError without Stripe, ValidationError for
 * an invoice with nothing to pay or an amount outside the rules, PaymentProviderError when
 * Stripe fails (nothing is recorded then).
 */
export async function startCheckout(ctx: PaymentContext, rawInput: StartCheckoutInput): Promise<StartedCheckout> {
  const gateway = ctx.stripe;
  if (!gateway) throw new PaymentsNotConfiguredError(blockerMessage("not-configured"));
  const input = parseInput(startCheckoutInput, rawInput);
  const now = ctx.now();

  const plan = await ctx.db.$transaction(async (tx) => {
    await lockInvoice(tx, input.invoiceId);
    const invoice = await tx.invoice.findFirst({
      where: { id: input.invoiceId, workspaceId: input.workspaceId, customerId: input.customerId },
      include: { workspace: true, customer: true },
    });
    if (!invoice) throw new NotFoundError("No such invoice.");
    const locale = invoice.customer.locale ?? invoice.workspace.locale;
    const options = paymentOptions(invoice, invoice.workspace, { configured: true, processing: await bankPaymentProcessing(tx, invoice.id) });
    if (options.blocker) throw new ValidationError({ invoice: blockerMessage(options.blocker) });
    const amount = chooseAmount(options, input.amount, locale);
    const reusable = await tx.checkoutAttempt.findFirst({
      where: {
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        amount,
        amountPaidBefore: invoice.amountPaid,
        status: "open",
        createdAt: { gt: new Date(now.getTime() - reuseWindowMs) },
      },
      orderBy: { createdAt: "desc" },
    });
    const attempt =
      reusable ??
      (await tx.checkoutAttempt.create({
        data: {
          workspaceId: invoice.workspaceId,
          invoiceId: invoice.id,
          customerId: invoice.customerId,
          amount,
          currency: invoice.currency,
          amountPaidBefore: invoice.amountPaid,
          createdAt: now,
          expiresAt: new Date(now.getTime() + sessionLifetimeMs),
        },
      }));
    const partial = amount < options.balance;
    return {
      attempt,
      fresh: !reusable,
      lineName: `Invoice ${invoice.number} from ${invoice.workspace.name}`,
      lineDescription: partial ? `Partial payment (balance due ${formatMoney(options.balance, invoice.currency, locale)})` : null,
      customerEmail: invoice.customer.email,
    };
  });

  const { attempt } = plan;
  if (attempt.url) return { url: attempt.url, checkoutId: attempt.id, reused: true };
  const back = `${input.returnUrl}${input.returnUrl.includes("?") ? "&" : "?"}payment=`;
  let created;
  try {
    created = await gateway.createCheckout({
      idempotencyKey: `remit-checkout-${attempt.id}`,
      amount: attempt.amount,
      currency: attempt.currency,
      lineName: plan.lineName,
      lineDescription: plan.lineDescription,
      customerEmail: plan.customerEmail,
      // Stripe fills in {CHECKOUT_SESSION_ID} itself: it must stay unencoded.
      successUrl: `${back}success&session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${back}cancelled`,
      expiresAt: attempt.expiresAt,
      reference: { workspaceId: attempt.workspaceId, invoiceId: attempt.invoiceId, customerId: attempt.customerId, checkoutId: attempt.id },
    });
  } catch (error) {
    // Stripe replays an idempotent failure for a day: the next press needs a fresh attempt (and key).
    if (plan.fresh) await ctx.db.checkoutAttempt.deleteMany({ where: { id: attempt.id, stripeSessionId: null } });
    throw error;
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.checkoutAttempt.updateMany({ where: { id: attempt.id }, data: { stripeSessionId: created.sessionId, url: created.url } });
    if (plan.fresh) await recordActivity(tx, attempt, "payment_started", now, input.preview);
  });
  return { url: created.url, checkoutId: attempt.id, reused: !plan.fresh };
}

/** For the portal: whether to show a Pay button on an invoice, and the amounts it accepts. */
export async function invoicePaymentOptions(
  ctx: PaymentContext,
  scope: { workspaceId: string; customerId: string; invoiceId: string },
): Promise<PaymentOptions> {
  const invoice = await ctx.db.invoice.findFirst({
    where: { id: scope.invoiceId, workspaceId: scope.workspaceId, customerId: scope.customerId },
    include: { workspace: true },
  });
  if (!invoice) throw new NotFoundError("No such invoice.");
  return paymentOptions(invoice, invoice.workspace, { configured: ctx.stripe !== null, processing: await bankPaymentProcessing(ctx.db, invoice.id) });
}

/** A delayed payment (bank debit) accepted by Stripe and not yet settled: paying again could pay twice. */
async function bankPaymentProcessing(tx: Tx, invoiceId: string): Promise<boolean> {
  return (await tx.checkoutAttempt.count({ where: { invoiceId, status: "processing" } })) > 0;
}

export type CheckoutState = "confirmed" | "processing" | "failed" | "waiting" | "unknown";

export interface CheckoutResult {
  /**
   * confirmed: Stripe's webhook recorded the payment (see `payment` for the receipt).
   * waiting: the client is back from Stripe but the webhook has not arrived yet.
   * processing: a bank payment was accepted and takes a few days to confirm.
   * failed: the payment did not go through. unknown: no such session for this invoice.
   */
  state: CheckoutState;
  payment: Payment | null;
}

/** For the return page: what the webhooks have said about a Checkout session. Never marks anything paid. */
export async function checkoutResult(
  db: Db,
  scope: { workspaceId: string; customerId: string; invoiceId: string; sessionId: string },
): Promise<CheckoutResult> {
  const attempt = await db.checkoutAttempt.findFirst({
    where: { stripeSessionId: scope.sessionId, invoiceId: scope.invoiceId, customerId: scope.customerId, workspaceId: scope.workspaceId },
  });
  if (!attempt) return { state: "unknown", payment: null };
  const states: Record<CheckoutStatus, CheckoutState> = { open: "waiting", processing: "processing", succeeded: "confirmed", failed: "failed" };
  const payment =
    attempt.status === "succeeded"
      ? await db.payment.findFirst({ where: { stripeCheckoutSessionId: scope.sessionId, invoiceId: scope.invoiceId } })
      : null;
  return { state: states[attempt.status], payment };
}

export type PaymentEventOutcome = "applied" | "duplicate" | "ignored";

/**
 * Applies a provider event exactly once: its id is recorded in the same transaction as its
 * effect, and work on one invoice takes turns on the invoice row. Payments are found by
 * their payment intent, so duplicates and any delivery order end in the same state
 * (docs/decisions/012).
 */
export async function applyPaymentEvent(ctx: { db: Db; now(): Date }, event: PaymentEvent): Promise<PaymentEventOutcome> {
  const now = ctx.now();
  return ctx.db.$transaction(
    async (tx) => {
      const { count } = await tx.processedWebhook.createMany({ data: [{ source: "stripe", eventId: event.id }], skipDuplicates: true });
      if (count === 0) return "duplicate";
      const { reference } = event;
      await lockInvoice(tx, reference.invoiceId);
      const invoice = await tx.invoice.findFirst({
        where: { id: reference.invoiceId, workspaceId: reference.workspaceId, customerId: reference.customerId },
      });
      const received = "payment" in event ? event.payment : null;
      if (!invoice || (received && received.currency !== invoice.currency)) {
        log.warn("Stripe event does not match its invoice: ignored", { eventId: event.id, invoiceId: reference.invoiceId });
        return "ignored";
      }
      switch (event.type) {
        case "checkout.completed":
        case "checkout.async_succeeded":
          if (event.payment) await recordReceived(tx, invoice, event.payment, now);
          else await moveAttempt(tx, invoice, reference.checkoutId, ["open"], "processing");
          return "applied";
        case "checkout.async_failed":
          if (await moveAttempt(tx, invoice, reference.checkoutId, ["open", "processing"], "failed")) {
            await recordFailure(tx, invoice, "The bank payment did not go through.", now);
          }
          return "applied";
        case "payment.failed": {
          // A delayed method's failure also arrives as checkout.async_failed: reported from there.
          const attempt = reference.checkoutId
            ? await tx.checkoutAttempt.findFirst({ where: { id: reference.checkoutId, invoiceId: invoice.id } })
            : null;
          if (!attempt || attempt.status === "open") await recordFailure(tx, invoice, event.reason, now);
          return "applied";
        }
        case "charge.refunded": {
          const payment = await recordReceived(tx, invoice, event.payment, now);
          await applyRefund(tx, { workspaceId: invoice.workspaceId, paymentId: payment.id, totalRefunded: event.amountRefunded }, now);
          return "applied";
        }
      }
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** Locks the invoice row for the rest of the transaction: work on one invoice takes turns. */
async function lockInvoice(tx: Tx, invoiceId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId} FOR UPDATE`;
}

/**
 * The payment of a payment intent: the first event about it records it (and settles the
 * invoice), later ones only add the ids they know.
 */
async function recordReceived(tx: Tx, invoice: Invoice, received: ReceivedPayment, now: Date): Promise<Payment> {
  const { checkoutId } = received.reference;
  const attempt = checkoutId ? await tx.checkoutAttempt.findFirst({ where: { id: checkoutId, invoiceId: invoice.id } }) : null;
  const checkoutSessionId = received.checkoutSessionId ?? attempt?.stripeSessionId ?? null;
  const existing = await tx.payment.findUnique({ where: { stripePaymentIntentId: received.paymentIntentId } });
  let payment: Payment;
  if (existing) {
    payment = await tx.payment.update({
      where: { id: existing.id },
      data: {
        stripeCheckoutSessionId: existing.stripeCheckoutSessionId ?? checkoutSessionId,
        stripeChargeId: existing.stripeChargeId ?? received.chargeId,
      },
    });
  } else {
    ({ payment } = await applyPayment(tx, {
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      amount: received.amount,
      method: received.method,
      paidAt: received.paidAt,
      received: true,
      stripe: { checkoutSessionId, paymentIntentId: received.paymentIntentId, chargeId: received.chargeId },
    }, now));
    await recordActivity(tx, subjectOf(invoice), "payment_succeeded", now);
  }
  if (attempt && attempt.status !== "succeeded") {
    await tx.checkoutAttempt.update({ where: { id: attempt.id }, data: { status: "succeeded" } });
  }
  return payment;
}

async function recordFailure(tx: Tx, invoice: Invoice, reason: string, now: Date): Promise<void> {
  await emit(tx, { type: "payment.failed", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, reason } }, now);
  await recordActivity(tx, subjectOf(invoice), "payment_failed", now);
}

/** Attempts only move forward: open → processing → succeeded | failed. */
async function moveAttempt(tx: Tx, invoice: Invoice, checkoutId: string | null, from: CheckoutStatus[], to: CheckoutStatus): Promise<boolean> {
  if (!checkoutId) return false;
  const { count } = await tx.checkoutAttempt.updateMany({
    where: { id: checkoutId, invoiceId: invoice.id, status: { in: from } },
    data: { status: to },
  });
  return count === 1;
}

interface ActivitySubject {
  workspaceId: string;
  customerId: string;
  invoiceId: string;
}

const subjectOf = (invoice: Invoice): ActivitySubject => ({ workspaceId: invoice.workspaceId, customerId: invoice.customerId, invoiceId: invoice.id });

async function recordActivity(
  tx: Tx,
  subject: ActivitySubject,
  kind: "payment_started" | "payment_succeeded" | "payment_failed",
  now: Date,
  preview = false,
): Promise<void> {
  const { workspaceId, customerId, invoiceId } = subject;
  await tx.activityEvent.create({ data: { workspaceId, customerId, invoiceId, kind, preview, createdAt: now } });
}
