// Steps shared by paying one invoice and paying several at once (payments.server.ts,
// pay-all.server.ts, grouped-payments.server.ts): one home for each.
import { z } from "zod";
import type { Invoice } from "#app/generated/prisma/client.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import { recordActivity, type ActivitySubject } from "./activity.server.ts";

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
