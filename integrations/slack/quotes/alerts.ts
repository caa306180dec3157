import type { DeliveredEvent } from "#app/ports/events.ts";
import { NotFoundError } from "#app/billing/errors.ts";
import { getQuote } from "#app/billing/quotes.server.ts";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import type { Remit } from "../remit.ts";
import { clientQuoteLink } from "../links.ts";
import type { QuoteAlert, QuoteCard } from "./message.ts";

/** The quote a Slack message shows, with the client's link while they can still answer. */
export async function loadQuoteCard(remit: Remit, workspaceId: string, quoteId: string, locale: string) {
  const quote = await getQuote(remit.db, workspaceId, quoteId);
  const url = quote.status === "sent" ? (await clientQuoteLink(remit, quote)).url : null;
  const card: QuoteCard = {
    id: quote.id,
    number: quote.number,
    status: quote.status,
    currency: quote.currency,
    total: quote.total,
    validUntil: quote.validUntil,
    depositBps: quote.depositBps,
    customerName: quote.customer.name,
    locale,
    url,
  };
  return { quote, card };
}

/** What a quote event tells the vendor's alert channel, or null (the quote is gone, or the event says nothing new). */
export async function quoteAlertFor(remit: Remit, event: DeliveredEvent, locale: string): Promise<{ card: QuoteCard; alert: QuoteAlert } | null> {
  const quoteId = (event.payload as { quoteId?: unknown }).quoteId;
  if (typeof quoteId !== "string") return null;
  let loaded;
  try {
    loaded = await loadQuoteCard(remit, event.workspaceId, quoteId, locale);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  const { quote, card } = loaded;
  switch (event.type) {
    case "quote.accepted": {
      const { invoiceId } = event.payload as { invoiceId: string | null };
      const invoice = quote.invoices.find((candidate) => candidate.id === invoiceId) ?? null;
      return {
        card,
        alert: {
          kind: "accepted",
          by: quote.acceptedName ?? quote.customer.name,
          invoice: invoice ? { id: invoice.id, number: invoice.number, status: invoice.status, part: invoice.quotePart } : null,
          restInvoiced: quote.invoices.some((candidate) => candidate.quotePart === "rest"),
        },
      };
    }
    case "quote.declined":
      return { card, alert: { kind: "declined", reason: (event.payload as { reason: string | null }).reason } };
    case "quote.expiring":
      // Answered or withdrawn since the job raised it: nothing to nudge.
      if (quote.status !== "sent") return null;
      return { card, alert: { kind: "expiring", validUntil: parseCalendarDate((event.payload as { validUntil: string }).validUntil) ?? quote.validUntil } };
    case "quote.expired":
      return { card, alert: { kind: "expired" } };
    default:
      return null;
  }
}
