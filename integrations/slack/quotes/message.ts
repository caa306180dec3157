import { day, escape, money } from "../format.ts";
import { actions } from "../ids.ts";
import { actionsBlock, button, context, section, type Block } from "../blocks/kit.ts";

/** A message's text (notifications) and blocks. */
export interface Message {
  text: string;
  blocks: Block[];
}

/** A quote as Slack shows it. */
export interface QuoteCard {
  id: string;
  number: string;
  status: string;
  currency: string;
  total: number;
  validUntil: Date;
  depositBps: number;
  customerName: string;
  locale: string;
  /** The client's link to the quote (where they accept or decline). */
  url: string | null;
}

const percent = (bps: number) => `${bps / 100}%`;

function summary(quote: QuoteCard): string {
  return `*${escape(quote.number)}* for *${escape(quote.customerName)}* · ${money(quote.total, quote.currency, quote.locale)}`;
}

/** The message a new quote gets: what it is, until when, its client link, and Withdraw. */
export function quoteMessage(quote: QuoteCard): Message {
  const sent = `Sent · valid until ${day(quote.validUntil, quote.locale)}${quote.depositBps ? ` · ${percent(quote.depositBps)} deposit on acceptance` : ""}`;
  const state =
    {
      draft: "Draft: not sent to the client yet.",
      withdrawn: "Withdrawn: its link tells the client it can no longer be accepted.",
      accepted: "Accepted by the client.",
      declined: "Declined by the client.",
      expired: `Expired without an answer: it was valid until ${day(quote.validUntil, quote.locale)}.`,
    }[quote.status] ?? sent;
  const blocks: Block[] = [section(`:memo: Quote ${summary(quote)}\n${state}`)];
  if (quote.url) blocks.push(section(`Client link (they accept or decline there):\n${quote.url}`));
  if (quote.status === "draft" || quote.status === "sent") {
    blocks.push(actionsBlock([button("Withdraw quote", { actionId: actions.quoteWithdraw, value: quote.id, style: "danger" })]));
  }
  return { text: `Quote ${quote.number} for ${quote.customerName}`, blocks };
}

export type QuoteAlert =
  | { kind: "accepted"; by: string; invoice: { id: string; number: string; status: string; part: string | null } | null; restInvoiced: boolean }
  | { kind: "declined"; reason: string | null }
  | { kind: "expiring"; validUntil: Date }
  | { kind: "expired" };

/** The alert channel's message about a client's answer to a quote, or its validity running out. */
export function quoteAlertMessage(quote: QuoteCard, alert: QuoteAlert): Message {
  const what = summary(quote);
  switch (alert.kind) {
    case "accepted": {
      const invoice = alert.invoice;
      const made = !invoice
        ? "No invoice was made (your follow-up setting is nothing)."
        : invoice.status === "draft"
          ? `Draft invoice *${escape(invoice.number)}* is ready to check and issue.`
          : invoice.part === "deposit"
            ? `Deposit invoice *${escape(invoice.number)}* (${percent(quote.depositBps)}) was issued and sent.`
            : `Invoice *${escape(invoice.number)}* was issued and sent.`;
      const blocks: Block[] = [section(`:white_check_mark: ${escape(alert.by)} accepted quote ${what}.\n${made}`)];
      if (invoice?.part === "deposit" && !alert.restInvoiced) {
        blocks.push(
          actionsBlock([
            button(`Invoice the rest (${percent(10_000 - quote.depositBps)})`, { actionId: actions.quoteInvoiceRest, value: quote.id, style: "primary" }),
          ]),
        );
      }
      return { text: `${alert.by} accepted quote ${quote.number} for ${quote.customerName}`, blocks };
    }
    case "declined": {
      const reason = alert.reason ? `\n> ${escape(alert.reason).replace(/\n/g, "\n> ")}` : "\nNo reason given.";
      return {
        text: `${quote.customerName} declined quote ${quote.number}${alert.reason ? `: ${alert.reason}` : ""}`,
        blocks: [section(`:x: ${escape(quote.customerName)} declined quote ${what}.${reason}`)],
      };
    }
    case "expiring":
      return {
        text: `Quote ${quote.number} for ${quote.customerName} expires on ${day(alert.validUntil, quote.locale)}`,
        blocks: [
          section(`:hourglass_flowing_sand: Quote ${what} is still unanswered and expires on *${day(alert.validUntil, quote.locale)}*.`),
          ...(quote.url ? [context(`Nudge the client with its link: ${quote.url}`)] : []),
        ],
      };
    case "expired":
      return {
        text: `Quote ${quote.number} for ${quote.customerName} expired without an answer`,
        blocks: [section(`:calendar: Quote ${what} expired without an answer.`)],
      };
  }
}
