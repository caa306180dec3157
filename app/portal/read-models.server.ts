import type { Db } from "#app/platform/db/database.server.ts";
import type { InvoiceStatus, Prisma } from "#app/generated/prisma/client.ts";
import { balanceDue, computeTotals } from "#app/billing/invoice-math.ts";
import { daysOverdue } from "#app/billing/invoice-status.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import type { PortalAccess } from "./access.server.ts";
import { offlinePayment, vendorDetails } from "#app/billing/workspaces.server.ts";
import { allocatePayments } from "#app/billing/instalments.ts";
import { upcomingInvoices } from "#app/billing/schedules.server.ts";
import { listPayments } from "#app/billing/customers.server.ts";

/**
 * What a client sees through a portal link. Every query is scoped by the verified
 * customer and workspace in the query itself; drafts (and drafts voided before issue) are
 * never shown, but to the vendor's preview link of that one draft. Anything outside the scope
 * is simply not found.
 */

export const portalPageSize = 25;

function visibleInvoices(access: PortalAccess): Prisma.InvoiceWhereInput {
  return {
    workspaceId: access.workspaceId,
    customerId: access.customerId,
    // A draft is shown only to the vendor's preview of that one invoice, never to the client.
    ...(access.preview && access.invoiceId ? {} : { issuedAt: { not: null } }),
    ...(access.invoiceId ? { id: access.invoiceId } : {}),
    // A quote's link shows the invoices made from that quote, and no other.
    ...(access.quoteId ? { quoteId: access.quoteId } : {}),
  };
}

