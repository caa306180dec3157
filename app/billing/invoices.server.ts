import type { Db } from "#app/platform/db/database.server.ts";
import { writeCreditNote } from "./credit-notes.server.ts";
import { takeNumber } from "./numbering.ts";
import type { z } from "zod";
import { Prisma, type Invoice, type LineItem, type Payment } from "#app/generated/prisma/client.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { addDays, calendarDateIn, daysBetween } from "#app/platform/calendar.ts";
import { AlreadyCreatedError, IllegalTransitionError, NotFoundError, ValidationError } from "./errors.ts";
import { createInvoiceInput, maxAmount, type CreateInvoiceInput } from "./invoice-input.ts";
import { balanceDue, computeTotals, lineAmount, lineGross, thousandthsFromQuantity } from "./invoice-math.ts";
import { assertTransition, type InvoiceStatus } from "./invoice-status.ts";
import { formatMoney, parseAmount } from "./money.ts";
import { snapshotParties } from "./printed-parties.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import { parseInput } from "./validation.ts";

export type InvoiceWithLines = Invoice & { lines: LineItem[] };

/**
 * The one rule for which currency an invoice is in: the one asked for, else the customer's,
 * else the workspace's default. Typed prices are read in it, so they can never be read in another.
 */
export function invoiceCurrency(requested: string | null | undefined, customer: { currency: string | null }, workspace: { defaultCurrency: string }): string {
  return (requested || customer.currency || workspace.defaultCurrency).toUpperCase();
}

/**
 * The lines' unit prices in minor units of `currency`: typed ones (`unitPrice`) read in the
 * vendor's `locale`, with what could not be read by field ("lines.0.unitPrice"). Writes nothing,
 * so a form can show these mistakes together with its others.
 */
export function readUnitPrices(
  lines: readonly { unitAmount?: number | undefined; unitPrice?: string | undefined }[],
  currency: string,
  locale: string,
): { unitAmounts: number[]; issues: Record<string, string> } {
  const issues: Record<string, string> = {};
  const unitAmounts = lines.map((line, position) => {
    if (line.unitPrice === undefined) return line.unitAmount ?? 0;
    const parsed = parseAmount(line.unitPrice, currency, locale);
    if (!parsed.ok) issues[`lines.${position}.unitPrice`] = parsed.error;
    else if (parsed.amount > maxAmount) issues[`lines.${position}.unitPrice`] = "Unit price is too large";
    return parsed.ok ? parsed.amount : 0;
  });
  return { unitAmounts, issues };
}

/**
 * Creates an invoice (and issues it unless `issue: false`). The number comes from the
 * workspace counter, incremented in the same transaction: the row lock serialises concurrent
 * creators, and a rollback gives the number back, so numbers are never duplicated or skipped.
 */
export async function createInvoice(
  db: Db,
  workspaceId: string,
  rawInput: CreateInvoiceInput,
  now: Date,
  origin: InvoiceOrigin = {},
): Promise<InvoiceWithLines> {
  const input = parseInput(createInvoiceInput, rawInput);
  return createOnce(db, workspaceId, origin, () => db.$transaction((tx) => insertInvoice(tx, workspaceId, input, now, origin)));
}

/**
 * Creates an invoice inside the caller's transaction, so it commits or rolls back with what
 * else the caller does there (a new customer). The caller runs it through `createOnce`.
 */
export async function createInvoiceIn(
  tx: Tx,
  workspaceId: string,
  rawInput: CreateInvoiceInput,
  now: Date,
  origin: InvoiceOrigin = {},
): Promise<InvoiceWithLines> {
  return insertInvoice(tx, workspaceId, parseInput(createInvoiceInput, rawInput), now, origin);
}

/**
 * Runs `create` unless the request that carries `origin.sourceKey` already created its
 * invoice; then, or when the same request won a race to it, throws AlreadyCreatedError.
 */
export async function createOnce(db: Db, workspaceId: string, origin: InvoiceOrigin, create: () => Promise<InvoiceWithLines>): Promise<InvoiceWithLines> {
  if (origin.sourceKey) {
    const existing = await invoiceFromSource(db, workspaceId, origin.sourceKey);
    if (existing) throw new AlreadyCreatedError(existing);
  }
  try {
    return await create();
  } catch (error) {
    // The same request, at the same time: the unique source key let one through.
    const existing = origin.sourceKey && isUniqueViolation(error) ? await invoiceFromSource(db, workspaceId, origin.sourceKey) : null;
    if (existing) throw new AlreadyCreatedError(existing);
    throw error;
  }
}

