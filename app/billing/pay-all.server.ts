// "Pay all": one Checkout page for several open invoices of one customer in one currency,
// allocated over them in due-date order by the webhook (grouped-payments.server.ts). Why it
// works this way: docs/decisions/105.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CheckoutStatus, Customer, Invoice, Payment, Workspace } from "#app/generated/prisma/client.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import type { PaymentGateway } from "#app/ports/payment-gateway.ts";
import type { PaymentReferences } from "#app/ports/payment-references.ts";
import {
  givePage,
  lockInvoices,
  pageOf,
  reuseWindowMs,
  checkoutInput,
  checkoutRoute,
  pageReturn,
  type PaymentData,
  type StartedPage,
  type StoredCheckoutRequest,
} from "./checkout-steps.server.ts";
import { AmountNotConfirmedError, NotFoundError, ValidationError } from "./errors.ts";
import { balanceDue } from "./invoice-math.ts";
import { daysOverdue } from "./invoice-status.ts";
import type { PaymentContext } from "./payments.server.ts";

/** Stripe takes at most 100 line items on one Checkout page in payment mode: the oldest 100 invoices go first. */
export const maxInvoicesPerPage = 100;

export type PayAllKind = "all" | "overdue";

export interface PayAllOffer {
  /** Invoices this page pays (at most maxInvoicesPerPage), oldest due first. */
  count: number;
  /** Their balances together, in minor units. */
  amount: number;
  /** How many such invoices there are in all: more than `count` when the page is capped. */
  of: number;
}

export interface PayAllOptions {
  currency: string;
  /** Offered with two or more payable invoices in the currency. */
  all: PayAllOffer | null;
  /** Offered when some, but not all, of them are overdue. */
  overdue: PayAllOffer | null;
}

interface Scope {
  workspaceId: string;
  customerId: string;
}

/**
 * What a customer can pay in one go, per currency. Only invoices the client could pay one by
 * one are in it: issued, with a balance, no bank payment in progress, a balance the provider can charge.
 */
export async function payAllOptions(ctx: PaymentContext, scope: Scope): Promise<PayAllOptions[]> {
  const gateway = ctx.stripe;
  if (!gateway || !(await gateway.accountFor(scope.workspaceId))) return [];
  const candidates = await payableInvoices(ctx.db, gateway, scope, ctx.now());
  const currencies = [...new Set(candidates.map((candidate) => candidate.invoice.currency))].sort();
  return currencies.flatMap((currency) => {
    const all = candidates.filter((candidate) => candidate.invoice.currency === currency);
    const overdue = all.filter((candidate) => candidate.overdue);
    const offers = {
      currency,
      all: all.length >= 2 ? offer(gateway, all, currency) : null,
      overdue: overdue.length >= 1 && overdue.length < all.length ? offer(gateway, overdue, currency) : null,
    };
    return offers.all || offers.overdue ? [offers] : [];
  });
}

function offer(gateway: PaymentGateway, candidates: Candidate[], currency: string): PayAllOffer | null {
  const paid = candidates.slice(0, maxInvoicesPerPage);
  const amount = paid.reduce((sum, candidate) => sum + candidate.balance, 0);
  if (gateway.unchargeable(amount, currency, candidates[0]?.locale ?? "en-US")) return null;
  return { count: paid.length, amount, of: candidates.length };
}

interface Candidate {
  invoice: Invoice & { workspace: Workspace; customer: Customer };
  balance: number;
  overdue: boolean;
  locale: string;
}

