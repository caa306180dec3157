import { randomUUID } from "node:crypto";
import { z } from "zod";
import { log } from "#app/platform/config/log.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { CheckoutAttempt, CheckoutStatus, Invoice, Payment } from "#app/generated/prisma/client.ts";
import { AmountNotConfirmedError, NotFoundError, ValidationError } from "./errors.ts";
import { balanceDue } from "./invoice-math.ts";
import { allocatePayments } from "./instalments.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { applyRefund } from "./invoices.server.ts";
import { formatMoney } from "./money.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import type { PaymentAccount, PaymentEvent, PaymentGateway, ReceivedPayment } from "#app/ports/payment-gateway.ts";
import type { PaymentReferences, ProviderPaymentIds } from "#app/ports/payment-references.ts";
import { blockerMessage, chooseAmount, paymentOptions, type PaymentOptions } from "./payment-options.ts";
import { recordActivity } from "./activity.server.ts";
import {
  bankPaymentProcessing,
  givePage,
  lockInvoice,
  openPages,
  pageOf,
  payable,
  recordFailure,
  recordOnlinePayment,
  reuseWindowMs,
  checkoutInput,
  checkoutRoute,
  pageReturn,
  subjectOf,
  type PaymentData,
  type StartedPage,
  type StoredCheckoutRequest,
} from "./checkout-steps.server.ts";
import { applyGroupEvent } from "./grouped-payments.server.ts";

export type { PaymentData };

/** What the payment functions need from the app (the AppContext fits). */
export interface PaymentContext extends PaymentData {
  /** The online payment provider; null when none is configured. */
  stripe: PaymentGateway | null;
  now(): Date;
}

const startCheckoutInput = z.object({
  ...checkoutInput,
  invoiceId: z.string().min(1),
  /** Empty for the whole balance. A number is minor units; a string is what the client typed ("150.00"). */
  amount: z.union([z.number(), z.string()]).nullish(),
  /** The invoice's portal page, `${PUBLIC_URL}/p/<token>/invoices/<id>`: Stripe sends the client back here. */
  returnUrl: z.url({ protocol: /^https?$/, error: "returnUrl must be the http(s) address of the invoice's portal page" }),
});

export type StartCheckoutInput = z.input<typeof startCheckoutInput>;

export interface StartedCheckout extends StartedPage {
  checkoutId: string;
}

/**
 * Starts paying an invoice online and returns the Checkout page to send the client to.
 * Pressing Pay again for the same amount while nothing else was paid returns the same page
 * (docs/decisions/010). Throws PaymentsNotConfiguredError without Stripe, ValidationError for
 * an invoice with nothing to pay or an amount outside the rules, PaymentProviderError when
 * Stripe fails (nothing is recorded then).
 */
