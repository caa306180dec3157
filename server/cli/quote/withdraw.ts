import { withdrawQuote } from "#app/billing/quotes.server.ts";
import { quoteCommand } from "./shared.ts";

export const quoteWithdraw = quoteCommand({
  name: "quote withdraw",
  summary: "Withdraw a draft or sent quote: the client can no longer accept it.",
  quote: "The quote",
  async run({ io, context: { db, now }, workspace, quote }) {
    await withdrawQuote(db, workspace.id, quote.id, now());
    io.out(`Withdrew quote ${quote.number}.`);
  },
});
