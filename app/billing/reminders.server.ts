import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn, daysBetween } from "#app/platform/calendar.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { dateFormat } from "#app/platform/intl-cache.ts";
import { balanceDue } from "./invoice-math.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";

/** The earliest and latest schedule steps, in days from the due date. */
export const reminderStepBounds = { min: -30, max: 365 } as const;
/** Reminders go out from this hour of the day in the workspace's timezone, not at midnight. */
export const reminderHour = 9;

export interface ReminderSubject {
  issueDate: Date;
  dueDate: Date;
  amountPaid: number;
}

/**
 * The schedule step an invoice has reached on `today` (a calendar date), or null. A step
 * counts only if its day falls after the issue day (an invoice issued two days before it is due
 * gets no "due in 3 days" reminder), and once the client has paid part, only the steps after
 * the due date remain. Several steps reached at once (the server was down) give the latest.
 */
export function reminderStep(invoice: ReminderSubject, today: Date, steps: number[]): number | null {
  const daysFromDue = daysBetween(invoice.dueDate, today);
  const reached = steps.filter(
    (step) => step <= daysFromDue && addDays(invoice.dueDate, step) > invoice.issueDate && (invoice.amountPaid === 0 || step > 0),
  );
  return reached.length ? Math.max(...reached) : null;
}

function hourIn(now: Date, timeZone: string): number {
  return Number(dateFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now));
}

/**
 * Emits `invoice.reminder` for each open invoice with a balance whose client reminder step is
 * reached (default: 3 days before the due date, on it, then 1, 7 and 14 days late), in the
 * workspace's timezone from 9:00. The (invoice, step) primary key makes each step fire once
 * even with several instances running this at the same moment. Workspaces and customers with
 * reminders turned off, and customers without an address, get none.
 */
export async function detectClientReminders(db: Db, now: Date): Promise<number> {
  // Every timezone's "today" is at most one day after UTC's; steps start at most 30 days before.
  const candidates = await db.invoice.findMany({
    where: {
      status: "open",
      dueDate: { lt: addDays(calendarDateIn(now, "UTC"), 1 - reminderStepBounds.min) },
      workspace: { clientReminders: true },
      customer: { emailReminders: true, email: { not: null } },
    },
    select: {
      id: true,
      workspaceId: true,
      total: true,
      amountPaid: true,
      issueDate: true,
      dueDate: true,
      workspace: { select: { timezone: true, clientReminderDays: true } },
      reminders: { select: { step: true } },
    },
  });
  let emitted = 0;
  for (const invoice of candidates) {
    const { timezone, clientReminderDays } = invoice.workspace;
    if (balanceDue(invoice) === 0 || hourIn(now, timezone) < reminderHour) continue;
    const step = reminderStep(invoice, calendarDateIn(now, timezone), clientReminderDays);
    if (step === null || invoice.reminders.some((sent) => sent.step >= step)) continue;
    const fired = await db.$transaction(async (tx) => {
      const { count } = await tx.clientReminder.createMany({ data: [{ invoiceId: invoice.id, step, createdAt: now }], skipDuplicates: true });
      if (count === 0) return false;
      await emit(tx, { type: "invoice.reminder", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, step } }, now);
      return true;
    });
    if (fired) emitted++;
  }
  return emitted;
}

/**
 * A person asks to email the client now: the invoice again, or a reminder. Refused in words
 * when there is nothing to send (a draft, a settled invoice for a reminder, no address).
 */
export async function requestClientEmail(db: Db, workspaceId: string, invoiceId: string, message: "invoice" | "reminder", now: Date) {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, workspaceId },
    select: { id: true, number: true, status: true, total: true, amountPaid: true, customer: { select: { email: true, name: true } } },
  });
  if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
  if (!invoice.customer.email) throw new ValidationError({ email: `${invoice.customer.name} has no email address on file.` });
  if (invoice.status === "draft") throw new ValidationError({ status: `${invoice.number} is a draft: issue it first.` });
  if (message === "reminder" && (invoice.status !== "open" || balanceDue(invoice) === 0)) {
    throw new ValidationError({ status: `${invoice.number} has nothing left to pay: no reminder to send.` });
  }
  await db.$transaction((tx) =>
    emit(tx, { type: "email.requested", workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, message } }, now),
  );
  return { number: invoice.number, to: invoice.customer.email };
}
