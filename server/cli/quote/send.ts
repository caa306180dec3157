import { sendQuote } from "#app/billing/quotes.server.ts";
import { quoteCommand } from "./shared.ts";
import { flag } from "#app/platform/cli/command.ts";

export const quoteSend = quoteCommand({
  name: "quote send",
  summary: "Send a draft quote: the client is emailed its link and can accept or decline it.",
  quote: "The quote",
  options: {
    "no-email": flag("Do not email it (send the link yourself)"),
  },
  async run({ options, io, context: { db, now }, workspace, quote }) {
    await sendQuote(db, workspace.id, quote.id, now(), { emailClient: !options["no-email"] });
    io.out(`Sent quote ${quote.number} to ${quote.customer.name}.`);
  },
});