/** The customer's payable invoices, oldest due first (then by number): the order money is applied in. */
async function payableInvoices(tx: Tx, gateway: PaymentGateway, scope: Scope, now: Date, currency?: string): Promise<Candidate[]> {
  const invoices = await tx.invoice.findMany({
    where: { ...scope, status: { in: ["open", "uncollectible"] }, ...(currency ? { currency } : {}) },
    include: { workspace: true, customer: true },
    orderBy: [{ dueDate: "asc" }, { number: "asc" }],
  });
  // A bank debit in progress: paying again could pay twice (one query for all of them).
  const processing = new Set(
    (
      await tx.checkoutAttempt.findMany({
        where: { invoiceId: { in: invoices.map((invoice) => invoice.id) }, status: "processing" },
        select: { invoiceId: true },
      })
    ).map((attempt) => attempt.invoiceId),
  );
  const candidates: Candidate[] = [];
  for (const invoice of invoices) {
    const balance = balanceDue(invoice);
    const locale = invoice.customer.locale ?? invoice.workspace.locale;
    if (balance <= 0 || processing.has(invoice.id)) continue;
    // A balance the provider cannot charge as a line of its own (KWD 1.255) is paid another way.
    if (gateway.unchargeable(balance, invoice.currency, locale, { line: true })) continue;
    const late = daysOverdue({ status: "open", dueDate: invoice.dueDate }, now, invoice.workspace.timezone) > 0;
    candidates.push({ invoice, balance, overdue: late, locale });
  }
  return candidates;
}

const startInput = z.object({
  ...checkoutInput,
  currency: z.string().regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code"),
  kind: z.enum(["all", "overdue"]),
  /** The portal home, `${PUBLIC_URL}/p/<token>`: Stripe sends the client back here. */
  returnUrl: z.url({ protocol: /^https?$/, error: "returnUrl must be the http(s) address of the portal's home page" }),
});

export type StartPayAllInput = z.input<typeof startInput>;

export interface StartedPayAll extends StartedPage {
  groupId: string;
}

/**
 * Starts paying several invoices on one Checkout page. Pressing again for the same invoices and
 * amounts while nothing else changed returns the same page; anything else makes a new page and
 * closes the older ones (docs/decisions/105).
 */
export async function startPayAll(ctx: PaymentContext, rawInput: StartPayAllInput): Promise<StartedPayAll> {
  const { gateway, input, route } = await checkoutRoute(ctx.stripe, startInput, rawInput);
  const now = ctx.now();
  const refs = ctx.paymentReferences;

  const plan = await ctx.db.$transaction(async (tx) => {
    const scope = { workspaceId: input.workspaceId, customerId: input.customerId };
    const listed = await payableInvoices(tx, gateway, scope, now, input.currency);
    await lockInvoices(
      tx,
      listed.map((candidate) => candidate.invoice.id),
    );
    // Read again under the locks: what is paid now is what the page is for.
    const all = await payableInvoices(tx, gateway, scope, now, input.currency);
    const chosen = (input.kind === "overdue" ? all.filter((candidate) => candidate.overdue) : all).slice(0, maxInvoicesPerPage);
    if (!chosen.length || (input.kind === "all" && chosen.length < 2))
      throw new ValidationError({ invoice: "There is nothing left to pay together: please reload the page." });
    const first = chosen[0]!;
    const amount = chosen.reduce((sum, candidate) => sum + candidate.balance, 0);
    const refused = gateway.unchargeable(amount, input.currency, first.locale);
    if (refused) throw new ValidationError({ amount: refused });
    if (input.confirmedAmount !== undefined && input.confirmedAmount !== null && input.confirmedAmount !== amount) throw new AmountNotConfirmedError(amount);

    const reusable = await reusableGroup(tx, refs, chosen, route.account, now);
    if (reusable) return { groupId: reusable, fresh: false };

    const groupId = randomUUID();
    const { expiresAt, request: back } = pageReturn(input.returnUrl, now);
    const vendor = first.invoice.workspace.name;
    const request: StoredCheckoutRequest = {
      amount,
      currency: input.currency,
      lineName: `${chosen.length} invoices from ${vendor}`,
      lineDescription: null,
      lines: chosen.map(({ invoice, balance }) => ({
        name: `Invoice ${invoice.number} from ${vendor}`,
        description: balance < invoice.total ? `Balance due of ${invoice.number}` : null,
        amount: balance,
      })),
      customerEmail: first.invoice.customer.email,
      ...back,
    };
    const attempts = chosen.map(({ invoice, balance }, position) => ({
      id: randomUUID(),
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      amount: balance,
      currency: invoice.currency,
      amountPaidBefore: invoice.amountPaid,
      groupId,
      position,
      request: { ...request },
      createdAt: now,
      expiresAt,
    }));
    await tx.checkoutAttempt.createMany({ data: attempts });
    await refs.beginCheckouts(tx, attempts, route.account);
    return { groupId, fresh: true };
  });

  const attempts = await ctx.db.checkoutAttempt.findMany({ where: { groupId: plan.groupId }, orderBy: { position: "asc" } });
  const [head, ...rest] = attempts;
  if (!head) throw new NotFoundError("No such payment.");
  const given = await givePage(ctx, gateway, [head, ...rest], await pageOf(ctx.db, refs, head.id), {
    fresh: plan.fresh,
    preview: input.preview,
    now,
    stale: "One of these invoices changed while the payment page was being prepared. Nothing was charged: please reload the page.",
  });
  return { ...given, groupId: plan.groupId };
}