export async function startCheckout(ctx: PaymentContext, rawInput: StartCheckoutInput): Promise<StartedCheckout> {
  const { gateway, input, route } = await checkoutRoute(ctx.stripe, startCheckoutInput, rawInput);
  const now = ctx.now();
  const refs = ctx.paymentReferences;

  const plan = await ctx.db.$transaction(async (tx) => {
    await lockInvoice(tx, input.invoiceId);
    const invoice = await tx.invoice.findFirst({
      where: { id: input.invoiceId, workspaceId: input.workspaceId, customerId: input.customerId },
      include: { workspace: true, customer: true },
    });
    if (!invoice) throw new NotFoundError("No such invoice.");
    const locale = invoice.customer.locale ?? invoice.workspace.locale;
    const options = paymentOptions(
      invoice,
      invoice.workspace,
      { configured: true, processing: await bankPaymentProcessing(tx, invoice.id) },
      await partsOf(tx, invoice, invoice.workspace.timezone, now),
    );
    if (options.blocker) throw new ValidationError({ invoice: blockerMessage(options.blocker) });
    const amount = chooseAmount(options, input.amount, locale);
    const refused = gateway.unchargeable(amount, invoice.currency, locale);
    if (refused) throw new ValidationError({ amount: refused });
    if (input.confirmedAmount !== undefined && input.confirmedAmount !== amount) throw new AmountNotConfirmedError(amount);
    // Only the newest open page can be reused: any older one is about to be closed.
    const newest = await tx.checkoutAttempt.findFirst({ where: { invoiceId: invoice.id, status: "open" }, orderBy: { createdAt: "desc" } });
    const page = newest && (await pageOf(tx, refs, newest.id));
    // A page that pays several invoices is never reused for one of them (nor the other way round).
    const reusable =
      newest &&
      page &&
      newest.groupId === null &&
      newest.customerId === invoice.customerId &&
      newest.amount === amount &&
      newest.amountPaidBefore === invoice.amountPaid &&
      page.account === route.account &&
      newest.createdAt.getTime() > now.getTime() - reuseWindowMs
        ? { attempt: newest, page }
        : null;
    if (reusable) return { ...reusable, fresh: false };
    const id = randomUUID();
    const { expiresAt, request: back } = pageReturn(input.returnUrl, now);
    const request: StoredCheckoutRequest = {
      amount,
      currency: invoice.currency,
      lineName: `Invoice ${invoice.number} from ${invoice.workspace.name}`,
      lineDescription:
        options.instalment && amount === options.suggested && amount < options.balance
          ? `Instalment ${options.instalment.position} of ${options.instalment.count} (balance due ${formatMoney(options.balance, invoice.currency, locale)})`
          : amount < options.balance
            ? `Partial payment (balance due ${formatMoney(options.balance, invoice.currency, locale)})`
            : null,
      customerEmail: invoice.customer.email,
      ...back,
    };
    const attempt = await tx.checkoutAttempt.create({
      data: {
        id,
        workspaceId: invoice.workspaceId,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        amount,
        currency: invoice.currency,
        amountPaidBefore: invoice.amountPaid,
        request: { ...request },
        createdAt: now,
        expiresAt,
      },
    });
    await refs.beginCheckouts(tx, [attempt], route.account);
    return { attempt, page: { attemptId: id, account: route.account, sessionId: null, url: null }, fresh: true };
  });

  const { attempt, page } = plan;
  const given = await givePage(ctx, gateway, [attempt], page, {
    fresh: plan.fresh,
    preview: input.preview,
    now,
    stale: "This invoice changed while the payment page was being prepared. Nothing was charged: please reload the page.",
  });
  return { ...given, checkoutId: attempt.id };
}

/**
 * Open Checkout pages of an invoice that must close: the invoice is no longer payable, its
 * balance changed since the page was made, a newer page replaced it, or the workspace no
 * longer takes payments on the page's account (`current`: where its payments go now, null
 * when nowhere). Only the newest page made for the current balance on the current account stays open.
 */
export async function checkoutsToExpire(
  data: PaymentData,
  invoiceId: string,
  current: PaymentAccount | null,
): Promise<{ id: string; sessionId: string; account: string | null }[]> {
  const open = await openPages(data.db, data.paymentReferences, invoiceId);
  const newest = open[0];
  const live = newest && current && newest.page.account === current.account && (await stillLive(data, newest)) ? newest : null;
  return open
    .filter((attempt) => attempt.id !== live?.id)
    .map((attempt) => ({ id: attempt.id, sessionId: attempt.page.sessionId, account: attempt.page.account }));
}

/**
 * Whether a page still stands for what it was made for: its invoice is payable with the same
 * amount paid. A page that pays several invoices stands only while that holds for every one of
 * them and it is still the newest page of each: any change to one of them closes it.
 */
async function stillLive(
  { db, paymentReferences }: PaymentData,
  attempt: { id: string; invoiceId: string; groupId: string | null; amountPaidBefore: number },
): Promise<boolean> {
  const members = attempt.groupId ? await db.checkoutAttempt.findMany({ where: { groupId: attempt.groupId } }) : [attempt];
  for (const member of members) {
    if ("status" in member && member.status !== "open") return false;
    const invoice = await db.invoice.findUnique({ where: { id: member.invoiceId } });
    if (!invoice || !payable(invoice) || invoice.amountPaid !== member.amountPaidBefore) return false;
    if (attempt.groupId && (await openPages(db, paymentReferences, member.invoiceId))[0]?.id !== member.id) return false;
  }
  return true;
}

