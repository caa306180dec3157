import type { Db } from "#app/platform/db/database.server.ts";
import type { ActivityKind, Prisma } from "#app/generated/prisma/client.ts";
import { emitOnce } from "#app/platform/outbox/outbox.server.ts";
import { engagementKey, engagementOf, rulesOf, type Engagement, type EngagementFacts, type EngagementRules } from "./engagement.ts";
import { balanceDue } from "./invoice-math.ts";
import { daysOverdue } from "./invoice-status.ts";

/** The invoices that have an engagement state: open, issued, with something left to pay. */
export const engagedInvoices = { status: "open", issuedAt: { not: null } } satisfies Prisma.InvoiceWhereInput;

interface Subject {
  id: string;
  customerId: string;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  issuedAt: Date | null;
  dueDate: Date;
}

export interface PaymentHistory {
  /** Paid invoices, and how many of them more than the threshold late. */
  paid: number;
  paidLate: number;
  averageDaysLate: number;
  /** Days from issue to payment, on average (null before the first paid invoice). */
  averageDaysToPay: number | null;
}

interface RecordSums {
  customerId: string;
  paid: number;
  daysToPay: number;
  paidLate: number;
  daysLate: number;
}

/** Averages rounded half up, as PostgreSQL's round() does for these non-negative numbers. */
const historyOf = (sums: RecordSums): PaymentHistory => ({
  paid: sums.paid,
  paidLate: sums.paidLate,
  averageDaysLate: sums.paidLate ? Math.round(sums.daysLate / sums.paidLate) : 0,
  averageDaysToPay: sums.paid ? Math.round(sums.daysToPay / sums.paid) : null,
});

/**
 * Each customer's record of paying: days from issue to paid, and days late, in the workspace's
 * timezone, over their paid invoices (voided and open ones say nothing about paying). `"all"`
 * reads every customer of the workspace who has paid. The database keeps each record as invoices
 * are paid (decision 175): one row per customer, whatever the number of their invoices. A record
 * counted under other settings than these (a change of them that raced a customer's first
 * payment) is added up from the customer's invoices instead.
 */
export async function paymentHistories(db: Db, workspaceId: string, customerIds: string[] | "all", timeZone: string, latePaidDays: number) {
  const everyone = customerIds === "all";
  const kept =
    everyone || customerIds.length ? await db.payingRecord.findMany({ where: { workspaceId, ...(everyone ? {} : { customerId: { in: customerIds } }) } }) : [];
  const current = (record: { timezone: string; latePaidDays: number }) => record.timezone === timeZone && record.latePaidDays === latePaidDays;
  const counted = kept.filter(current);
  const other = kept.filter((record) => !current(record)).map((record) => record.customerId);
  const recounted = other.length
    ? await db.$queryRaw<RecordSums[]>`SELECT * FROM "remit_paying_records"(${workspaceId}, ${timeZone}, ${latePaidDays}::int, ${other}::text[])`
    : [];
  const byCustomer = new Map([...counted, ...recounted].filter((sums) => sums.paid > 0).map((sums) => [sums.customerId, historyOf(sums)]));
  const histories = new Map<string, PaymentHistory>();
  for (const customerId of everyone ? byCustomer.keys() : customerIds) {
    histories.set(customerId, byCustomer.get(customerId) ?? { paid: 0, paidLate: 0, averageDaysLate: 0, averageDaysToPay: null });
  }
  return histories;
}

/** The activity the engagement rules look at. */
const factKinds = ["invoice_viewed", "email_sent", "reminder_sent", "payment_failed", "payment_started", "payment_succeeded"] satisfies ActivityKind[];

/**
 * The engagement of each of a workspace's open invoices given (their facts read in two grouped
 * queries, whatever their number). `histories`, when the caller has already read them, must hold
 * every customer of the invoices who has paid.
 */
