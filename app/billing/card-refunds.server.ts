import type { Payment } from "#app/generated/prisma/client.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { NotFoundError, PaymentsNotConfiguredError, ValidationError } from "./errors.ts";
import { applyRefund } from "./invoices.server.ts";
import { formatMoney } from "./money.ts";
import { lockInvoice } from "./checkout-steps.server.ts";
import type { PaymentContext, PaymentData } from "./payments.server.ts";

const providerPayment = async (ctx: PaymentData, paymentId: string) => (await ctx.paymentReferences.payments(ctx.db, [paymentId])).get(paymentId);

/** A card payment with something left to refund. */
export const refundable = (payment: Pick<Payment, "online" | "status" | "amount" | "amountRefunded">): number =>
  payment.online && payment.status !== "reversed" ? payment.amount - payment.amountRefunded : 0;

export interface CardRefundInput {
  workspaceId: string;
  paymentId: string;
  /** Minor units of the payment's currency. */
  amount: number;
  /** The person's request (e.g. one Slack form): the same key refunds once, however often it arrives. */
  requestKey: string;
  actor: Actor;
  reason: string | null;
}

/** Why a refund cannot be asked for, by field (empty when it can); checks nothing at the provider. */
export async function cardRefundIssues(ctx: PaymentContext, input: Omit<CardRefundInput, "requestKey" | "actor" | "reason">): Promise<Record<string, string>> {
  if (!ctx.stripe) return { payment: "Online payment is not set up on this server: give the money back the way it came." };
  const payment = await ctx.db.payment.findFirst({ where: { id: input.paymentId, workspaceId: input.workspaceId }, include: { workspace: true } });
  if (!payment) return { payment: "That payment is no longer in this workspace." };
  const intent = payment.online ? (await providerPayment(ctx, payment.id))?.paymentIntentId : null;
  if (!intent) return { payment: "This payment was recorded by hand: undo it instead (More → Undo a payment marked paid)." };
  // One card payment for several invoices (Pay all, decision 105): its refunds are spread back from
  // the last invoice as Stripe reports them, so one invoice's share cannot be refunded on its own.
  const shared = (await ctx.paymentReferences.paymentsOfIntent(ctx.db, intent)).filter((other) => other.paymentId !== payment.id).length;
  if (shared) {
    return {
      payment: `This card payment paid ${shared + 1} invoices at once: refund it in the Stripe Dashboard, and Remit takes the refund back from the last of them first.`,
    };
  }
  const left = refundable(payment);
  const amount = (value: number) => formatMoney(value, payment.currency, payment.workspace.locale);
  if (left <= 0) return { payment: `This payment of ${amount(payment.amount)} is already refunded in full.` };
  if (!Number.isInteger(input.amount) || input.amount <= 0) return { amount: "Write an amount more than zero." };
  if (input.amount > left) return { amount: `At most ${amount(left)} of this payment is left to refund.` };
  return {};
}

/**
 * Refunds (part of) a card payment through the provider, on the account it was paid into
 * (docs/decisions/151). The provider's idempotency key comes from the request, so a double
 * submission refunds once; the refund is recorded at once from the provider's answer (its
 * running total, as the charge.refunded webhook carries it), so the webhook that follows
 * records nothing more. `already`: this request had been carried out before.
 */
export async function refundCardPayment(ctx: PaymentContext, input: CardRefundInput): Promise<{ payment: Payment; refunded: number; already: boolean }> {
  const gateway = ctx.stripe;
  if (!gateway) throw new PaymentsNotConfiguredError("Online payment is not set up on this server: give the money back the way it came.");
  const done = await ctx.db.cardRefund.findUnique({ where: { requestKey: input.requestKey }, include: { payment: true } });
  if (done) return { payment: done.payment, refunded: done.amount, already: true };
  const issues = await cardRefundIssues(ctx, input);
  if (Object.keys(issues).length) throw new ValidationError(issues);
  const payment = await ctx.db.payment.findFirst({ where: { id: input.paymentId, workspaceId: input.workspaceId } });
  const provider = payment && (await providerPayment(ctx, payment.id));
  if (!payment || !provider?.paymentIntentId) throw new NotFoundError("That payment is no longer in this workspace.");

  const result = await gateway.refund({
    paymentIntentId: provider.paymentIntentId,
    amount: input.amount,
    currency: payment.currency,
    idempotencyKey: `remit-refund-${payment.id}-${input.requestKey}`,
    account: provider.account,
    reason: "requested_by_customer",
  });
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    await lockInvoice(tx, payment.invoiceId);
    // The same refund (a concurrent repeat of this request got Stripe's replay) is recorded once.
    const { count } = await tx.cardRefund.createMany({
      data: [
        {
          paymentId: payment.id,
          requestKey: input.requestKey,
          providerRefundId: result.refundId,
          amount: input.amount,
          actor: input.actor,
          reason: input.reason,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return { payment: await tx.payment.findUniqueOrThrow({ where: { id: payment.id } }), refunded: input.amount, already: true };
    await recordChange(tx, {
      workspaceId: payment.workspaceId,
      invoiceId: payment.invoiceId,
      action: "payment_refunded",
      actor: input.actor,
      amount: input.amount,
      reason: input.reason,
      at: now,
    });
    // A running total never lowers what was recorded: whichever of this and the webhook comes first records it.
    const total = result.totalRefunded ?? payment.amountRefunded + input.amount;
    const applied = await applyRefund(tx, { workspaceId: payment.workspaceId, paymentId: payment.id, totalRefunded: total }, now);
    return { payment: applied.payment, refunded: input.amount, already: false };
  });
}