/** The provider closed the page (or it was already closed unpaid): every attempt it stood for. */
export async function markCheckoutExpired(db: Db, checkoutId: string): Promise<void> {
  const attempt = await db.checkoutAttempt.findUnique({ where: { id: checkoutId } });
  if (!attempt) return;
  await db.checkoutAttempt.updateMany({
    where: { status: "open", ...(attempt.groupId ? { groupId: attempt.groupId } : { id: checkoutId }) },
    data: { status: "expired" },
  });
}

/** For the portal: whether to show a Pay button on an invoice, and the amounts it accepts. */
export async function invoicePaymentOptions(
  ctx: PaymentContext,
  scope: { workspaceId: string; customerId: string; invoiceId: string },
): Promise<PaymentOptions> {
  const invoice = await ctx.db.invoice.findFirst({
    where: { id: scope.invoiceId, workspaceId: scope.workspaceId, customerId: scope.customerId },
    include: { workspace: true, customer: true },
  });
  if (!invoice) throw new NotFoundError("No such invoice.");
  const locale = invoice.customer.locale ?? invoice.workspace.locale;
  const parts = await partsOf(ctx.db, invoice, invoice.workspace.timezone, ctx.now());
  const charged = parts.find((part) => part.remaining > 0)?.remaining ?? balanceDue(invoice);
  const configured = ctx.stripe !== null && (await ctx.stripe.accountFor(invoice.workspaceId)) !== null;
  const unchargeable = ctx.stripe && configured && charged > 0 ? ctx.stripe.unchargeable(charged, invoice.currency, locale) : null;
  return paymentOptions(invoice, invoice.workspace, { configured, processing: await bankPaymentProcessing(ctx.db, invoice.id), unchargeable }, parts);
}

/** A split invoice's parts with what its payments cover of each (docs/decisions/131); empty when not split. */
async function partsOf(tx: Tx, invoice: { id: string; amountPaid: number }, timeZone: string, now: Date) {
  const parts = await tx.instalment.findMany({
    where: { invoiceId: invoice.id },
    orderBy: { position: "asc" },
    select: { position: true, amount: true, dueDate: true },
  });
  return parts.length ? allocatePayments(parts, invoice.amountPaid, calendarDateIn(now, timeZone)) : [];
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
  { db, paymentReferences }: PaymentData,
  scope: { workspaceId: string; customerId: string; invoiceId: string; sessionId: string },
): Promise<CheckoutResult> {
  const attempt = await db.checkoutAttempt.findFirst({
    where: {
      id: { in: await paymentReferences.attemptsOfSession(db, scope.sessionId) },
      invoiceId: scope.invoiceId,
      customerId: scope.customerId,
      workspaceId: scope.workspaceId,
    },
  });
  if (!attempt) return { state: "unknown", payment: null };
  const states: Record<CheckoutStatus, CheckoutState> = {
    open: "waiting",
    processing: "processing",
    succeeded: "confirmed",
    failed: "failed",
    expired: "failed",
  };
  const paid =
    attempt.status === "succeeded" ? (await paymentReferences.paymentsOfSession(db, scope.sessionId)).find((p) => p.invoiceId === scope.invoiceId) : undefined;
  const payment = paid ? await db.payment.findUnique({ where: { id: paid.paymentId } }) : null;
  return { state: states[attempt.status], payment };
}

export type PaymentEventOutcome = "applied" | "duplicate" | "ignored";

/**
 * Applies a provider event exactly once: its id is recorded in the same transaction as its
 * effect, and work on one invoice takes turns on the invoice row. Payments are found by
 * their payment intent, so duplicates and any delivery order end in the same state
 * (docs/decisions/012).
 */
