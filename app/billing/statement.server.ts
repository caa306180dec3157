import { z } from "zod";
import type { Db } from "#app/platform/db/database.server.ts";
import { calendarDateIn, parseCalendarDate } from "#app/platform/calendar.ts";
import { ValidationError } from "./errors.ts";
import { currencyCode, parseInput } from "./validation.ts";

/**
 * A client's statement of account in one currency for a date range: what they owed before it
 * (opening balance), what happened in it, and what they owe at its end (closing balance).
 *
 * The ledger: an issued invoice adds its total on its issue date; a payment takes away what it
 * brought (net of refunds) on the day it was paid; a void invoice is credited back on the day
 * it was voided. Days are calendar days in the vendor's timezone.
 */

export type StatementEntryKind = "invoice" | "payment" | "credit";

export interface LedgerItem {
  /** Calendar date (UTC midnight). */
  date: Date;
  kind: StatementEntryKind;
  invoiceNumber: string;
  /** The receipt number of a payment. */
  reference: string | null;
  /** Minor units: positive adds to what the client owes, negative takes away. */
  amount: number;
}

export interface StatementEntry extends LedgerItem {
  /** What the client owes after this entry. */
  balance: number;
}

export interface StatementFigures {
  opening: number;
  entries: StatementEntry[];
  /** Sums of the period's entries: invoiced (positive), paid and credited (as positive amounts). */
  invoiced: number;
  paid: number;
  credited: number;
  closing: number;
}

const kindOrder: Record<StatementEntryKind, number> = { invoice: 0, payment: 1, credit: 2 };

/** The balances of a ledger for `from`–`to` (both days included). */
export function statementFigures(items: readonly LedgerItem[], from: Date, to: Date): StatementFigures {
  const sorted = [...items].sort(
    (a, b) =>
      a.date.getTime() - b.date.getTime() ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      a.invoiceNumber.localeCompare(b.invoiceNumber) ||
      (a.reference ?? "").localeCompare(b.reference ?? ""),
  );
  const opening = sorted.filter((item) => item.date < from).reduce((sum, item) => sum + item.amount, 0);
  let balance = opening;
  const entries = sorted
    .filter((item) => item.date >= from && item.date <= to)
    .map((item) => {
      balance += item.amount;
      return { ...item, balance };
    });
  const sum = (kind: StatementEntryKind) => entries.filter((entry) => entry.kind === kind).reduce((total, entry) => total + Math.abs(entry.amount), 0);
  return { opening, entries, invoiced: sum("invoice"), paid: sum("payment"), credited: sum("credit"), closing: balance };
}

const dateInput = (label: string) =>
  z.string({ error: `${label} must be a date (YYYY-MM-DD)` }).transform((value, ctx) => {
    const date = parseCalendarDate(value);
    if (!date) ctx.addIssue({ code: "custom", message: `${label} must be a real date written YYYY-MM-DD` });
    return date ?? z.NEVER;
  });

export const statementInput = z
  .object({ currency: currencyCode, from: dateInput("From"), to: dateInput("To") })
  .refine((input) => input.from <= input.to, { message: "The period must end on or after its first day", path: ["to"] });

export type StatementInput = z.input<typeof statementInput>;

/** The client's ledger and its figures; every query is scoped by workspace and customer. */
export async function customerStatement(db: Db, scope: { workspaceId: string; customerId: string }, raw: StatementInput) {
  const input = parseInput(statementInput, raw);
  const customer = await db.customer.findFirst({ where: { id: scope.customerId, workspaceId: scope.workspaceId }, include: { workspace: true } });
  if (!customer) throw new ValidationError({ customerId: "No such customer in this workspace" });
  const { timezone } = customer.workspace;
  const invoices = await db.invoice.findMany({
    where: { workspaceId: scope.workspaceId, customerId: scope.customerId, currency: input.currency, issuedAt: { not: null } },
    include: { payments: { where: { status: { in: ["succeeded", "refunded"] } } } },
  });
  const items: LedgerItem[] = invoices.flatMap((invoice) => [
    { date: invoice.issueDate, kind: "invoice" as const, invoiceNumber: invoice.number, reference: null, amount: invoice.total },
    ...invoice.payments
      .filter((payment) => payment.amount > payment.amountRefunded)
      .map((payment) => ({
        date: calendarDateIn(payment.paidAt ?? payment.createdAt, timezone),
        kind: "payment" as const,
        invoiceNumber: invoice.number,
        reference: payment.receiptNumber,
        amount: -(payment.amount - payment.amountRefunded),
      })),
    ...(invoice.status === "void" && invoice.voidedAt
      ? [{ date: calendarDateIn(invoice.voidedAt, timezone), kind: "credit" as const, invoiceNumber: invoice.number, reference: null, amount: -invoice.total }]
      : []),
  ]);
  return { ...input, timezone, ...statementFigures(items, input.from, input.to) };
}
