import type { DeliveredEvent } from "#app/ports/events.ts";
import { NotFoundError } from "#app/billing/errors.ts";
import { getQuote } from "#app/billing/quotes.server.ts";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import type { Remit } from "../remit.ts";
import { clientQuoteLink } from "../links.ts";
import { quoteAlertMessage, quoteMessage, type Message, type QuoteAlert, type QuoteCard } from "./message.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { webApi } from "@slack/bolt";
import { cannotPostIn } from "../errors.ts";

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

type LoadedQuote = Awaited<ReturnType<typeof loadQuoteCard>>["quote"];

/** "Accepted" as the alert shows it now: the invoice acceptance made, and whether the rest is invoiced yet. */
function acceptedAlert(quote: LoadedQuote, invoiceId: string | null): QuoteAlert {
  // Acceptance makes the first invoice; a redraw without the event's id finds it by its part.
  const invoice = quote.invoices.find((candidate) => (invoiceId ? candidate.id === invoiceId : candidate.quotePart !== "rest")) ?? null;
  return {
    kind: "accepted",
    by: quote.acceptedName ?? quote.customer.name,
    invoice: invoice ? { id: invoice.id, number: invoice.number, status: invoice.status, part: invoice.quotePart } : null,
    restInvoiced: quote.invoices.some((candidate) => candidate.quotePart === "rest"),
  };
}

/** Where a pressed button's message is, to redraw it. */
interface PressedMessage {
  workspaceId: string;
  quoteId: string;
  channel: string | null;
  ts: string | null;
}

/**
 * Redraws a quote's message where one of its buttons was pressed, from the quote as it is now
 * (`draw` picks which message: the quote's own, or its acceptance alert). A message Slack no
 * longer lets the bot update (deleted, archived) is left as it is: the domain still refuses a
 * second press in words.
 */
async function redraw(client: webApi.WebClient, remit: Remit, where: PressedMessage, draw: (quote: LoadedQuote, card: QuoteCard) => Message | null) {
  if (!where.channel || !where.ts) return;
  const { locale } = await getWorkspace(remit.db, where.workspaceId);
  const { quote, card } = await loadQuoteCard(remit, where.workspaceId, where.quoteId, locale);
  const message = draw(quote, card);
  if (!message) return;
  try {
    await client.chat.update({ channel: where.channel, ts: where.ts, ...message });
  } catch (error) {
    if (!cannotPostIn(error)) throw error;
  }
}

/** The accepted quote's alert, without "Invoice the rest" once the rest is invoiced. */
export const redrawAcceptedAlert = (client: webApi.WebClient, remit: Remit, where: PressedMessage) =>
  redraw(client, remit, where, (quote, card) => (quote.status === "accepted" ? quoteAlertMessage(card, acceptedAlert(quote, null)) : null));

/** The quote's own message, without "Withdraw quote" once it is withdrawn (or answered). */
export const redrawQuoteMessage = (client: webApi.WebClient, remit: Remit, where: PressedMessage) =>
  redraw(client, remit, where, (_quote, card) => quoteMessage(card));

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
    case "quote.accepted":
      return { card, alert: acceptedAlert(quote, (event.payload as { invoiceId: string | null }).invoiceId) };
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