export async function applyPaymentEvent(ctx: PaymentData & { now(): Date }, event: PaymentEvent): Promise<PaymentEventOutcome> {
  const now = ctx.now();
  const refs = ctx.paymentReferences;
  return ctx.db.$transaction(
    async (tx) => {
      // Event ids are remembered per account: one account's events never stand in for another's.
      const source = event.account ? `stripe:${event.account}` : "stripe";
      const { count } = await tx.processedWebhook.createMany({ data: [{ source, eventId: event.id }], skipDuplicates: true });
      if (count === 0) return "duplicate";
      const { reference } = event;
      const checked = await onItsAccount(tx, refs, event);
      if (!checked) {
        log.warn("Stripe event names a checkout or payment of another Stripe account: ignored", { eventId: event.id, account: event.account });
        return "ignored";
      }
      // One page that paid several invoices ("Pay all"): allocated over them (docs/decisions/105).
      if (reference.groupId) return applyGroupEvent(tx, refs, { ...event, reference: { ...reference, groupId: reference.groupId } }, now);
      // A refund belongs to the payment Stripe's ids name, whatever the metadata says.
      const refunded = event.type === "charge.refunded" ? ((await refs.paymentsOfIntent(tx, event.payment.paymentIntentId))[0] ?? null) : null;
      if (refunded && event.type === "charge.refunded" && refunded.chargeId && event.payment.chargeId && refunded.chargeId !== event.payment.chargeId) {
        log.warn("Stripe refund names a charge other than the payment's: ignored", { eventId: event.id, paymentId: refunded.paymentId });
        return "ignored";
      }
      const invoiceId = refunded?.invoiceId ?? reference.invoiceId;
      await lockInvoice(tx, invoiceId);
      const invoice = await tx.invoice.findFirst({
        where: refunded ? { id: invoiceId } : { id: invoiceId, workspaceId: reference.workspaceId, customerId: reference.customerId },
      });
      const received = "payment" in event ? event.payment : null;
      if (!invoice || (received && received.currency !== invoice.currency)) {
        log.warn("Stripe event does not match its invoice: ignored", { eventId: event.id, invoiceId });
        return "ignored";
      }
      switch (event.type) {
        case "checkout.completed":
        case "checkout.async_succeeded":
          if (event.payment) await recordReceived(tx, refs, invoice, event.payment, event.account, now, checked.attempt);
          else await moveAttempt(tx, invoice, reference.checkoutId, ["open"], "processing");
          return "applied";
        case "checkout.async_failed":
          if (await moveAttempt(tx, invoice, reference.checkoutId, ["open", "processing"], "failed")) {
            await recordFailure(tx, invoice, "The bank payment did not go through.", now);
          }
          return "applied";
        case "checkout.expired": {
          const attempt = reference.checkoutId ? await tx.checkoutAttempt.findFirst({ where: { id: reference.checkoutId, invoiceId: invoice.id } }) : null;
          const moved = await moveAttempt(tx, invoice, reference.checkoutId, ["open"], "expired");
          // The client tried, was declined, and the page closed unpaid: now the attempt has really failed.
          if (moved && attempt?.lastError && payable(invoice) && balanceDue(invoice) > 0) await recordFailure(tx, invoice, attempt.lastError, now);
          return "applied";
        }
        case "payment.failed": {
          // A decline on Stripe's page: the client may still try another card. Remembered, and
          // reported when the page closes unpaid; a delayed method's failure comes as checkout.async_failed.
          const attempt = reference.checkoutId ? await tx.checkoutAttempt.findFirst({ where: { id: reference.checkoutId, invoiceId: invoice.id } }) : null;
          if (attempt?.status === "open") {
            await tx.checkoutAttempt.update({ where: { id: attempt.id }, data: { lastError: event.reason } });
            await recordActivity(tx, subjectOf(invoice), "payment_failed", now);
          } else if (!attempt) await recordFailure(tx, invoice, event.reason, now);
          return "applied";
        }
        case "charge.refunded": {
          const paymentId = refunded?.paymentId ?? (await recordReceived(tx, refs, invoice, event.payment, event.account, now, checked.attempt)).id;
          await applyRefund(tx, { workspaceId: invoice.workspaceId, paymentId, totalRefunded: event.amountRefunded }, now);
          return "applied";
        }
      }
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** Which checkout attempt an event names, and whose invoice it is. */
type AttemptOfEvent = Pick<CheckoutAttempt, "id" | "invoiceId">;

/**
 * Whether everything the event names was made on the account it came from: its checkout
 * attempt and any payment of its payment intent. An event from a connected account must name
 * a checkout Remit made on that account; Remit makes nothing on one without it. The attempt
 * read, for what the event does next; null when the event is not on its account.
 */
async function onItsAccount(tx: Tx, refs: PaymentReferences, event: PaymentEvent): Promise<{ attempt: AttemptOfEvent | null } | null> {
  const { checkoutId } = event.reference;
  const attempt = checkoutId ? await tx.checkoutAttempt.findUnique({ where: { id: checkoutId }, select: { id: true, invoiceId: true } }) : null;
  if (attempt ? (await pageOf(tx, refs, attempt.id)).account !== event.account : event.account !== null) return null;
  const intentId = "payment" in event ? event.payment?.paymentIntentId : event.type === "payment.failed" ? event.paymentIntentId : undefined;
  const payments = intentId ? await refs.paymentsOfIntent(tx, intentId) : [];
  return payments.every((payment) => payment.account === event.account) ? { attempt } : null;
}

/**
 * The payment of a payment intent: the first event about it records it (and settles the
 * invoice), later ones only add the ids they know. `read` is the event's attempt as read
 * before the invoice's lock: which invoice and page it belongs to never changes, and its status
 * is not used.
 */
async function recordReceived(
  tx: Tx,
  refs: PaymentReferences,
  invoice: Invoice,
  received: ReceivedPayment,
  account: string | null,
  now: Date,
  read: AttemptOfEvent | null,
): Promise<Payment> {
  const attempt = read?.invoiceId === invoice.id ? read : null;
  const checkoutSessionId = received.checkoutSessionId ?? (attempt && (await pageOf(tx, refs, attempt.id)).sessionId);
  const ids: ProviderPaymentIds = { account, checkoutSessionId, paymentIntentId: received.paymentIntentId, chargeId: received.chargeId };
  // The page is paid before the payment's events are recorded: they find it closed, and nobody is asked to close it.
  if (attempt) await tx.checkoutAttempt.updateMany({ where: { id: attempt.id, status: { not: "succeeded" } }, data: { status: "succeeded" } });
  const existing = (await refs.paymentsOfIntent(tx, received.paymentIntentId)).find((payment) => payment.invoiceId === invoice.id);
  if (!existing) return recordOnlinePayment(tx, refs, invoice, { amount: received.amount, method: received.method, paidAt: received.paidAt }, ids, now);
  await refs.recordPayment(tx, { id: existing.paymentId, invoiceId: invoice.id }, ids);
  return tx.payment.findUniqueOrThrow({ where: { id: existing.paymentId } });
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

export type OverpaymentChoice = "refund" | "credit";

/**
 * The vendor's answer to an overpayment: refund the overpaid part through the provider (the
 * refund itself is booked when its webhook arrives) or keep it as the customer's credit.
 * Answered once: a second answer, from anyone, changes nothing and says what was chosen.
 */
export async function resolveOverpayment(
  ctx: PaymentData & { stripe: PaymentGateway | null },
  input: { workspaceId: string; paymentId: string; choice: OverpaymentChoice },
): Promise<{ payment: Payment; choice: OverpaymentChoice; already: boolean }> {
  const payment = await ctx.db.payment.findFirst({ where: { id: input.paymentId, workspaceId: input.workspaceId } });
  if (!payment || payment.overpaid === 0) throw new NotFoundError("There is no overpayment to settle on that payment.");
  const chosen = (payment.overpaymentResolution as OverpaymentChoice | null) ?? null;
  if (chosen) return { payment, choice: chosen, already: true };
  if (input.choice === "refund") {
    const provider = (await ctx.paymentReferences.payments(ctx.db, [payment.id])).get(payment.id);
    if (!provider?.paymentIntentId || !ctx.stripe)
      throw new ValidationError({ payment: "This money did not come through Stripe: refund it the way it was paid." });
    // One key per overpayment: a second press, or a retry, refunds once.
    await ctx.stripe.refund({
      paymentIntentId: provider.paymentIntentId,
      amount: payment.overpaid,
      currency: payment.currency,
      idempotencyKey: `remit-overpayment-${payment.id}`,
      account: provider.account,
    });
  }
  await ctx.db.payment.updateMany({ where: { id: payment.id, overpaymentResolution: null }, data: { overpaymentResolution: input.choice } });
  const updated = await ctx.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
  return {
    payment: updated,
    choice: (updated.overpaymentResolution as OverpaymentChoice | null) ?? input.choice,
    already: updated.overpaymentResolution !== input.choice,
  };
}
