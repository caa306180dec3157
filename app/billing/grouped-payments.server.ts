// What Stripe's events do to a Checkout page that paid several invoices at once ("Pay all",
// docs/decisions/105): one payment intent, allocated over the group's invoices in due-date
// order, each invoice getting a payment of its share; refunds spread back from the last.
import type { CheckoutAttempt, CheckoutStatus, Invoice, Payment } from "#app/generated/prisma/client.ts";
import { log } from "#app/platform/config/log.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import type { PaymentEvent, ReceivedPayment } from "#app/ports/payment-gateway.ts";
import type { PaymentReferences, ProviderPayment, ProviderPaymentIds } from "#app/ports/payment-references.ts";
import { recordActivity } from "./activity.server.ts";
import { lockInvoices, pageOf, payable, recordFailure, recordOnlinePayment, subjectOf } from "./checkout-steps.server.ts";
import { balanceDue } from "./invoice-math.ts";
import { applyRefund } from "./invoices.server.ts";

type GroupEvent = PaymentEvent & { reference: { groupId: string } };

interface Member {
  attempt: CheckoutAttempt;
  invoice: Invoice;
}

/**
 * Applies one provider event to a group, inside the webhook's transaction (its event id is
 * already recorded there). The group's invoices are locked in id order, so a single invoice's
 * webhook or a payment recorded by hand takes turns with it.
 */
export async function applyGroupEvent(tx: Tx, refs: PaymentReferences, event: GroupEvent, now: Date): Promise<"applied" | "ignored"> {
  const { reference } = event;
  // Only the attempts Remit made for this customer on the account the event came from.
  const group = await tx.checkoutAttempt.findMany({
    where: { groupId: reference.groupId, workspaceId: reference.workspaceId, customerId: reference.customerId },
    orderBy: { position: "asc" },
  });
  const pages = await refs.checkouts(
    tx,
    group.map((attempt) => attempt.id),
  );
  const attempts = group.filter((attempt) => (pages.get(attempt.id)?.account ?? null) === event.account);
  const received = "payment" in event ? event.payment : null;
  if (!attempts.length || (received && received.currency !== attempts[0]?.currency)) {
    log.warn("Stripe event names a payment group that does not match: ignored", { eventId: event.id, groupId: reference.groupId });
    return "ignored";
  }
  await lockInvoices(
    tx,
    attempts.map((attempt) => attempt.invoiceId),
  );
  const invoices = new Map((await tx.invoice.findMany({ where: { id: { in: attempts.map((a) => a.invoiceId) } } })).map((i) => [i.id, i]));
  const members: Member[] = attempts.flatMap((attempt) => {
    const invoice = invoices.get(attempt.invoiceId);
    return invoice ? [{ attempt, invoice }] : [];
  });
  switch (event.type) {
    case "checkout.completed":
    case "checkout.async_succeeded":
      if (event.payment) await recordGroupReceived(tx, refs, members, event.payment, event.account, now);
      else await moveGroup(tx, reference.groupId, ["open"], "processing");
      return "applied";
    case "checkout.async_failed":
      if (await moveGroup(tx, reference.groupId, ["open", "processing"], "failed")) {
        for (const { invoice } of members) await recordFailure(tx, invoice, "The bank payment did not go through.", now);
      }
      return "applied";
    case "checkout.expired": {
      const declined = members[0]?.attempt.lastError;
      if ((await moveGroup(tx, reference.groupId, ["open"], "expired")) && declined) {
        // The client tried, was declined, and the page closed unpaid: each invoice's attempt really failed.
        for (const { invoice } of members) if (payable(invoice) && balanceDue(invoice) > 0) await recordFailure(tx, invoice, declined, now);
      }
      return "applied";
    }
    case "payment.failed":
      // A decline on Stripe's page: the client may try another card; reported when the page closes unpaid.
      if (members.every(({ attempt }) => attempt.status === "open")) {
        await tx.checkoutAttempt.updateMany({ where: { groupId: reference.groupId }, data: { lastError: event.reason } });
        for (const { invoice } of members) await recordActivity(tx, subjectOf(invoice), "payment_failed", now);
      }
      return "applied";
    case "charge.refunded": {
      const payments = await recordGroupReceived(tx, refs, members, event.payment, event.account, now);
      if (payments.some(({ provider }) => provider.chargeId && event.payment.chargeId && provider.chargeId !== event.payment.chargeId)) {
        log.warn("Stripe refund names a charge other than the group's payments': ignored", { eventId: event.id, groupId: reference.groupId });
        return "ignored";
      }
      await spreadRefund(
        tx,
        payments.map(({ payment }) => payment),
        event.amountRefunded,
        now,
      );
      return "applied";
    }
  }
}

