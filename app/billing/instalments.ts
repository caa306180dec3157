/**
 * Instalments (docs/decisions/131): an invoice's total split into parts with their own due
 * dates. Pure, so the portal and Slack show the same schedule the server enforces. Payments are
 * not tied to a part: what the client has paid covers the parts in order, oldest first, so a
 * refund, an undone payment or one large payment always leaves one clear answer.
 */
import { addDays, daysBetween } from "#app/platform/calendar.ts";
import { formatMoney } from "./money.ts";

/** Two parts at least (one part is just the invoice), twelve at most. */
export const instalmentBounds = { min: 2, max: 12 } as const;

export interface InstalmentPart {
  position: number;
  amount: number;
  dueDate: Date;
}

export type PartState = "paid" | "due" | "overdue" | "upcoming";

export interface AllocatedPart extends InstalmentPart {
  /** What the client's payments cover of this part. */
  paid: number;
  remaining: number;
  /** paid; overdue (its day passed unpaid); due (the next to pay); upcoming (a later one). */
  state: PartState;
  /** Days late in the workspace's timezone, 0 unless overdue. */
  daysLate: number;
}

/**
 * The parts with what `amountPaid` covers of each, in order. `today` is the calendar date in the
 * workspace's timezone: a part is overdue from the day after its due date, as an invoice is.
 */
export function allocatePayments(parts: readonly InstalmentPart[], amountPaid: number, today: Date): AllocatedPart[] {
  let left = Math.max(0, amountPaid);
  let nextFound = false;
  return [...parts]
    .sort((a, b) => a.position - b.position)
    .map((part) => {
      const paid = Math.min(part.amount, left);
      left -= paid;
      const remaining = part.amount - paid;
      const daysLate = remaining > 0 ? Math.max(0, daysBetween(part.dueDate, today)) : 0;
      let state: PartState = "paid";
      if (remaining > 0) {
        state = daysLate > 0 ? "overdue" : nextFound ? "upcoming" : "due";
        nextFound = true;
      }
      return { ...part, paid, remaining, state, daysLate };
    });
}

/** The part the client pays next: the first not fully covered, or null when all are paid. */
export function nextPart<Part extends { remaining: number }>(allocated: readonly Part[]): Part | null {
  return allocated.find((part) => part.remaining > 0) ?? null;
}

/**
 * Problems with a split, by field ("parts", "parts.1.amount", "parts.2.dueDate"), in words:
 * each part more than 0, due dates in order, and the parts summing to the total exactly
 * (in minor units: "The parts add up to €900.00: €100.00 less than the invoice's €1,000.00").
 */
export function splitIssues(
  parts: readonly { amount: number; dueDate: Date }[],
  invoice: { total: number; currency: string; issueDate: Date },
  locale = "en-US",
): Record<string, string> {
  const issues: Record<string, string> = {};
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  if (parts.length < instalmentBounds.min) issues.parts = `Split into at least ${instalmentBounds.min} parts`;
  if (parts.length > instalmentBounds.max) issues.parts = `Split into at most ${instalmentBounds.max} parts`;
  parts.forEach((part, index) => {
    if (!Number.isSafeInteger(part.amount) || part.amount <= 0) issues[`parts.${index}.amount`] = `Part ${index + 1} must be more than ${money(0)}`;
    if (part.dueDate < invoice.issueDate) issues[`parts.${index}.dueDate`] = `Part ${index + 1} cannot be due before the invoice's issue date`;
    const before = parts[index - 1];
    if (before && part.dueDate < before.dueDate) issues[`parts.${index}.dueDate`] = `Part ${index + 1} cannot be due before part ${index}`;
  });
  const sum = parts.reduce((total, part) => total + (Number.isSafeInteger(part.amount) ? part.amount : 0), 0);
  if (!issues.parts && sum !== invoice.total) {
    const gap = invoice.total - sum;
    issues.parts =
      gap > 0
        ? `The parts add up to ${money(sum)}: ${money(gap)} less than the invoice's ${money(invoice.total)}`
        : `The parts add up to ${money(sum)}: ${money(-gap)} more than the invoice's ${money(invoice.total)}`;
  }
  return issues;
}

/**
 * `count` parts as equal as minor units allow, the first parts taking the odd units
 * (€1,000.00 in 3: 333.34, 333.33, 333.33), due every `everyDays` days from `firstDue`, or every
 * month on the first's day when `everyDays` is null.
 */
export function evenParts(total: number, count: number, firstDue: Date, everyDays: number | null = null): { amount: number; dueDate: Date }[] {
  const base = Math.floor(total / count);
  const odd = total - base * count;
  return Array.from({ length: count }, (_, index) => ({
    amount: base + (index < odd ? 1 : 0),
    dueDate: everyDays === null ? addMonths(firstDue, index) : addDays(firstDue, everyDays * index),
  }));
}

/** The same day `months` later, or that month's last day when it is shorter. */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), last)));
}
