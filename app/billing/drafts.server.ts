import type { Db } from "#app/platform/db/database.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { IllegalTransitionError, ValidationError } from "./errors.ts";
import { createInvoiceInput, type CreateInvoiceInput } from "./invoice-input.ts";
import { findInvoiceOrThrow, invoiceContent, priceInvoice, type InvoiceWithLines } from "./invoices.server.ts";
import { parseInput } from "./validation.ts";

/**
 * Rewrites a draft with new content: customer, dates, currency, lines, tax, discounts, notes. Only a draft
 * changes: an issued invoice never does (docs/decisions/008). The same edit sent twice (a
 * double click, Slack retrying) writes the same content again and records one change per edit.
 */
export async function updateDraft(
  db: Db,
  workspaceId: string,
  invoiceId: string,
  rawInput: CreateInvoiceInput,
  now: Date,
  actor?: Actor,
): Promise<InvoiceWithLines> {
  const input = parseInput(createInvoiceInput, rawInput);
  return db.$transaction(async (tx) => {
    // The row lock makes a concurrent issue or edit wait; this one then sees its result.
    await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    const draft = await findInvoiceOrThrow(tx, workspaceId, invoiceId);
    if (draft.status !== "draft") throw new IllegalTransitionError(`Invoice ${draft.number} is ${draft.status}: only a draft can be edited.`);
    const customer = await tx.customer.findFirst({ where: { id: input.customerId, workspaceId }, include: { workspace: true } });
    if (!customer) throw new ValidationError({ customerId: "No such customer in this workspace" });
    const priced = priceInvoice(input, customer, customer.workspace, now);
    await tx.lineItem.deleteMany({ where: { invoiceId: draft.id } });
    const invoice = await tx.invoice.update({
      where: { id: draft.id },
      data: {
        customerId: customer.id,
        ...invoiceContent(input, priced),
        lines: { create: priced.lines },
      },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    if (actor) await recordChange(tx, { workspaceId, invoiceId: invoice.id, action: "invoice_edited", actor, at: now });
    await emit(tx, { type: "invoice.changed", workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, now);
    return invoice;
  });
}

/**
 * Discards a draft: it becomes void, so the client never sees it and its number stays accounted
 * for (numbers are never reused or skipped). Only a draft: an issued invoice pressed at the same
 * moment is left as it is, and the loser is told.
 */
export async function discardDraft(db: Db, workspaceId: string, invoiceId: string, now: Date, actor?: Actor) {
  return db.$transaction(async (tx) => {
    const changed = await tx.invoice.updateMany({ where: { id: invoiceId, workspaceId, status: "draft" }, data: { status: "void", voidedAt: now } });
    const invoice = await findInvoiceOrThrow(tx, workspaceId, invoiceId);
    if (changed.count === 0) throw new IllegalTransitionError(`Invoice ${invoice.number} is ${invoice.status}, not a draft.`);
    if (actor) await recordChange(tx, { workspaceId, invoiceId, action: "invoice_voided", actor, reason: "Draft discarded", at: now });
    await emit(tx, { type: "invoice.voided", workspaceId, aggregateId: invoiceId, payload: { invoiceId } }, now);
    return invoice;
  });
}