/**
 * The open group of exactly these invoices and amounts, made on this account within the reuse
 * window and still the newest page of every one of them; null when there is none.
 */
async function reusableGroup(tx: Tx, refs: PaymentReferences, chosen: Candidate[], account: string | null, now: Date): Promise<string | null> {
  const first = chosen[0];
  if (!first) return null;
  const newest = await tx.checkoutAttempt.findFirst({ where: { invoiceId: first.invoice.id, status: "open" }, orderBy: { createdAt: "desc" } });
  if (!newest?.groupId || newest.createdAt.getTime() <= now.getTime() - reuseWindowMs) return null;
  if ((await pageOf(tx, refs, newest.id)).account !== account) return null;
  const members = await tx.checkoutAttempt.findMany({ where: { groupId: newest.groupId }, orderBy: { position: "asc" } });
  if (members.length !== chosen.length) return null;
  for (const [index, member] of members.entries()) {
    const candidate = chosen[index];
    if (!candidate || member.invoiceId !== candidate.invoice.id || member.status !== "open") return null;
    if (member.amount !== candidate.balance || member.amountPaidBefore !== candidate.invoice.amountPaid || member.customerId !== candidate.invoice.customerId)
      return null;
    const latest = await tx.checkoutAttempt.findFirst({ where: { invoiceId: member.invoiceId, status: "open" }, orderBy: { createdAt: "desc" } });
    if (latest?.groupId !== newest.groupId) return null;
  }
  return newest.groupId;
}

export type PayAllState = "confirmed" | "processing" | "failed" | "waiting" | "unknown";

export interface PayAllResult {
  state: PayAllState;
  /** The payments the page made, one per invoice, in the order the money was applied (confirmed only). */
  payments: (Pick<Payment, "id" | "invoiceId" | "amount" | "currency" | "receiptNumber"> & { number: string })[];
}

/** For the portal home after Stripe: what the webhooks have said about a page that paid several invoices. Never marks anything paid. */
export async function payAllResult({ db, paymentReferences }: PaymentData, scope: Scope & { sessionId: string }): Promise<PayAllResult> {
  const attempts = await db.checkoutAttempt.findMany({
    where: {
      id: { in: await paymentReferences.attemptsOfSession(db, scope.sessionId) },
      workspaceId: scope.workspaceId,
      customerId: scope.customerId,
      groupId: { not: null },
    },
    orderBy: { position: "asc" },
  });
  const head = attempts[0];
  if (!head) return { state: "unknown", payments: [] };
  const states: Record<CheckoutStatus, PayAllState> = {
    open: "waiting",
    processing: "processing",
    succeeded: "confirmed",
    failed: "failed",
    expired: "failed",
  };
  if (head.status !== "succeeded") return { state: states[head.status], payments: [] };
  const paid = await paymentReferences.paymentsOfSession(db, scope.sessionId);
  const payments = await db.payment.findMany({
    where: { id: { in: paid.map((payment) => payment.paymentId) }, invoiceId: { in: attempts.map((attempt) => attempt.invoiceId) } },
    include: { invoice: { select: { number: true } } },
  });
  const order = new Map(attempts.map((attempt, index) => [attempt.invoiceId, index]));
  return {
    state: "confirmed",
    payments: payments
      .sort((a, b) => (order.get(a.invoiceId) ?? 0) - (order.get(b.invoiceId) ?? 0))
      .map(({ id, invoiceId, amount, currency, receiptNumber, invoice }) => ({ id, invoiceId, amount, currency, receiptNumber, number: invoice.number })),
  };
}
