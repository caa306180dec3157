import { daysBetween, calendarDateIn } from "#app/platform/calendar.ts";
import { IllegalTransitionError } from "./errors.ts";

export const invoiceStatuses = ["draft", "open", "paid", "void", "uncollectible"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * draft → open → paid | void | uncollectible. An uncollectible invoice can still be paid
 * (the client paid after all) or voided. Paid and void are final.
 */
const transitions: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  draft: ["open", "void"],
  open: ["paid", "void", "uncollectible"],
  uncollectible: ["paid", "void"],
  paid: [],
  void: [],
};

export function canTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return transitions[from].includes(to);
}

export function assertTransition(number: string, from: InvoiceStatus, to: InvoiceStatus): void {
  if (canTransition(from, to)) return;
  const allowed = transitions[from];
  throw new IllegalTransitionError(
    `Invoice ${number} is ${from} and cannot become ${to}` +
      (allowed.length ? ` (a ${from} invoice can become ${allowed.join(" or ")}).` : ` (${from} is final).`),
  );
}

/** Days past due in the workspace timezone (0 when not overdue): late from the day after the due date. */
export function daysOverdue(invoice: { status: InvoiceStatus; dueDate: Date }, now: Date, timeZone: string): number {
  if (invoice.status !== "open") return 0;
  return Math.max(0, daysBetween(invoice.dueDate, calendarDateIn(now, timeZone)));
}
