import type { CreditNote, Invoice } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Tx } from "#app/platform/outbox/outbox.server.ts";
import { takeNumber } from "./numbering.ts";

/**
 * Writes the credit note that cancels an issued invoice, inside the transaction that voids it
 * (docs/decisions/152). The number comes from the workspace's own credit-note counter, taken
 * under the workspace row's lock like invoice numbers, so the series has no gaps and no
 * duplicates. A draft that was never issued needs none: null.
 */
export async function writeCreditNote(
  tx: Tx,
  invoice: Pick<Invoice, "id" | "workspaceId" | "issuedAt" | "currency" | "subtotal" | "discountAmount" | "taxAmount" | "total">,
  now: Date,
  why: { reason?: string | null; replacedById?: string | null } = {},
): Promise<CreditNote | null> {
  if (!invoice.issuedAt) return null;
  const number = await takeNumber(tx, invoice.workspaceId, "creditNote");
  return tx.creditNote.create({
    data: {
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      number,
      replacedById: why.replacedById ?? null,
      reason: why.reason?.trim() || null,
      currency: invoice.currency,
      subtotal: invoice.subtotal - invoice.discountAmount,
      taxAmount: invoice.taxAmount,
      total: invoice.total,
      issuedAt: now,
    },
  });
}

/** The credit note that cancelled an invoice, with the invoice that replaced it (its number), if any. */
export async function creditNoteOf(db: Db | Tx, workspaceId: string, invoiceId: string) {
  const note = await db.creditNote.findFirst({ where: { workspaceId, invoiceId } });
  if (!note) return null;
  const replacement = note.replacedById ? await db.invoice.findFirst({ where: { id: note.replacedById, workspaceId }, select: { number: true } }) : null;
  return { ...note, replacedByNumber: replacement?.number ?? null };
}

export type CreditNoteView = NonNullable<Awaited<ReturnType<typeof creditNoteOf>>>;
