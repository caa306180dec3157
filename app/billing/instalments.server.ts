/**
 * Splitting an invoice into instalments, and the team's alerts and the client's reminders per
 * part (docs/decisions/131). The parts are kept in `Instalment`; what is paid of each is derived
 * from the invoice's amount paid (app/billing/instalments.ts), never stored twice.
 */
import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn, parseCalendarDate } from "#app/platform/calendar.ts";
import { emit, emitOnce } from "#app/platform/outbox/outbox.server.ts";
import { IllegalTransitionError, NotFoundError, ValidationError } from "./errors.ts";
import { allocatePayments, splitIssues, type InstalmentPart } from "./instalments.ts";
import { balanceDue } from "./invoice-math.ts";
import { parseAmount } from "./money.ts";
import { reminderLevel } from "./overdue.server.ts";
import { remindingHours, reminderStep, reminderStepBounds } from "./reminders.server.ts";

/** A part as a person gives it: an amount in minor units or typed in their locale, and a due date. */
export interface PartInput {
  amount: number | string;
  dueDate: Date | string;
}

/** An invoice's parts in order, or an empty list when it is not split. */
export async function instalmentsOf(db: Db, invoiceId: string): Promise<InstalmentPart[]> {
  return db.instalment.findMany({ where: { invoiceId }, orderBy: { position: "asc" }, select: { position: true, amount: true, dueDate: true } });
}

/**
 * Splits an invoice into parts that sum to its total exactly, replacing any earlier split. A
 * draft, open or uncollectible invoice can be split (money already received covers the first
 * parts); a paid or void one cannot. `locale` reads typed amounts ("1.200,00" in de-DE) and
 * words the mistakes. Throws ValidationError naming each wrong field.
 */
export async function splitInvoice(
  db: Db,
  input: { workspaceId: string; invoiceId: string; parts: readonly PartInput[]; locale?: string },
  now: Date,
): Promise<InstalmentPart[]> {
  const locale = input.locale ?? "en-US";
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${input.invoiceId} FOR UPDATE`;
    const invoice = await tx.invoice.findFirst({ where: { id: input.invoiceId, workspaceId: input.workspaceId } });
    if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
    if (invoice.status === "paid" || invoice.status === "void") {
      throw new IllegalTransitionError(`Invoice ${invoice.number} is ${invoice.status}: there is nothing left to split.`);
    }
    const issues: Record<string, string> = {};
    const parts = input.parts.map((part, index) => {
      let amount = 0;
      if (typeof part.amount === "number") amount = part.amount;
      else {
        const parsed = parseAmount(part.amount, invoice.currency, locale);
        if (parsed.ok) amount = parsed.amount;
        else issues[`parts.${index}.amount`] = parsed.error;
      }
      const dueDate = part.dueDate instanceof Date ? part.dueDate : parseCalendarDate(part.dueDate.trim());
      if (!dueDate) issues[`parts.${index}.dueDate`] = `Part ${index + 1} needs a due date written YYYY-MM-DD`;
      return { position: index + 1, amount, dueDate: dueDate ?? invoice.issueDate };
    });
    const all = { ...splitIssues(parts, invoice, locale), ...issues };
    if (Object.keys(all).length) throw new ValidationError(all);
    await tx.instalment.deleteMany({ where: { invoiceId: invoice.id } });
    await tx.instalment.createMany({ data: parts.map((part) => ({ ...part, invoiceId: invoice.id, createdAt: now })) });
    await emit(tx, { type: "invoice.changed", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, now);
    return parts;
  });
}

/** Undoes a split: the invoice is one amount, due on its own due date, again. */
export async function clearInstalments(db: Db, workspaceId: string, invoiceId: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const invoice = await tx.invoice.findFirst({ where: { id: invoiceId, workspaceId } });
    if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
    const { count } = await tx.instalment.deleteMany({ where: { invoiceId } });
    if (count) await emit(tx, { type: "invoice.changed", workspaceId, aggregateId: invoiceId, payload: { invoiceId } }, now);
  });
}

/**
 * The overdue check and the client's reminders for split invoices, part by part: each unpaid
 * part reaches the team's levels (`invoice.overdue`, days 1, 7, 14 late by default) and the
 * client's reminder steps (`invoice.reminder`, from 9:00) on its own due date, each once per
 * part through an `InstalmentNotice` row written with the event (its primary key makes several
 * instances agree). Invoices without parts keep the invoice-wide checks (overdue.server.ts,
 * reminders.server.ts). Returns how many events were emitted.
 */
export async function detectInstalmentNotices(db: Db, now: Date): Promise<number> {
  const invoices = await db.invoice.findMany({
    where: {
      status: "open",
      instalments: { some: { dueDate: { lt: addDays(calendarDateIn(now, "UTC"), 1 - reminderStepBounds.min) } } },
    },
    select: {
      id: true,
      workspaceId: true,
      total: true,
      amountPaid: true,
      status: true,
      issueDate: true,
      customer: { select: { email: true, emailReminders: true } },
      workspace: { select: { timezone: true, reminderDays: true, clientReminderDays: true, clientReminders: true } },
      instalments: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, amount: true, dueDate: true, notices: { select: { kind: true, step: true } } },
      },
    },
  });
  let emitted = 0;
  for (const invoice of invoices) {
    if (balanceDue(invoice) === 0) continue;
    const { workspace, customer } = invoice;
    const today = calendarDateIn(now, workspace.timezone);
    const remindClient = workspace.clientReminders && customer.emailReminders && Boolean(customer.email) && remindingHours(now, workspace.timezone);
    const allocated = allocatePayments(invoice.instalments, invoice.amountPaid, today);
    for (const part of allocated) {
      if (part.remaining === 0) continue;
      const row = invoice.instalments.find((candidate) => candidate.position === part.position);
      if (!row) continue;
      const reached = (kind: string, step: number) => row.notices.some((notice) => notice.kind === kind && notice.step >= step);
      const level = reminderLevel(part.daysLate, workspace.reminderDays);
      const notices: { kind: "overdue" | "reminder"; step: number }[] = [];
      if (level > 0 && !reached("overdue", level)) notices.push({ kind: "overdue", step: level });
      const step = remindClient
        ? reminderStep({ issueDate: invoice.issueDate, dueDate: part.dueDate, amountPaid: part.paid }, today, workspace.clientReminderDays)
        : null;
      if (step !== null && !reached("reminder", step)) notices.push({ kind: "reminder", step });
      for (const notice of notices) {
        const about = { workspaceId: invoice.workspaceId, aggregateId: invoice.id };
        const fired = await emitOnce(
          db,
          async (tx) => (await tx.instalmentNotice.createMany({ data: [{ instalmentId: row.id, ...notice, createdAt: now }], skipDuplicates: true })).count > 0,
          notice.kind === "overdue"
            ? { ...about, type: "invoice.overdue", payload: { invoiceId: invoice.id, daysLate: part.daysLate, instalment: part.position } }
            : { ...about, type: "invoice.reminder", payload: { invoiceId: invoice.id, step: notice.step, instalment: part.position } },
          now,
        );
        if (fired) emitted++;
      }
    }
  }
  return emitted;
}