export async function engagementOfInvoices(
  db: Db,
  workspace: { id: string; timezone: string } & Parameters<typeof rulesOf>[0],
  invoices: Subject[],
  now: Date,
  known?: Map<string, PaymentHistory>,
): Promise<Map<string, Engagement>> {
  const result = new Map<string, Engagement>();
  const open = invoices.filter((invoice) => invoice.status === "open" && invoice.issuedAt);
  if (!open.length) return result;
  const rules: EngagementRules = rulesOf(workspace);
  const ids = open.map((invoice) => invoice.id);
  const [activity, histories] = await Promise.all([
    // Each invoice's events from the index, invoice by invoice: as one filter over thousands of
    // ids PostgreSQL reads every event of every workspace instead (decision 175).
    db.$queryRaw<{ invoiceId: string; kind: string; count: number; first: Date; last: Date }[]>`
      SELECT i."id" AS "invoiceId", e."kind", e."count", e."first", e."last"
      FROM unnest(${ids}::text[]) AS i("id") CROSS JOIN LATERAL (
        SELECT "kind"::text AS "kind", count(*)::int AS "count", min("createdAt") AS "first", max("createdAt") AS "last"
        FROM "ActivityEvent"
        WHERE "invoiceId" = i."id" AND NOT "preview" AND "kind"::text = ANY(${factKinds}::text[])
        GROUP BY "kind"
      ) AS e`,
    known ?? paymentHistories(db, workspace.id, [...new Set(open.map((invoice) => invoice.customerId))], workspace.timezone, rules.latePaidDays),
  ]);
  const counted = new Map(activity.map((row) => [`${row.invoiceId} ${row.kind}`, row]));
  for (const invoice of open) {
    const of = (kind: string) => counted.get(`${invoice.id} ${kind}`);
    const failed = of("payment_failed")?.last ?? null;
    const laterTry = [of("payment_started")?.last, of("payment_succeeded")?.last].some((at) => at && failed && at.getTime() > failed.getTime());
    const history = histories.get(invoice.customerId);
    const facts: EngagementFacts = {
      sentAt: of("email_sent")?.first ?? invoice.issuedAt,
      views: of("invoice_viewed")?.count ?? 0,
      daysLate: daysOverdue(invoice, now, workspace.timezone),
      lastFailedAt: failed,
      retriedAfterFailure: laterTry,
      history: { paidLate: history?.paidLate ?? 0, averageDaysLate: history?.averageDaysLate ?? 0 },
    };
    result.set(invoice.id, engagementOf(facts, rules, now));
  }
  return result;
}

/** One invoice's engagement, or null when it has none (a draft, paid, void or written off). */
export async function invoiceEngagement(db: Db, workspaceId: string, invoiceId: string, now: Date): Promise<Engagement | null> {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, workspaceId },
    select: { id: true, customerId: true, status: true, issuedAt: true, dueDate: true, total: true, amountPaid: true, workspace: true },
  });
  if (!invoice || balanceDue(invoice) === 0) return null;
  return (await engagementOfInvoices(db, invoice.workspace, [invoice], now)).get(invoice.id) ?? null;
}

const sameKey = (a: { state: string; reasons: string[] }, b: { state: string; reasons: string[] }) =>
  a.state === b.state && a.reasons.length === b.reasons.length && a.reasons.every((reason, index) => reason === b.reasons[index]);

/**
 * Emits `invoice.engagement` when an open invoice's state or the rules that fire change (time
 * alone can make an invoice at risk), so Slack and Notion show it. The stored state is changed
 * with a conditional write in the same transaction as the event: with several instances running
 * this at once, each change is announced once. A newly issued invoice that is simply not opened
 * yet is recorded without an event.
 */
