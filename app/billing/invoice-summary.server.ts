import type { Db } from "#app/platform/db/database.server.ts";
import { calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { changesOf } from "./audit.server.ts";
import { actorWords, changeWords } from "./audit-words.ts";
import { formatMoney } from "./money.ts";
import { NotFoundError } from "./errors.ts";
import { balanceDue, overpaidAmount } from "./invoice-math.ts";
import { daysOverdue, type InvoiceStatus } from "./invoice-status.ts";
import { invoiceEngagement } from "./engagement.server.ts";
import { reasonText, stateLabels } from "./engagement.ts";
import { allocatePayments, type AllocatedPart } from "./instalments.ts";

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

/** What every document (invoice or quote) tells outside mirrors about itself. Amounts are minor units. */
export interface DocumentSummary {
  id: string;
  workspaceId: string;
  customerId: string;
  number: string;
  customerName: string;
  customerEmail: string | null;
  currency: string;
  total: number;
}

/** An invoice's current state as outside mirrors show it. */
export interface InvoiceSummary extends DocumentSummary {
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
  /** The last email to the client about the invoice, and how many reminders it had. */
  lastEmailedAt: Date | null;
  remindersSent: number;
  /** The last reminder emailed to the client about the invoice. */
  lastReminderAt: Date | null;
  /** "Engaged", "Not opened" or "At risk" for an open invoice (app/billing/engagement.ts); null otherwise. */
  engagement: string | null;
  /** Why it is at risk, in words ("" when it is not). */
  engagementReasons: string;
  /** Who last changed it and when, in words ("Voided by Slack user U0… on 2026-11-21: …"; "" before any). */
  lastChange: string;
  /** The payment schedule of a split invoice (decision 131) with what is paid of each part; empty when not split. */
  instalments: AllocatedPart[];
  /** The workspace's locale, for amounts written as text. */
  locale: string;
}

export async function summarizeInvoice(db: Db, invoiceId: string, now: Date): Promise<InvoiceSummary> {
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: {
      customer: { select: { name: true, email: true } },
      workspace: { select: { timezone: true, locale: true } },
      instalments: { orderBy: { position: "asc" }, select: { position: true, amount: true, dueDate: true } },
    },
  });
  if (!invoice) throw new NotFoundError(`No invoice with id ${invoiceId}.`);
  // Views and emails in one query: a backfill summarises hundreds of invoices.
  const kinds = await db.activityEvent.groupBy({
    by: ["kind"],
    where: { invoiceId, preview: false, kind: { in: ["invoice_viewed", "email_sent", "reminder_sent"] } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const of = (kind: string) => kinds.find((group) => group.kind === kind);
  const views = { count: of("invoice_viewed")?._count._all ?? 0, last: of("invoice_viewed")?._max.createdAt ?? null };
  const lastEmailedAt =
    [of("email_sent")?._max.createdAt, of("reminder_sent")?._max.createdAt]
      .filter((at): at is Date => Boolean(at))
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const { timezone } = invoice.workspace;
  const [engagement, changes] = await Promise.all([invoiceEngagement(db, invoice.workspaceId, invoice.id, now), changesOf(db, invoice.workspaceId, invoice)]);
  const last = changes.at(-1);
  const lastChange = last
    ? changeWords(last, {
        who: actorWords,
        money: (amount) => formatMoney(amount, invoice.currency, invoice.workspace.locale),
        day: (at) => formatCalendarDate(calendarDateIn(at, timezone)),
        reason: (text) => `“${text}”`,
      })
    : "";
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
    views: views.count,
    lastViewedAt: views.last,
    lastEmailedAt,
    remindersSent: of("reminder_sent")?._count._all ?? 0,
    lastReminderAt: of("reminder_sent")?._max.createdAt ?? null,
    engagement: engagement ? stateLabels[engagement.state] : null,
    engagementReasons: engagement ? engagement.reasons.map(reasonText).join("; ") : "",
    lastChange,
    instalments: allocatePayments(invoice.instalments, invoice.amountPaid, calendarDateIn(now, timezone)),
    locale: invoice.workspace.locale,
  };
}

/** What was emailed to the client about an invoice: the last email and how many reminders (for Slack and Notion). */
export async function emailedSummary(db: Db, invoiceId: string): Promise<{ lastEmailedAt: Date | null; remindersSent: number }> {
  const [last, remindersSent] = await Promise.all([
    db.activityEvent.findFirst({
      where: { invoiceId, kind: { in: ["email_sent", "reminder_sent"] } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
    db.activityEvent.count({ where: { invoiceId, kind: "reminder_sent" } }),
  ]);
  return { lastEmailedAt: last?.createdAt ?? null, remindersSent };
}

/** Every email to the client about an invoice (invoice, reminders, receipts), oldest first: its email history. */
export function emailsOf(db: Db, invoiceId: string) {
  return db.activityEvent.findMany({
    where: { invoiceId, kind: { in: ["email_sent", "reminder_sent"] } },
    orderBy: { createdAt: "asc" },
    select: { kind: true, createdAt: true },
  });
}
