import { quoteFollowUps } from "#app/billing/quote-input.ts";
import { updateQuoteSettings } from "#app/billing/quotes.server.ts";
import { multiline, oneOf, text, wholeNumber, workspaceOption } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";

export const quoteSettings = command({
  name: "quote settings",
  summary: 'A workspace\'s quotes: number prefix, default validity, the terms a client ticks to accept ("" for none), and what acceptance does.',
  options: {
    ...workspaceOption,
    prefix: text("PREFIX", "Quote number prefix (Q- by default)"),
    validity: text("DAYS", "Days a new quote is valid when no date is given (30 by default)"),
    terms: text("TEXT", 'Terms the client ticks before accepting (\\n starts a new line; "" for none)'),
    "follow-up": text(quoteFollowUps.join("|"), "On acceptance: make the invoice and send it (invoice), make a draft invoice (draft), or nothing (none)"),
  },
  async run({ options, io, app }) {
    const { db } = await app();
    const workspace = await updateQuoteSettings(db, options.workspace, {
      quotePrefix: options.prefix,
      quoteValidityDays: wholeNumber(options.validity, "validity"),
      quoteTerms: multiline(options.terms),
      quoteFollowUp: oneOf(options["follow-up"], "follow-up", quoteFollowUps),
    });
    const followUp =
      { invoice: "makes the invoice and sends it", draft: "makes a draft invoice", none: "makes nothing" }[workspace.quoteFollowUp] ?? workspace.quoteFollowUp;
    io.out(
      `Quotes of "${workspace.name}": numbered ${workspace.quotePrefix}0001…, valid ${workspace.quoteValidityDays} days, ${workspace.quoteTerms ? "with terms to tick" : "no terms to tick"}; acceptance ${followUp}.`,
    );
  },
});