export async function detectEngagementChanges(db: Db, now: Date): Promise<number> {
  const workspaces = await db.workspace.findMany({ where: { invoices: { some: engagedInvoices } } });
  let emitted = 0;
  for (const workspace of workspaces) {
    const invoices = await db.invoice.findMany({
      where: { workspaceId: workspace.id, ...engagedInvoices },
      select: { id: true, customerId: true, status: true, issuedAt: true, dueDate: true, total: true, amountPaid: true, engagement: true },
    });
    const owing = invoices.filter((invoice) => balanceDue(invoice) > 0);
    const engagements = await engagementOfInvoices(db, workspace, owing, now);
    for (const invoice of owing) {
      const engagement = engagements.get(invoice.id);
      if (!engagement) continue;
      const next = engagementKey(engagement);
      const previous = invoice.engagement;
      if (previous && sameKey(previous, next)) continue;
      const data = { state: next.state, reasons: next.reasons, changedAt: now };
      const fired = await emitOnce(
        db,
        async (tx) => {
          if (previous) {
            const where = { invoiceId: invoice.id, state: previous.state, reasons: { equals: previous.reasons } };
            return (await tx.invoiceEngagement.updateMany({ where, data })).count > 0;
          }
          const { count } = await tx.invoiceEngagement.createMany({ data: [{ invoiceId: invoice.id, ...data }], skipDuplicates: true });
          // A first state is recorded quietly while the invoice is simply not opened yet.
          return count > 0 && next.state !== "not_opened";
        },
        {
          type: "invoice.engagement",
          workspaceId: workspace.id,
          aggregateId: invoice.id,
          payload: {
            invoiceId: invoice.id,
            state: next.state,
            reasons: next.reasons,
            previous: previous ? previous.state : null,
            previousReasons: previous?.reasons ?? [],
          },
        },
        now,
      );
      if (fired) emitted++;
    }
  }
  return emitted;
}

export const timelineKinds = [
  "issued",
  "emailed",
  "email_failed",
  "reminder_sent",
  "first_viewed",
  "viewed_again",
  "pdf_downloaded",
  "payment_started",
  "payment_failed",
  "partly_paid",
  "paid",
  "question",
  "answer",
  "voided",
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  /** A payment's amount (minor units of the invoice's currency). */
  amount?: number;
  /** Who answered a question (the team member's name). */
  by?: string | null;
}

/**
 * Where each kind of activity stands on an invoice's timeline: a view is its first or one again,
 * payments come from the payments themselves, and the portal's home and receipts are not the invoice's.
 */
const onTimeline: Record<ActivityKind, TimelineKind | null> = {
  portal_viewed: null,
  invoice_viewed: "first_viewed",
  pdf_downloaded: "pdf_downloaded",
  receipt_downloaded: null,
  payment_started: "payment_started",
  payment_succeeded: null,
  payment_failed: "payment_failed",
  email_sent: "emailed",
  reminder_sent: "reminder_sent",
  email_failed: "email_failed",
};

/**
 * One invoice's story, oldest first, from what Remit records: issued and voided (the invoice),
 * emails, views, downloads and payment attempts (its activity, never the vendor's previews),
 * payments received, and the client's questions with the team's answers.
 */
export async function invoiceTimeline(db: Db, workspaceId: string, invoiceId: string): Promise<TimelineEntry[]> {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, workspaceId },
    select: {
      issuedAt: true,
      voidedAt: true,
      total: true,
      activities: { where: { preview: false }, orderBy: { createdAt: "asc" }, select: { kind: true, createdAt: true } },
      payments: { where: { status: { in: ["succeeded", "refunded"] } }, orderBy: { sequence: "asc" }, select: { amount: true, paidAt: true, createdAt: true } },
      messages: { orderBy: { createdAt: "asc" }, select: { author: true, authorName: true, createdAt: true } },
    },
  });
  if (!invoice) return [];
  const entries: TimelineEntry[] = [];
  if (invoice.issuedAt) entries.push({ at: invoice.issuedAt, kind: "issued" });
  let views = 0;
  for (const activity of invoice.activities) {
    const kind = onTimeline[activity.kind];
    if (kind) entries.push({ at: activity.createdAt, kind: kind === "first_viewed" && views++ > 0 ? "viewed_again" : kind });
  }
  let paid = 0;
  for (const payment of invoice.payments) {
    paid += payment.amount;
    entries.push({ at: payment.paidAt ?? payment.createdAt, kind: paid >= invoice.total ? "paid" : "partly_paid", amount: payment.amount });
  }
  for (const message of invoice.messages) {
    entries.push(message.author === "client" ? { at: message.createdAt, kind: "question" } : { at: message.createdAt, kind: "answer", by: message.authorName });
  }
  if (invoice.voidedAt) entries.push({ at: invoice.voidedAt, kind: "voided" });
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
