import { formatMoney } from "#app/billing/money.ts";
import { listQuotes, quoteStatus } from "#app/billing/quotes.server.ts";
import { listCommand } from "../command.ts";

const statuses = ["draft", "sent", "accepted", "declined", "expired", "withdrawn"] as const;

export const quoteList = listCommand({
  name: "quote list",
  summary: "List a workspace's quotes, newest first (a sent quote past its validity reads expired).",
  statuses,
  statusHelp: "Only quotes stored in this status",
  none: "No quotes.",
  list: (db, workspaceId, status) => listQuotes(db, workspaceId, { status }, 1000),
  line: (quote, workspace, now) =>
    [
      quote.number,
      quoteStatus(quote, now, workspace.timezone).padEnd(9),
      formatMoney(quote.total, quote.currency, workspace.locale).padStart(14),
      `valid until ${quote.validUntil.toISOString().slice(0, 10)}`,
      quote.customer.name,
    ].join("  "),
});
