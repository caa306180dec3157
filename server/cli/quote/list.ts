import { formatMoney } from "#app/billing/money.ts";
import { listQuotes, quoteStatus } from "#app/billing/quotes.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { oneOf } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";

const statuses = ["draft", "sent", "accepted", "declined", "expired", "withdrawn"] as const;

export const quoteList = command({
  name: "quote list",
  summary: "List a workspace's quotes, newest first (a sent quote past its validity reads expired).",
  options: {
    workspace: { type: "string", value: "ID", description: "The workspace", required: true },
    status: { type: "string", value: statuses.join("|"), description: "Only quotes stored in this status" },
  },
  async run({ options, io, app }) {
    const status = oneOf(options.status, "status", statuses);
    const { db, now } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const quotes = await listQuotes(db, workspace.id, { status }, 1000);
    if (!quotes.length) io.out("No quotes.");
    for (const quote of quotes) {
      io.out(
        [
          quote.number,
          quoteStatus(quote, now(), workspace.timezone).padEnd(9),
          formatMoney(quote.total, quote.currency, workspace.locale).padStart(14),
          `valid until ${quote.validUntil.toISOString().slice(0, 10)}`,
          quote.customer.name,
        ].join("  "),
      );
    }
  },
});
