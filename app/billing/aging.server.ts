import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { ageReceivables, agingBucket, csvLine, plainAmount, type AgingBucket, type AgingRow } from "./aging.ts";
import { engagedInvoices, engagementOfInvoices, paymentHistories } from "./engagement.server.ts";
import { stateLabels, reasonText, type Engagement, type RiskReason } from "./engagement.ts";
import { balanceDue } from "./invoice-math.ts";
import { daysOverdue } from "./invoice-status.ts";
import { getWorkspace } from "./workspaces.server.ts";

export interface OpenReceivable {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  /** The client can be emailed (a reminder button makes sense). */
  customerEmail: string | null;
  currency: string;
  issueDate: Date;
  dueDate: Date;
  balance: number;
  daysLate: number;
  bucket: AgingBucket;
  engagement: Engagement | null;
}

export interface CustomerPaying {
  customerId: string;
  name: string;
  paid: number;
  averageDaysToPay: number;
  paidLate: number;
}

export interface CollectionsReport {
  workspace: Awaited<ReturnType<typeof getWorkspace>>;
  /** The workspace's calendar date now. */
  today: Date;
  aging: AgingRow[];
  invoices: OpenReceivable[];
  /** At-risk invoices, the latest first, with their reasons. */
  atRisk: (OpenReceivable & { reasons: RiskReason[] })[];
  /** Open invoices due from today to six days on. */
  dueThisWeek: OpenReceivable[];
  /** Money received in the last seven days, per currency. */
  received: { currency: string; amount: number; payments: number }[];
  /** Customers who have paid before: days from issue to paid, on average. */
  customers: CustomerPaying[];
}

const weekMs = 7 * 86_400_000;

/**
 * Collections at a glance, for App Home, the weekly digest and `remit report aging`: open
 * balances by age per currency (days past due in the workspace's timezone), the invoices at
 * risk and why, what is due this week, what came in, and how each customer pays.
 */
export async function collectionsReport(db: Db, workspaceId: string, now: Date): Promise<CollectionsReport> {
  const workspace = await getWorkspace(db, workspaceId);
  const today = calendarDateIn(now, workspace.timezone);
  const [rows, payments, histories] = await Promise.all([
    db.invoice.findMany({
      where: { workspaceId, ...engagedInvoices },
      select: {
        id: true,
        number: true,
        customerId: true,
        status: true,
        issuedAt: true,
        issueDate: true,
        dueDate: true,
        total: true,
        amountPaid: true,
        currency: true,
        customer: { select: { name: true, email: true } },
      },
      orderBy: [{ dueDate: "asc" }, { number: "asc" }],
    }),
    db.payment.groupBy({
      by: ["currency"],
      where: { workspaceId, status: { in: ["succeeded", "refunded"] }, paidAt: { gte: new Date(now.getTime() - weekMs), lte: now } },
      _sum: { amount: true },
      _count: { _all: true },
      orderBy: { currency: "asc" },
    }),
    // Every paying customer's record at once, as the database keeps it: the engagement of the open
    // invoices and the list of how customers pay both read it (decisions 163, 175).
    paymentHistories(db, workspaceId, "all", workspace.timezone, workspace.riskLatePaidDays),
  ]);
  const owing = rows.filter((row) => balanceDue(row) > 0);
  const engagements = await engagementOfInvoices(db, workspace, owing, now, histories);
  const invoices: OpenReceivable[] = owing.map((row) => {
    const daysLate = daysOverdue(row, now, workspace.timezone);
    return {
      id: row.id,
      number: row.number,
      customerId: row.customerId,
      customerName: row.customer.name,
      customerEmail: row.customer.email,
      currency: row.currency,
      issueDate: row.issueDate,
      dueDate: row.dueDate,
      balance: balanceDue(row),
      daysLate,
      bucket: agingBucket(daysLate),
      engagement: engagements.get(row.id) ?? null,
    };
  });
  const atRisk = invoices
    .flatMap((invoice) => (invoice.engagement?.state === "at_risk" ? [{ ...invoice, reasons: invoice.engagement.reasons }] : []))
    .sort((a, b) => b.daysLate - a.daysLate || a.number.localeCompare(b.number));
  const weekEnd = addDays(today, 6);
  const dueThisWeek = invoices.filter((invoice) => invoice.dueDate >= today && invoice.dueDate <= weekEnd);
  const names = await db.customer.findMany({ where: { workspaceId, id: { in: [...histories.keys()] } }, select: { id: true, name: true } });
  const customers = names
    .flatMap((customer) => {
      const history = histories.get(customer.id);
      return history && history.averageDaysToPay !== null
        ? [{ customerId: customer.id, name: customer.name, paid: history.paid, averageDaysToPay: history.averageDaysToPay, paidLate: history.paidLate }]
        : [];
    })
    .sort((a, b) => b.averageDaysToPay - a.averageDaysToPay || a.name.localeCompare(b.name));
  return {
    workspace,
    today,
    aging: ageReceivables(invoices),
    invoices,
    atRisk,
    dueThisWeek,
    received: payments.map((group) => ({ currency: group.currency, amount: group._sum.amount ?? 0, payments: group._count._all })),
    customers,
  };
}

export const agingCsvHeader = ["Invoice", "Customer", "Currency", "Issued", "Due", "Days overdue", "Age", "Balance due", "Engagement", "Reasons"] as const;

/** The report as CSV for an accountant: one row per open invoice, amounts in major units. */
export function agingCsv(report: CollectionsReport): string {
  return [
    csvLine(agingCsvHeader),
    ...report.invoices.map((invoice) =>
      csvLine([
        invoice.number,
        invoice.customerName,
        invoice.currency,
        formatCalendarDate(invoice.issueDate),
        formatCalendarDate(invoice.dueDate),
        String(invoice.daysLate),
        invoice.bucket,
        plainAmount(invoice.balance, invoice.currency),
        invoice.engagement ? stateLabels[invoice.engagement.state] : "",
        invoice.engagement?.reasons.map(reasonText).join("; ") ?? "",
      ]),
    ),
  ].join("");
}