/**
 * The payments of the group's payment intent, in allocation order: the first event that
 * carries the money allocates it, later ones only fill in the ids they know.
 *
 * Allocation: each invoice in due-date order (then number) gets what it still owes, as far as
 * the money goes; whatever is left — an invoice was meanwhile paid another way, voided or
 * corrected down — goes to the last invoice, where it is recorded as an overpayment (decision
 * 051: recorded, shown and alerted with Refund / Keep as credit), never dropped.
 */
async function recordGroupReceived(
  tx: Tx,
  refs: PaymentReferences,
  members: Member[],
  received: ReceivedPayment,
  account: string | null,
  now: Date,
): Promise<{ payment: Payment; provider: ProviderPayment }[]> {
  const head = members[0]?.attempt;
  const checkoutSessionId = received.checkoutSessionId ?? (head && (await pageOf(tx, refs, head.id)).sessionId) ?? null;
  const ids: ProviderPaymentIds = { account, checkoutSessionId, paymentIntentId: received.paymentIntentId, chargeId: received.chargeId };
  // The page is paid before the payments' events are recorded: they find it closed, and nobody is asked to close it.
  await tx.checkoutAttempt.updateMany({ where: { groupId: head?.groupId ?? "", status: { not: "succeeded" } }, data: { status: "succeeded" } });
  const existing = await refs.paymentsOfIntent(tx, received.paymentIntentId);
  const payments: { payment: Payment; provider: ProviderPayment }[] = [];
  if (existing.length) {
    for (const { paymentId, invoiceId } of existing) {
      const provider = await refs.recordPayment(tx, { id: paymentId, invoiceId }, ids);
      payments.push({ payment: await tx.payment.findUniqueOrThrow({ where: { id: paymentId } }), provider });
    }
  } else {
    let remaining = received.amount;
    for (const [index, { invoice }] of members.entries()) {
      const last = index === members.length - 1;
      const share = last ? remaining : Math.min(remaining, payable(invoice) ? balanceDue(invoice) : 0);
      if (share <= 0) continue;
      remaining -= share;
      const payment = await recordOnlinePayment(tx, refs, invoice, { amount: share, method: received.method, paidAt: received.paidAt }, ids, now);
      payments.push({ payment, provider: { ...ids, paymentId: payment.id, invoiceId: invoice.id } });
    }
  }
  const order = new Map(members.map(({ invoice }, index) => [invoice.id, index]));
  return payments.sort((a, b) => (order.get(a.payment.invoiceId) ?? 0) - (order.get(b.payment.invoiceId) ?? 0));
}

/**
 * Stripe reports refunds as the charge's running total: the last invoice's payment takes it
 * first, then the one before, and so on. Each payment's share of a total only grows as the
 * total grows, so duplicates and any order of reports end the same (applyRefund never lowers).
 */
async function spreadRefund(tx: Tx, payments: Payment[], totalRefunded: number, now: Date): Promise<void> {
  let left = totalRefunded;
  for (const payment of [...payments].reverse()) {
    const share = Math.min(payment.amount, left);
    left -= share;
    if (share > 0) await applyRefund(tx, { workspaceId: payment.workspaceId, paymentId: payment.id, totalRefunded: share }, now);
  }
}

/** The group's attempts move together, and only forward. */
async function moveGroup(tx: Tx, groupId: string, from: CheckoutStatus[], to: CheckoutStatus): Promise<boolean> {
  const { count } = await tx.checkoutAttempt.updateMany({ where: { groupId, status: { in: from } }, data: { status: to } });
  return count > 0;
}
