import type { CollectionsReport } from "#app/billing/aging.server.ts";
import { agingBucketLabels, agingBuckets, type AgingRow } from "#app/billing/aging.ts";
import { engagementText, reasonText, stateLabels, type Engagement, type RiskReason } from "#app/billing/engagement.ts";
import type { TimelineEntry } from "#app/billing/engagement.server.ts";
import { day, escape, money, plural } from "../format.ts";
import { actionsBlock, button, context, fields, section, type Block } from "../blocks/kit.ts";
import { actions } from "../ids.ts";

const stateEmoji = { engaged: ":large_green_circle:", not_opened: ":white_circle:", at_risk: ":warning:" } as const;

/** The invoice message's engagement line: state, reasons, views. */
export function engagementLine(engagement: Engagement, views: { count: number; lastAt: Date | null }, locale: string): string {
  const seen = views.lastAt ? ` · viewed ${plural(views.count, "time")}, last on ${day(views.lastAt, locale)}` : "";
  return `${stateEmoji[engagement.state]} ${escape(engagementText(engagement))}${seen}`;
}

/** A moment of the invoice's timeline in words, with its day and time in the workspace's timezone. */
export function timelineText(entry: TimelineEntry, currency: string, locale: string, timeZone: string): string {
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(entry.at);
  const amount = entry.amount === undefined ? "" : money(entry.amount, currency, locale);
  const words: Record<TimelineEntry["kind"], string> = {
    issued: "Issued",
    emailed: "Emailed to the client",
    email_failed: ":x: Email refused by the client's mail server",
    reminder_sent: "Reminder emailed",
    first_viewed: ":eyes: First viewed by the client",
    viewed_again: "Viewed again",
    pdf_downloaded: "PDF downloaded",
    payment_started: "Payment started",
    payment_failed: ":x: Payment failed",
    partly_paid: `Partly paid: ${amount}`,
    paid: `:white_check_mark: Paid${amount ? `: ${amount}` : ""}`,
    question: ":speech_balloon: The client asked a question",
    answer: `Answered${entry.by ? ` by ${escape(entry.by)}` : ""}`,
    voided: "Voided",
  };
  return `${when} · ${words[entry.kind]}`;
}

/** The alert when an invoice turns at risk (or another rule starts to fire). */
export function atRiskAlert(
  invoice: { id: string; number: string; customerName: string; balance: number; currency: string; dueDate: Date },
  reasons: RiskReason[],
  locale: string,
) {
  const customer = escape(invoice.customerName);
  const why = reasons.map((reason) => `• ${escape(reasonText(reason))}`).join("\n");
  const owed = `${money(invoice.balance, invoice.currency, locale)} due ${day(invoice.dueDate, locale)}`;
  return {
    text: `Invoice ${invoice.number} for ${customer} is at risk (${owed}).`,
    blocks: [section(`:warning: Invoice *${invoice.number}* for *${customer}* is at risk (${owed}):\n${why}`), ...atRiskButtons(invoice.id, true)] as Block[],
  };
}

/** Send reminder, new link, mark paid: the invoice message's own handlers. */
export function atRiskButtons(invoiceId: string, canEmail: boolean, blockId?: string): Block[] {
  return [
    actionsBlock(
      [
        ...(canEmail
          ? [
              button("Send reminder", {
                actionId: actions.remindClient,
                value: invoiceId,
                confirm: {
                  title: "Send a reminder now?",
                  text: "The client gets a reminder of what is left to pay now, besides the scheduled ones.",
                  confirm: "Send reminder",
                },
              }),
            ]
          : []),
        button("New link", {
          actionId: actions.newLink,
          value: invoiceId,
          confirm: { title: "Replace the client's links?", text: "Every link already sent to the client stops working.", confirm: "Issue new link" },
        }),
        button("Mark as paid", { actionId: actions.markPaid, value: invoiceId, style: "primary" }),
      ],
      blockId,
    ),
  ];
}

/** One currency's receivables by age as section fields. */
export function agingFields(row: AgingRow, locale: string): Block {
  return fields(
    ...agingBuckets.map((bucket) => `*${agingBucketLabels[bucket]}*\n${money(row.buckets[bucket], row.currency, locale)}`),
    `*Total ${row.currency}*\n${money(row.total, row.currency, locale)}`,
  );
}

/** How many at-risk invoices the digest lists by name. */
const digestAtRisk = 10;

/** The weekly collections digest for the alert channel: what came in, what is due this week, what is at risk. */
export function digestMessage(report: CollectionsReport, weekOf: string): { text: string; blocks: Block[] } {
  const { locale } = report.workspace;
  const received = report.received.length
    ? report.received.map((row) => `${money(row.amount, row.currency, locale)} (${plural(row.payments, "payment")})`).join("\n")
    : "Nothing this week";
  const dueTotals = new Map<string, number>();
  for (const invoice of report.dueThisWeek) dueTotals.set(invoice.currency, (dueTotals.get(invoice.currency) ?? 0) + invoice.balance);
  const due = report.dueThisWeek.length
    ? [...dueTotals].map(([currency, amount]) => money(amount, currency, locale)).join("\n") + `\n${plural(report.dueThisWeek.length, "invoice")}`
    : "Nothing due";
  const risky = report.atRisk
    .slice(0, digestAtRisk)
    .map(
      (invoice) =>
        `• *${invoice.number}* · ${escape(invoice.customerName)} · ${money(invoice.balance, invoice.currency, locale)}: ${escape(invoice.reasons.map(reasonText).join("; "))}`,
    );
  const more = report.atRisk.length > digestAtRisk ? [`…and ${report.atRisk.length - digestAtRisk} more: see the Remit Home tab.`] : [];
  const overdue = report.aging.flatMap((row) => {
    const late = row.total - row.buckets.current;
    return late > 0 ? [money(late, row.currency, locale)] : [];
  });
  const week = day(new Date(`${weekOf}T00:00:00.000Z`), locale);
  return {
    text: `Collections this week: ${report.atRisk.length} at risk, ${report.dueThisWeek.length} due.`,
    blocks: [
      section(`:bar_chart: *Collections digest*, week of ${week}`),
      fields(
        `*Came in (last 7 days)*\n${received}`,
        `*Due this week*\n${due}`,
        `*Overdue*\n${overdue.join("\n") || "Nothing"}`,
        `*At risk*\n${plural(report.atRisk.length, "invoice")}`,
      ),
      ...(risky.length ? [section(`*At risk*\n${[...risky, ...more].join("\n")}`)] : [context("No invoice is at risk. :tada:")]),
    ],
  };
}

export { stateLabels };
