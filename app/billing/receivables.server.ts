import type { Db } from "#app/platform/db/database.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { parseAmount } from "./money.ts";

export const invoiceViews = ["open", "overdue", "paid", "draft", "all"] as const;
export type InvoiceView = (typeof invoiceViews)[number];

/** Open invoices are late from the day after their due date, in the workspace timezone. */
function viewFilter(view: InvoiceView, today: Date): Prisma.InvoiceWhereInput {
  if (view === "overdue") return { status: "open", dueDate: { lt: today } };
  if (view === "all") return {};
  return { status: view };
}

async function workspaceToday(db: Db, workspaceId: string, now: Date): Promise<Date> {
  const { timezone } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timezone: true } });
  return calendarDateIn(now, timezone);
}

/**
 * Invoices whose number or customer's name contains `query` (any case), or, when the query reads
 * as an amount in the vendor's locale ("1.200,50", "€1,200.50"), whose total is that amount, in
 * any of the workspace's currencies where it reads as one.
 */
async function searchFilter(db: Db, workspace: { id: string; locale: string }, query: string): Promise<Prisma.InvoiceWhereInput> {
  const contains = query.trim();
  if (!contains) return {};
  const text: Prisma.InvoiceWhereInput[] = [{ number: { contains, mode: "insensitive" } }, { customer: { name: { contains, mode: "insensitive" } } }];
  if (!/\d/.test(contains)) return { OR: text };
  const currencies = await db.invoice.groupBy({ by: ["currency"], where: { workspaceId: workspace.id }, orderBy: { currency: "asc" } });
  const amounts = currencies.flatMap(({ currency }): Prisma.InvoiceWhereInput[] => {
    const parsed = parseAmount(contains, currency, workspace.locale);
    if (!parsed.ok || parsed.amount <= 0) return [];
    return [{ currency, total: parsed.amount }];
  });
  return { OR: [...text, ...amounts] };
}

/**
 * One page of a workspace's invoices, optionally only those matching `query` (number or customer):
 * open and overdue by due date (oldest first), paid and all newest first.
 */
export async function listInvoicePage(db: Db, workspaceId: string, view: InvoiceView, page: number, pageSize: number, now: Date, query = "") {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, locale: true } });
  const where = { workspaceId, ...viewFilter(view, await workspaceToday(db, workspaceId, now)), ...(await searchFilter(db, workspace, query)) };
  const [invoices, total] = await Promise.all([
    db.invoice.findMany({
      where,
      include: { customer: { select: { name: true } } },
      orderBy:
        view === "paid"
          ? [{ paidAt: "desc" }, { number: "desc" }]
          : view === "all"
            ? [{ issueDate: "desc" }, { number: "desc" }]
            : [{ dueDate: "asc" }, { number: "asc" }],
      skip: page * pageSize,
      take: pageSize,
    }),
    db.invoice.count({ where }),
  ]);
  return { invoices, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export interface CurrencyAmount {
  currency: string;
  amount: number;
}

async function balancesByCurrency(db: Db, where: Prisma.InvoiceWhereInput): Promise<CurrencyAmount[]> {
  const groups = await db.invoice.groupBy({ by: ["currency"], where, _sum: { total: true, amountPaid: true }, orderBy: { currency: "asc" } });
  return groups.map((group) => ({ currency: group.currency, amount: (group._sum.total ?? 0) - (group._sum.amountPaid ?? 0) }));
}

export type ActivityItem =
  | { kind: "viewed"; at: Date; invoiceNumber: string; customerName: string }
  | { kind: "paid"; at: Date; invoiceNumber: string; customerName: string; amount: number; currency: string };

/** Receivables at a glance: balances open and overdue per currency, the most overdue invoices, recent activity. */
export async function receivablesSummary(db: Db, workspaceId: string, now: Date) {
  const today = await workspaceToday(db, workspaceId, now);
  const invoiceOf = { select: { number: true, customer: { select: { name: true } } } } as const;
  const [open, overdue, mostOverdue, views, payments] = await Promise.all([
    balancesByCurrency(db, { workspaceId, status: "open" }),
    balancesByCurrency(db, { workspaceId, ...viewFilter("overdue", today) }),
    db.invoice.findMany({
      where: { workspaceId, ...viewFilter("overdue", today) },
      include: { customer: { select: { name: true } } },
      orderBy: [{ dueDate: "asc" }, { number: "asc" }],
      take: 5,
    }),
    db.activityEvent.findMany({
      where: { workspaceId, preview: false, kind: "invoice_viewed", invoiceId: { not: null } },
      include: { invoice: invoiceOf },
      orderBy: { createdAt: "desc" },
      take: 8,
    }),
    db.payment.findMany({
      where: { workspaceId, status: "succeeded" },
      include: { invoice: invoiceOf },
      orderBy: { createdAt: "desc" },
      take: 8,
    }),
  ]);
  const activity: ActivityItem[] = [
    ...views.flatMap((view) =>
      view.invoice ? [{ kind: "viewed" as const, at: view.createdAt, invoiceNumber: view.invoice.number, customerName: view.invoice.customer.name }] : [],
    ),
    ...payments.map((payment) => ({
      kind: "paid" as const,
      at: payment.paidAt ?? payment.createdAt,
      invoiceNumber: payment.invoice.number,
      customerName: payment.invoice.customer.name,
      amount: payment.amount,
      currency: payment.currency,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 8);
  return { today, open, overdue, mostOverdue, activity };
}

/** How often the client (not the vendor previewing) looked at an invoice, and when last. */
export async function invoiceViewStats(db: Db, invoiceId: string) {
  const where = { invoiceId, kind: "invoice_viewed" as const, preview: false };
  const [views, last] = await Promise.all([
    db.activityEvent.count({ where }),
    db.activityEvent.findFirst({ where, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  return { views, lastViewedAt: last?.createdAt ?? null };
}

/** The invoice a person means by "INV-0042", "inv-0042" or just "42" (with the workspace prefix). */
export async function findInvoiceByTypedNumber(db: Db, workspaceId: string, typed: string) {
  const text = typed.trim();
  const { invoicePrefix } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { invoicePrefix: true } });
  const number = /^\d+$/.test(text) ? `${invoicePrefix}${text.padStart(4, "0")}` : text;
  return db.invoice.findFirst({ where: { workspaceId, number: { equals: number, mode: "insensitive" } } });
}