/** Who creates an invoice, and what made it: a retried request with the same key creates nothing more. */
export interface InvoiceOrigin {
  actor?: Actor;
  /** Unique per workspace, e.g. "slack-view:V0123": a second create with it throws AlreadyCreatedError. */
  sourceKey?: string;
  /**
   * The issued invoice this one corrects: voided in the same transaction, with the reason, so
   * the mistake and its correction exist together or not at all (docs/decisions/008).
   */
  replaces?: { invoiceId: string; reason: string };
}

/** The invoice a request (by its source key) already created. */
export async function invoiceFromSource(db: Db, workspaceId: string, sourceKey: string): Promise<InvoiceWithLines | null> {
  return db.invoice.findFirst({ where: { workspaceId, sourceKey }, include: { lines: { orderBy: { position: "asc" } } } });
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * What an invoice's input comes to: its dates, currency, priced lines and totals, by the rules
 * every invoice follows (created or a draft edited). Throws ValidationError naming the field.
 */
export function priceInvoice(
  input: z.infer<typeof createInvoiceInput>,
  customer: { currency: string | null },
  workspace: { timezone: string; paymentTermsDays: number; defaultCurrency: string; locale: string },
  now: Date,
) {
  const issueDate = input.issueDate ?? calendarDateIn(now, workspace.timezone);
  const dueDate = input.dueDate ?? addDays(issueDate, workspace.paymentTermsDays);
  if (dueDate < issueDate) throw new ValidationError({ dueDate: "Due date cannot be before the issue date" });

  const currency = invoiceCurrency(input.currency, customer, workspace);
  const { unitAmounts, issues: priceIssues } = readUnitPrices(input.lines, currency, workspace.locale);
  if (Object.keys(priceIssues).length) throw new ValidationError(priceIssues);
  const lines = input.lines.map((line, position) => {
    const quantityThousandths = thousandthsFromQuantity(line.quantity);
    const unitAmount = unitAmounts[position] ?? 0;
    const taxRateBps = line.taxRateBps ?? input.taxRateBps;
    const discountBps = line.discountBps ?? 0;
    if (lineGross({ quantityThousandths, unitAmount }) > maxAmount) throw new ValidationError({ [`lines.${position}.unitAmount`]: "Line amount is too large" });
    const amount = lineAmount({ quantityThousandths, unitAmount, discountBps });
    return { position, productName: line.productName, description: line.description, quantityThousandths, unitAmount, taxRateBps, discountBps, amount };
  });
  const totals = computeTotals(lines, input.discountBps);
  if (totals.total > maxAmount) throw new ValidationError({ lines: "Invoice total is too large" });
  return { issueDate, dueDate, currency, lines, totals };
}

/** What an invoice row stores of its input once priced: the same for a new invoice and an edited draft. */
export function invoiceContent(input: z.infer<typeof createInvoiceInput>, { issueDate, dueDate, currency, totals }: ReturnType<typeof priceInvoice>) {
  return {
    currency,
    taxRateBps: input.taxRateBps,
    discountBps: input.discountBps,
    subtotal: totals.subtotal,
    discountAmount: totals.discountAmount,
    taxAmount: totals.taxAmount,
    total: totals.total,
    issueDate,
    dueDate,
    notes: input.notes,
    poNumber: input.poNumber,
    supplyDate: input.supplyDate ?? null,
    footer: input.footer,
    template: input.template ?? null,
  };
}

async function insertInvoice(
  tx: Tx,
  workspaceId: string,
  input: z.infer<typeof createInvoiceInput>,
  now: Date,
  origin: InvoiceOrigin,
): Promise<InvoiceWithLines> {
  const customer = await tx.customer.findFirst({
    where: { id: input.customerId, workspaceId },
    include: { workspace: true },
  });
  if (!customer) throw new ValidationError({ customerId: "No such customer in this workspace" });
  const { workspace } = customer;

  const priced = priceInvoice(input, customer, workspace, now);

  const number = await takeNumber(tx, workspaceId, "invoice");
  const invoice = await tx.invoice.create({
    data: {
      workspaceId,
      customerId: customer.id,
      number,
      status: input.issue ? "open" : "draft",
      issuedAt: input.issue ? now : null,
      printed: input.issue ? snapshotParties(workspace, customer, input.template ?? null) : undefined,
      ...invoiceContent(input, priced),
      sourceKey: origin.sourceKey ?? null,
      lines: { create: priced.lines },
    },
    include: { lines: { orderBy: { position: "asc" } } },
  });
  const replaced = origin.replaces
    ? await voidReplaced(tx, workspaceId, origin.replaces, { by: invoice.number, replacement: invoice.id }, now, origin.actor)
    : null;
  if (origin.actor) {
    const action = input.issue ? "invoice_issued" : "invoice_drafted";
    await recordChange(tx, {
      workspaceId,
      invoiceId: invoice.id,
      action,
      actor: origin.actor,
      reason: replaced ? `Corrects ${replaced.number}` : null,
      at: now,
    });
  }
  await emit(tx, { type: "invoice.created", workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, now);
  if (input.issue) {
    await emit(tx, { type: "invoice.issued", workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, emailClient: input.emailClient } }, now);
  }
  return invoice;
}

/**
 * Voids the invoice a correction replaces. Only an unpaid issued invoice is corrected this way:
 * money received stays on its invoice (undo or refund it first), and a draft is simply edited.
 */
async function voidReplaced(
  tx: Tx,
  workspaceId: string,
  replaces: { invoiceId: string; reason: string },
  { by, replacement }: { by: string; replacement: string },
  now: Date,
  actor?: Actor,
) {
  const reason = replaces.reason.trim();
  if (!reason) throw new ValidationError({ reason: "Say why the invoice is corrected (it is kept with who did it)." });
  const changed = await tx.invoice.updateMany({
    where: { id: replaces.invoiceId, workspaceId, status: { in: ["open", "uncollectible"] }, amountPaid: 0 },
    data: { status: "void", voidedAt: now },
  });
  const original = await findInvoiceOrThrow(tx, workspaceId, replaces.invoiceId);
  if (changed.count === 0) {
    throw new IllegalTransitionError(
      original.amountPaid > 0 && original.status !== "void"
        ? `Invoice ${original.number} has payments: a paid invoice is never changed. Undo or refund its payments first, or bill the difference on a new invoice.`
        : `Invoice ${original.number} is ${original.status} and cannot be corrected.`,
    );
  }
  await writeCreditNote(tx, original, now, { reason, replacedById: replacement });
  if (actor) await recordChange(tx, { workspaceId, invoiceId: original.id, action: "invoice_voided", actor, reason: `Replaced by ${by}: ${reason}`, at: now });
  await emit(tx, { type: "invoice.voided", workspaceId, aggregateId: original.id, payload: { invoiceId: original.id } }, now);
  return original;
}

export async function findInvoiceOrThrow(tx: Tx, workspaceId: string, invoiceId: string): Promise<Invoice> {
  const invoice = await tx.invoice.findFirst({ where: { id: invoiceId, workspaceId } });
  if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
  return invoice;
}

async function partiesNow(tx: Tx, invoice: Invoice) {
  const customer = await tx.customer.findFirstOrThrow({ where: { id: invoice.customerId, workspaceId: invoice.workspaceId }, include: { workspace: true } });
  return snapshotParties(customer.workspace, customer, invoice.template);
}

/**
 * A draft issued after the issue date it was given is dated the day it is issued, its payment
 * term kept (due the same number of days later): an invoice is never issued in the past, and
 * the client gets the whole term (docs/decisions/153).
 */
async function datesWhenIssued(tx: Tx, invoice: Invoice, now: Date): Promise<{ issueDate?: Date; dueDate?: Date }> {
  const { timezone } = await tx.workspace.findUniqueOrThrow({ where: { id: invoice.workspaceId }, select: { timezone: true } });
  const today = calendarDateIn(now, timezone);
  if (invoice.issueDate >= today) return {};
  return { issueDate: today, dueDate: addDays(today, daysBetween(invoice.issueDate, invoice.dueDate)) };
}

/** Moves an invoice to `to` if the status machine allows it, with its event. */
async function transition(
  db: Db,
  workspaceId: string,
  invoiceId: string,
  to: Extract<InvoiceStatus, "open" | "void" | "uncollectible">,
  now: Date,
  options: { emailClient?: boolean; actor?: Actor; reason?: string | null } = {},
): Promise<Invoice> {
  return db.$transaction(async (tx) => {
    // The status in the WHERE makes a concurrent change lose cleanly: re-read and re-check.
    for (;;) {
      const invoice = await findInvoiceOrThrow(tx, workspaceId, invoiceId);
      assertTransition(invoice.number, invoice.status, to);
      const printed = to === "open" ? await partiesNow(tx, invoice) : undefined;
      const dates = to === "open" && invoice.status === "draft" ? await datesWhenIssued(tx, invoice, now) : {};
      const changed = await tx.invoice.updateMany({
        where: { id: invoice.id, status: invoice.status },
        data: { status: to, ...(to === "open" ? { issuedAt: now, printed, ...dates } : {}), ...(to === "void" ? { voidedAt: now } : {}) },
      });
      if (changed.count === 0) continue;
      // An issued invoice is cancelled by a credit note of its own; a draft never had a document.
      if (to === "void") await writeCreditNote(tx, invoice, now, { reason: options.reason ?? null });
      const event = { workspaceId, aggregateId: invoice.id };
      if (to === "open")
        await emit(tx, { ...event, type: "invoice.issued", payload: { invoiceId: invoice.id, emailClient: options.emailClient ?? true } }, now);
      else await emit(tx, { ...event, type: to === "void" ? "invoice.voided" : "invoice.uncollectible", payload: { invoiceId: invoice.id } }, now);
      const action = to === "open" ? "invoice_issued" : to === "void" ? "invoice_voided" : null;
      if (options.actor && action)
        await recordChange(tx, { workspaceId, invoiceId: invoice.id, action, actor: options.actor, reason: options.reason ?? null, at: now });
      return { ...invoice, status: to };
    }
  });
}

export const issueInvoice = (db: Db, workspaceId: string, invoiceId: string, now: Date, options: { emailClient?: boolean; actor?: Actor } = {}) =>
  transition(db, workspaceId, invoiceId, "open", now, options);
/** Voids an invoice; `reason`, in the person's words, is kept with who did it. */
export const voidInvoice = (db: Db, workspaceId: string, invoiceId: string, now: Date, actor?: Actor, reason?: string | null) =>
  transition(db, workspaceId, invoiceId, "void", now, { actor, reason });
export const markUncollectible = (db: Db, workspaceId: string, invoiceId: string, now: Date) => transition(db, workspaceId, invoiceId, "uncollectible", now);

export interface PaymentInput {
  workspaceId: string;
  invoiceId: string;
  amount: number;
  method: string;
  note?: string | null;
  /** When the money arrived; the time of recording (`now`) when not given. */
  paidAt?: Date;
  /** Who recorded it, for the audit trail. */
  recordedBy?: Actor;
}

/**
 * Records a succeeded payment inside `tx` and settles the invoice when nothing is left to pay.
 * The invoice row is updated first, so concurrent payments on one invoice take turns.
 *
 * With `received`, the money has already moved (a provider confirmed it): the payment is
 * recorded whatever the invoice's state, so a paid or void invoice records an overpayment
 * for the vendor to refund instead of losing it; only an open or uncollectible invoice is settled.
 * `online`: the provider moved it (its ids go to the provider's own table: recordOnlinePayment).
 */
export async function applyPayment(
  tx: Tx,
  input: PaymentInput & { received?: boolean; online?: boolean },
  now: Date,
  /** The invoice as the caller read it under its row lock in this transaction (lockInvoice): not read again. */
  locked?: Invoice,
): Promise<{ payment: Payment; invoice: Invoice }> {
  const paidAt = input.paidAt ?? now;
  const before =
    locked?.id === input.invoiceId && locked.workspaceId === input.workspaceId ? locked : await findInvoiceOrThrow(tx, input.workspaceId, input.invoiceId);
  const payable = before.status === "open" || before.status === "uncollectible";
  if (!payable && !input.received) assertTransition(before.number, before.status, "paid");
  // Money beyond what the invoice still asks for is recorded as such, never hidden (docs/decisions/051).
  const overpaid = Math.max(0, input.amount - balanceDue(before));
  let invoice = await tx.invoice.update({
    where: { id: before.id },
    data: { amountPaid: { increment: input.amount } },
  });
  const sequence = (await tx.payment.count({ where: { invoiceId: invoice.id } })) + 1;
  const payment = await tx.payment.create({
    data: {
      workspaceId: input.workspaceId,
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      sequence,
      amount: input.amount,
      currency: invoice.currency,
      method: input.method,
      status: "succeeded",
      note: input.note ?? null,
      overpaid,
      receiptNumber: `${invoice.number}-${sequence}`,
      paidAt,
      online: input.online ?? false,
    },
  });
  const event = { workspaceId: invoice.workspaceId, aggregateId: invoice.id };
  await emit(
    tx,
    {
      ...event,
      type: "payment.succeeded",
      payload: { invoiceId: invoice.id, paymentId: payment.id, amount: payment.amount, currency: payment.currency },
    },
    now,
  );
  if (overpaid > 0) {
    await emit(
      tx,
      { ...event, type: "payment.overpaid", payload: { invoiceId: invoice.id, paymentId: payment.id, amount: overpaid, currency: payment.currency } },
      now,
    );
  }
  if (payable && balanceDue(invoice) === 0) {
    invoice = await tx.invoice.update({ where: { id: invoice.id }, data: { status: "paid", paidAt } });
    await emit(tx, { ...event, type: "invoice.paid", payload: { invoiceId: invoice.id, paymentId: payment.id } }, now);
  }
  return { payment, invoice };
}

/**
 * Records refunds of a payment, given as the running total refunded so far, so a replayed or
 * older report changes nothing. The invoice's amount paid goes down by what is newly refunded;
 * its status stays as it is: a paid invoice stays paid (docs/decisions/011).
 */
export async function applyRefund(
  tx: Tx,
  input: { workspaceId: string; paymentId: string; totalRefunded: number },
  now: Date,
): Promise<{ payment: Payment; refunded: number }> {
  // The refunded total in the WHERE makes a concurrent refund lose cleanly: re-read and re-check.
  for (;;) {
    const before = await tx.payment.findFirst({ where: { id: input.paymentId, workspaceId: input.workspaceId } });
    if (!before) throw new NotFoundError("No such payment in this workspace.");
    const total = Math.min(before.amount, input.totalRefunded);
    const refunded = total - before.amountRefunded;
    if (refunded <= 0) return { payment: before, refunded: 0 };
    const changed = await tx.payment.updateMany({
      where: { id: before.id, amountRefunded: before.amountRefunded },
      data: { amountRefunded: total, status: total === before.amount ? "refunded" : "succeeded" },
    });
    if (changed.count === 0) continue;
    await tx.invoice.update({ where: { id: before.invoiceId }, data: { amountPaid: { decrement: refunded } } });
    await emit(
      tx,
      {
        type: "payment.refunded",
        workspaceId: before.workspaceId,
        aggregateId: before.invoiceId,
        payload: { invoiceId: before.invoiceId, paymentId: before.id, amount: refunded, amountRefunded: total, currency: before.currency },
      },
      now,
    );
    return { payment: { ...before, amountRefunded: total, status: total === before.amount ? "refunded" : "succeeded" }, refunded };
  }
}

/** A payment the vendor records by hand (bank transfer, cash): never more than the balance due. */
export async function recordManualPayment(db: Db, input: PaymentInput, now: Date): Promise<{ payment: Payment; invoice: Invoice }> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) {
    throw new ValidationError({ amount: "Amount must be more than zero." });
  }
  const method = input.method.trim();
  if (!method || method.length > 50) throw new ValidationError({ method: "Method is required (at most 50 characters)" });
  return db.$transaction(async (tx) => {
    const invoice = await findInvoiceOrThrow(tx, input.workspaceId, input.invoiceId);
    const due = balanceDue(invoice);
    if (invoice.status === "open" || invoice.status === "uncollectible") {
      if (input.amount > due) {
        const { locale } = await tx.workspace.findUniqueOrThrow({ where: { id: invoice.workspaceId }, select: { locale: true } });
        throw new ValidationError({ amount: `Amount is more than the balance due (${formatMoney(due, invoice.currency, locale)})` });
      }
    }
    const applied = await applyPayment(tx, { ...input, method }, now);
    if (input.recordedBy) {
      await recordChange(tx, {
        workspaceId: input.workspaceId,
        invoiceId: invoice.id,
        action: "payment_recorded",
        actor: input.recordedBy,
        amount: input.amount,
        at: now,
      });
    }
    return applied;
  });
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  customerId?: string;
}

export async function listInvoices(db: Db, workspaceId: string, filter: InvoiceFilter = {}, take = 100) {
  return db.invoice.findMany({
    where: { workspaceId, ...filter },
    include: { customer: { select: { name: true } } },
    orderBy: [{ issueDate: "desc" }, { number: "desc" }],
    take,
  });
}

/** An invoice of the workspace by its id or its number, as a person types either. */
export async function invoiceByIdOrNumber(db: Db, workspaceId: string, idOrNumber: string) {
  const invoice = await db.invoice.findFirst({ where: { workspaceId, OR: [{ id: idOrNumber }, { number: idOrNumber }] } });
  if (!invoice) throw new NotFoundError(`No invoice ${idOrNumber} in this workspace.`);
  return invoice;
}

export async function getInvoice(db: Db, workspaceId: string, invoiceId: string) {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, workspaceId },
    include: { lines: { orderBy: { position: "asc" } }, payments: { orderBy: { sequence: "asc" } }, customer: true },
  });
  if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
  return invoice;
}