export async function getPortalParties(db: Db, access: PortalAccess) {
  const customer = await db.customer.findFirstOrThrow({
    where: { id: access.customerId, workspaceId: access.workspaceId },
    include: { workspace: true },
  });
  const { workspace } = customer;
  return {
    vendor: {
      name: workspace.name,
      brandColor: workspace.brandColor,
      logoPng: workspace.logoPng,
      timezone: workspace.timezone,
      locale: workspace.locale,
      details: vendorDetails(workspace),
      offline: offlinePayment(workspace),
    },
    customer: { name: customer.name, email: customer.email, address: customer.address, taxId: customer.taxId, locale: customer.locale },
    workspace,
    /** The customer's whole row, with its workspace, for what needs more than the page shows. */
    customerRecord: customer,
  };
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/**
 * One page of a list and how many there are. The first page, which nearly every view asks for,
 * is read first: when it is not full it is the whole list, and nothing needs counting.
 */
async function paged<T>(page: number, count: () => Promise<number>, load: (skip: number) => Promise<T[]>): Promise<Page<T>> {
  if (page <= 1) {
    const items = await load(0);
    const total = items.length < portalPageSize ? items.length : await count();
    return { items, page: 1, pages: Math.max(1, Math.ceil(total / portalPageSize)), total };
  }
  const total = await count();
  const pages = Math.max(1, Math.ceil(total / portalPageSize));
  const current = Math.min(page, pages);
  return { items: await load((current - 1) * portalPageSize), page: current, pages, total };
}

const listed = {
  id: true,
  number: true,
  status: true,
  currency: true,
  total: true,
  amountPaid: true,
  issueDate: true,
  dueDate: true,
  paidAt: true,
} satisfies Prisma.InvoiceSelect;

/** The portal home: balance due per currency, open invoices (overdue marked), paid ones and payments. */
export async function getPortalHome(db: Db, access: PortalAccess, pages: { paid: number; payments: number }, now: Date) {
  const scope = visibleInvoices(access);
  const openStatuses: InvoiceStatus[] = ["open", "uncollectible"];
  const closedScope = { ...scope, status: { in: ["paid", "void"] as InvoiceStatus[] } };
  // By the payment's own customer, so the client's payments are read from their index (decision 175).
  const paymentScope = { customerId: access.customerId, status: { in: ["succeeded", "refunded"] }, invoice: scope } satisfies Prisma.PaymentWhereInput;
  // Independent reads: a PostgreSQL server runs them side by side.
  const [[parties, upcoming], openRows, closed, payments, currencies] = await Promise.all([
    getPortalParties(db, access).then(async (parties) => [parties, access.invoiceId ? [] : await upcomingInvoices(db, parties.customerRecord)] as const),
    db.invoice.findMany({
      where: { ...scope, status: { in: openStatuses } },
      select: { ...listed, instalments: { orderBy: { position: "asc" }, select: { position: true, amount: true, dueDate: true } } },
      orderBy: [{ dueDate: "asc" }, { number: "asc" }],
    }),
    paged(
      pages.paid,
      () => db.invoice.count({ where: closedScope }),
      (skip) => db.invoice.findMany({ where: closedScope, select: listed, orderBy: [{ issueDate: "desc" }, { number: "desc" }], skip, take: portalPageSize }),
    ),
    paged(
      pages.payments,
      () => db.payment.count({ where: paymentScope }),
      (skip) => listPayments(db, paymentScope, { skip, take: portalPageSize }),
    ),
    db.invoice.findMany({ where: scope, select: { currency: true }, distinct: ["currency"], orderBy: { currency: "asc" } }),
  ]);
  const timezone = parties.workspace.timezone;
  const open = openRows.map(({ instalments, ...invoice }) => ({
    ...invoice,
    balanceDue: balanceDue(invoice),
    // A split invoice is late when one of its parts is (docs/decisions/131).
    daysOverdue: instalments.length
      ? allocatePayments(instalments, invoice.amountPaid, calendarDateIn(now, timezone)).reduce((late, part) => Math.max(late, part.daysLate), 0)
      : daysOverdue({ status: invoice.status === "uncollectible" ? "open" : invoice.status, dueDate: invoice.dueDate }, now, timezone),
  }));
  const balances = new Map<string, number>();
  for (const invoice of open) balances.set(invoice.currency, (balances.get(invoice.currency) ?? 0) + invoice.balanceDue);
  return {
    ...parties,
    balances: [...balances].map(([currency, amount]) => ({ currency, amount })),
    /** The currencies the client was invoiced in: one statement each. */
    currencies: currencies.map((row) => row.currency),
    /** The statement's default period: this year so far, in the vendor's timezone. */
    statementPeriod: { from: `${calendarDateIn(now, timezone).toISOString().slice(0, 4)}-01-01`, to: calendarDateIn(now, timezone).toISOString().slice(0, 10) },
    open,
    closed,
    payments,
    /** The next invoice of each active recurring schedule of the client's (docs/decisions/130). */
    upcoming,
  };
}

/** One invoice in the client's scope, with lines and receipts; null when not theirs to see. */
export async function getPortalInvoice(db: Db, access: PortalAccess, invoiceId: string, now: Date) {
  const invoice = await db.invoice.findFirst({
    where: { AND: [visibleInvoices(access), { id: invoiceId }] },
    include: {
      lines: { orderBy: { position: "asc" } },
      payments: { where: { status: { in: ["succeeded", "refunded"] } }, orderBy: { sequence: "asc" } },
      instalments: { orderBy: { position: "asc" }, select: { position: true, amount: true, dueDate: true } },
      occurrence: { select: { schedule: { select: { name: true } } } },
      creditNote: true,
    },
  });
  if (!invoice) return null;
  const parties = await getPortalParties(db, access);
  const today = calendarDateIn(now, parties.workspace.timezone);
  const instalments = allocatePayments(invoice.instalments, invoice.amountPaid, today);
  // A split invoice is late when a part is: by the oldest unpaid part's days.
  const partLate = instalments.reduce((late, part) => Math.max(late, part.daysLate), 0);
  return {
    ...parties,
    invoice: {
      ...invoice,
      balanceDue: balanceDue(invoice),
      /** The summary per tax rate; it adds up to the stored totals, computed by the same rule. */
      taxRates: computeTotals(invoice.lines, invoice.discountBps).rates,
      daysOverdue: instalments.length ? (invoice.status === "open" ? partLate : 0) : daysOverdue(invoice, now, parties.workspace.timezone),
      template: invoice.template ?? parties.workspace.defaultTemplate,
      /** The parts of a split invoice with what is paid of each, in order; empty when not split. */
      instalments: invoice.status === "void" ? [] : instalments,
      /** The recurring schedule that issued it, by name; null for a one-off invoice. */
      scheduleName: invoice.occurrence?.schedule.name ?? null,
    },
  };
}

export type PortalInvoice = NonNullable<Awaited<ReturnType<typeof getPortalInvoice>>>;

/** What an invoice's page and its PDF both print of it, beside its lines and parts: number, status, dates, figures and notes. */
export function printedInvoice(invoice: PortalInvoice["invoice"]) {
  const { number, status, currency, issueDate, dueDate, paidAt, supplyDate, notes, poNumber, footer } = invoice;
  const { subtotal, discountBps, discountAmount, taxRates, taxAmount, total, amountPaid, balanceDue } = invoice;
  return {
    number,
    status,
    currency,
    issueDate,
    dueDate,
    paidAt,
    supplyDate,
    notes,
    poNumber,
    footer,
    subtotal,
    discountBps,
    discountAmount,
    taxRates,
    taxAmount,
    total,
    amountPaid,
    balanceDue,
  };
}
