import type { Db } from "#app/platform/db/database.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { recordChange, type Actor } from "./audit.server.ts";
import { customerInput, getCustomer, listPayments, type CustomerInput } from "./customers.server.ts";
import { paymentHistories, type PaymentHistory } from "./engagement.server.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { parseInput } from "./validation.ts";

export interface CustomerBalance {
  id: string;
  name: string;
  email: string | null;
  /** What the customer still owes, per currency (open and uncollectible invoices). */
  due: { currency: string; amount: number }[];
  openInvoices: number;
}

/** Customers whose name or email contains `query`, with what each still owes: the vendor's client list. */
export async function customersWithBalances(
  db: Db,
  workspaceId: string,
  query: string,
  take: number,
  customerId?: string,
): Promise<{ customers: CustomerBalance[]; total: number }> {
  const contains = query.trim();
  const where = {
    workspaceId,
    ...(customerId ? { id: customerId } : {}),
    ...(contains ? { OR: [{ name: { contains, mode: "insensitive" as const } }, { email: { contains, mode: "insensitive" as const } }] } : {}),
  };
  const [found, total] = await Promise.all([db.customer.findMany({ where, orderBy: { name: "asc" }, take }), db.customer.count({ where })]);
  const groups = await db.invoice.groupBy({
    by: ["customerId", "currency"],
    where: { workspaceId, customerId: { in: found.map((customer) => customer.id) }, status: { in: ["open", "uncollectible"] } },
    _sum: { total: true, amountPaid: true },
    _count: { _all: true },
    orderBy: [{ customerId: "asc" }, { currency: "asc" }],
  });
  const customers = found.map((customer) => {
    const mine = groups.filter((group) => group.customerId === customer.id);
    return {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      due: mine
        .map((group) => ({ currency: group.currency, amount: (group._sum.total ?? 0) - (group._sum.amountPaid ?? 0) }))
        .filter((owed) => owed.amount > 0),
      openInvoices: mine.reduce((sum, group) => sum + group._count._all, 0),
    };
  });
  return { customers, total };
}

/** The views of a client's pages and documents (their own, never the vendor's previews). */
const clientViews = ["portal_viewed", "invoice_viewed", "pdf_downloaded", "receipt_downloaded"] as const;

/** How many of each list a customer's card shows; counts say how many there are in all. */
export const cardShown = 5;

const noHistory: PaymentHistory = { paid: 0, paidLate: 0, averageDaysLate: 0, averageDaysToPay: null };

/**
 * A customer's card: their details, what they owe, their recent invoices, payments and views
 * (with how many of each in all), and how many days they take to pay on average.
 */
export async function customerCard(db: Db, workspace: { id: string; timezone: string; riskLatePaidDays: number }, customerId: string) {
  const customer = await getCustomer(db, workspace.id, customerId);
  const scope = { workspaceId: workspace.id, customerId };
  const paymentScope = { ...scope, status: { in: ["succeeded" as const, "refunded" as const] } };
  const viewScope = { ...scope, preview: false, kind: { in: [...clientViews] } };
  const [balance, invoiceCount, invoices, paymentCount, payments, viewCount, views, histories] = await Promise.all([
    customersWithBalances(db, workspace.id, "", 1, customerId),
    db.invoice.count({ where: { ...scope, status: { not: "draft" } } }),
    db.invoice.findMany({
      where: scope,
      orderBy: [{ issueDate: "desc" }, { number: "desc" }],
      take: cardShown,
      select: { id: true, number: true, status: true, currency: true, total: true, amountPaid: true, dueDate: true, paidAt: true },
    }),
    db.payment.count({ where: paymentScope }),
    listPayments(db, paymentScope, { take: cardShown }),
    db.activityEvent.count({ where: viewScope }),
    db.activityEvent.findMany({
      where: viewScope,
      orderBy: { createdAt: "desc" },
      take: cardShown,
      select: { kind: true, createdAt: true, invoice: { select: { number: true } } },
    }),
    paymentHistories(db, workspace.id, [customerId], workspace.timezone, workspace.riskLatePaidDays),
  ]);
  return {
    customer,
    due: balance.customers[0]?.due ?? [],
    openInvoices: balance.customers[0]?.openInvoices ?? 0,
    invoices: { count: invoiceCount, recent: invoices },
    payments: { count: paymentCount, recent: payments },
    views: { count: viewCount, recent: views },
    history: histories.get(customerId) ?? noHistory,
  };
}

export type CustomerCard = Awaited<ReturnType<typeof customerCard>>;

/**
 * Changes a customer's details (name, email, address, tax ID, language, currency), with who did
 * it. Invoices already issued keep the details they were issued with (their printed parties); a
 * new name or email reaches the mirrors of every invoice of theirs (an `invoice.changed` each, in
 * the same transaction: the Notion rows show both), and the portal, whose cached home follows the
 * customer's row (decision 115). Returns the customer, and whether the mirrors were told.
 */
export async function updateCustomer(db: Db, workspaceId: string, customerId: string, input: CustomerInput, now: Date, actor?: Actor) {
  const data = parseInput(customerInput, input);
  return db.$transaction(async (tx) => {
    const before = await tx.customer.findFirst({ where: { id: customerId, workspaceId }, select: { name: true, email: true } });
    if (!before) throw new NotFoundError("No such customer in this workspace.");
    const customer = await tx.customer.update({ where: { id: customerId }, data });
    if (actor) await recordChange(tx, { workspaceId, customerId, action: "customer_updated", actor, at: now });
    const shown = before.name !== customer.name || before.email !== customer.email;
    if (shown) {
      const invoices = await tx.invoice.findMany({ where: { workspaceId, customerId }, select: { id: true }, orderBy: { number: "asc" } });
      for (const { id } of invoices) await emit(tx, { type: "invoice.changed", workspaceId, aggregateId: id, payload: { invoiceId: id } }, now);
    }
    return { customer, shown };
  });
}

/**
 * A person asks Remit to email the client their portal link (the customer's card in Slack):
 * `portal.link_requested` with `reason: "vendor"`, delivered by the email subscriber as a fresh
 * link to the address on file, each request a new email (decision 083), and who asked recorded.
 */
export async function emailPortalLink(db: Db, workspaceId: string, customerId: string, now: Date, actor: Actor) {
  const customer = await getCustomer(db, workspaceId, customerId);
  if (!customer.email) throw new ValidationError({ email: `${customer.name} has no email address: add one with Edit details first.` });
  await db.$transaction(async (tx) => {
    await emit(tx, { type: "portal.link_requested", workspaceId, aggregateId: customerId, payload: { customerId, reason: "vendor" } }, now);
    await recordChange(tx, { workspaceId, customerId, action: "portal_link_emailed", actor, at: now });
  });
  return { name: customer.name, to: customer.email };
}
