import type { Db } from "#app/platform/db/database.server.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { customerInput } from "./customers.server.ts";
import { addDays, calendarDateIn, daysBetween } from "#app/platform/calendar.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { dateFormat } from "#app/platform/intl-cache.ts";
import { balanceDue } from "./invoice-math.ts";
import { emit, emitOnce, retryDeadDeliveriesOf } from "#app/platform/outbox/outbox.server.ts";
import { parseInput } from "./validation.ts";

/** The earliest and latest schedule steps, in days from the due date. */
export const reminderStepBounds = { min: -30, max: 365 } as const;
/** Reminders go out from this hour of the day in the workspace's timezone, not at midnight. */
const reminderHour = 9;

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
  const reached = steps.filter((step) => step <= daysFromDue && addDays(invoice.dueDate, step) > invoice.issueDate && (invoice.amountPaid === 0 || step > 0));
  return reached.length ? Math.max(...reached) : null;
}

/** Whether reminders go out at `now` in `timeZone`: from reminderHour to the end of the day. */
export function remindingHours(now: Date, timeZone: string): boolean {
  return Number(dateFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now)) >= reminderHour;
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
      // Split invoices are reminded part by part (instalments.server.ts).
      instalments: { none: {} },
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
    if (balanceDue(invoice) === 0 || !remindingHours(now, timezone)) continue;
    const step = reminderStep(invoice, calendarDateIn(now, timezone), clientReminderDays);
    if (step === null || invoice.reminders.some((sent) => sent.step >= step)) continue;
    const fired = await emitOnce(
      db,
      async (tx) => (await tx.clientReminder.createMany({ data: [{ invoiceId: invoice.id, step, createdAt: now }], skipDuplicates: true })).count > 0,
      { type: "invoice.reminder", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, step } },
      now,
    );
    if (fired) emitted++;
  }
  return emitted;
}

/**
 * The schedule as a person writes it, "-3, 0, 1, 7, 14" (days from the due date), or null when
 * it is not a list of whole numbers; the workspace's rules (bounds, how many) check the rest.
 */
export function readReminderDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length || parts.some((part) => !/^[-+−]?\d+$/.test(part))) return null;
  return [...new Set(parts.map((part) => Number(part.replace("−", "-"))))].sort((a, b) => a - b);
}

/**
 * A person asks to email the client now: the invoice again, or a reminder. Refused in words
 * when there is nothing to send (a draft, a settled invoice for a reminder, no address). This
 * always sends a new email, even if the same one went before: Remit's own emails go once per
 * purpose and step, a person's request is a purpose of its own. Who asked is recorded.
 */
export async function requestClientEmail(db: Db, workspaceId: string, invoiceId: string, message: "invoice" | "reminder", now: Date, actor: Actor = "cli") {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, workspaceId },
    select: { id: true, number: true, status: true, total: true, amountPaid: true, customerId: true, customer: { select: { email: true, name: true } } },
  });
  if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
  if (!invoice.customer.email) throw new ValidationError({ email: `${invoice.customer.name} has no email address on file.` });
  if (invoice.status === "draft") throw new ValidationError({ status: `${invoice.number} is a draft: issue it first.` });
  if (message === "reminder" && (invoice.status !== "open" || balanceDue(invoice) === 0)) {
    throw new ValidationError({ status: `${invoice.number} has nothing left to pay: no reminder to send.` });
  }
  await db.$transaction(async (tx) => {
    await emit(tx, { type: "email.requested", workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, message } }, now);
    const action = message === "invoice" ? "invoice_emailed" : "reminder_emailed";
    await recordChange(tx, { workspaceId, invoiceId: invoice.id, customerId: invoice.customerId, action, actor, at: now });
  });
  return { number: invoice.number, to: invoice.customer.email };
}

/**
 * An email that was refused for good, sent again because a person asked: with a corrected
 * address when they give one (the customer's address changes for every later email too), then
 * the failed delivery of `eventId` is queued again. False when there is nothing left to retry
 * (already sent again, or not this workspace's).
 */
export async function resendFailedEmail(
  db: Db,
  input: { workspaceId: string; eventId: string; customerId: string | null; invoiceId: string | null; email?: string; actor: Actor; now: Date },
): Promise<boolean> {
  const { workspaceId, customerId, invoiceId, actor, now } = input;
  const email = input.email === undefined ? undefined : parseInput(customerInput.pick({ email: true }), { email: input.email }).email;
  return db.$transaction(async (tx) => {
    if (email !== undefined && customerId) {
      const { count } = await tx.customer.updateMany({ where: { id: customerId, workspaceId }, data: { email } });
      if (count === 0) throw new NotFoundError("No such customer in this workspace.");
      await recordChange(tx, { workspaceId, customerId, action: "customer_email_changed", actor, at: now });
    }
    const retried = await retryDeadDeliveriesOf(tx, workspaceId, input.eventId, now);
    if (retried) await recordChange(tx, { workspaceId, invoiceId, customerId, action: "email_resent", actor, at: now });
    return retried > 0;
  });
}
