import type { Db } from "#app/platform/db/database.server.ts";
import type { Payment } from "#app/generated/prisma/client.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { balanceDue } from "./invoice-math.ts";
import { parseInput, text } from "./validation.ts";

const reasonInput = text("Reason", 500);

/** A payment recorded by hand that can still be taken back: not from a provider, not refunded or reversed. */
export function isReversible(payment: Pick<Payment, "status" | "amountRefunded" | "online">): boolean {
  return !payment.online && payment.status === "succeeded" && payment.amountRefunded === 0;
}

/**
 * Takes back a payment the vendor recorded by hand by mistake ("Mark as paid" on the wrong
 * invoice, a transfer that never arrived): it stops counting, the invoice owes it again and a
 * paid invoice is open again. The payment stays in the history as reversed, with who and why.
 * Money a provider moved is refunded instead, never reversed (docs/decisions/008).
 * Reversing a reversed payment changes nothing, so a double click is harmless.
 */
export async function reverseManualPayment(
  db: Db,
  input: { workspaceId: string; paymentId: string; reason: string; actor: Actor },
  now: Date,
): Promise<{ payment: Payment; reversed: boolean }> {
  const reason = parseInput(reasonInput, input.reason);
  return db.$transaction(async (tx) => {
    const before = await tx.payment.findFirst({ where: { id: input.paymentId, workspaceId: input.workspaceId } });
    if (!before) throw new NotFoundError("No such payment in this workspace.");
    if (before.status === "reversed") return { payment: before, reversed: false };
    if (!isReversible(before)) {
      throw new ValidationError({
        payment: before.amountRefunded > 0 ? "A refunded payment cannot be undone." : "A card payment cannot be undone: refund it instead.",
      });
    }
    // The status in the WHERE makes the second of two concurrent reversals change nothing.
    const changed = await tx.payment.updateMany({ where: { id: before.id, status: "succeeded", amountRefunded: 0 }, data: { status: "reversed" } });
    if (changed.count === 0) return { payment: await tx.payment.findUniqueOrThrow({ where: { id: before.id } }), reversed: false };
    const invoice = await tx.invoice.update({ where: { id: before.invoiceId }, data: { amountPaid: { decrement: before.amount } } });
    // A paid invoice that owes money again is open again: the payment that settled it did not happen.
    if (invoice.status === "paid" && balanceDue({ ...invoice, status: "open" }) > 0) {
      await tx.invoice.update({ where: { id: invoice.id }, data: { status: "open", paidAt: null } });
    }
    await recordChange(tx, {
      workspaceId: input.workspaceId,
      invoiceId: invoice.id,
      action: "payment_reversed",
      actor: input.actor,
      amount: before.amount,
      reason,
      at: now,
    });
    await emit(
      tx,
      {
        type: "payment.reversed",
        workspaceId: input.workspaceId,
        aggregateId: invoice.id,
        payload: { invoiceId: invoice.id, paymentId: before.id, amount: before.amount, currency: before.currency },
      },
      now,
    );
    return { payment: { ...before, status: "reversed" }, reversed: true };
  });
}
