import type { Db } from "#app/platform/db/database.server.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { NotFoundError } from "./errors.ts";
import { balanceDue, overpaidAmount } from "./invoice-math.ts";
import { daysOverdue, type InvoiceStatus } from "./invoice-status.ts";

/** The status a person reads: overdue is an open invoice past its due date. */
export const statusLabels = ["Draft", "Open", "Overdue", "Paid", "Void", "Uncollectible"] as const;
export type StatusLabel = (typeof statusLabels)[number];

const labels: Record<InvoiceStatus, StatusLabel> = {
  draft: "Draft",
  open: "Open",
  paid: "Paid",
  void: "Void",
  uncollectible: "Uncollectible",
};

export function statusLabel(invoice: { status: InvoiceStatus; dueDate: Date }, now: Date, timeZone: string): StatusLabel {
  return daysOverdue(invoice, now, timeZone) > 0 ? "Overdue" : labels[invoice.status];
}

/** An invoice's current state as outside mirrors show it. Amounts are minor units. */
export interface InvoiceSummary {
  id: string;
  workspaceId: string;
  customerId: string;
  number: string;
  customerName: string;
  customerEmail: string | null;
  currency: string;
  total: number;
  amountPaid: number;
  /** Zero once void: nothing is owed on a voided invoice. */
  balanceDue: number;
  /** Money received beyond what the invoice asked for, less refunds. */
  overpaid: number;
  status: StatusLabel;
  /** Calendar dates (UTC midnight); issue date is null while the invoice is a draft. */
  issueDate: Date | null;
  dueDate: Date;
  paidOn: Date | null;
  /** Client views of the invoice (vendor previews are not counted). */
  views: number;
  lastViewedAt: Date | null;
}

export async function summarizeInvoice(db: Db, invoiceId: string, now: Date): Promise<InvoiceSummary> {
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: { customer: { select: { name: true, email: true } }, workspace: { select: { timezone: true } } },
  });
  if (!invoice) throw new NotFoundError(`No invoice with id ${invoiceId}.`);
  const views = await db.activityEvent.aggregate({
    where: { invoiceId, kind: "invoice_viewed", preview: false },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const { timezone } = invoice.workspace;
  return {
    id: invoice.id,
    workspaceId: invoice.workspaceId,
    customerId: invoice.customerId,
    number: invoice.number,
    customerName: invoice.customer.name,
    customerEmail: invoice.customer.email,
    currency: invoice.currency,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    balanceDue: invoice.status === "void" ? 0 : balanceDue(invoice),
    overpaid: overpaidAmount(invoice),
    status: statusLabel(invoice, now, timezone),
    issueDate: invoice.status === "draft" ? null : invoice.issueDate,
    dueDate: invoice.dueDate,
    paidOn: invoice.paidAt ? calendarDateIn(invoice.paidAt, timezone) : null,
    views: views._count._all,
    lastViewedAt: views._max.createdAt,
  };
}
