import { formatMoney } from "#app/billing/money.ts";
import { invoiceQuoteRest } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { quoteCommand } from "./shared.ts";

export const quoteInvoiceRest = quoteCommand({
  name: "quote invoice-rest",
  summary: "Invoice the rest of an accepted quote after its deposit invoice (issued and emailed), once.",
  quote: "The accepted quote",
  async run({ io, context: { db, now }, workspace, quote }) {
    const invoice = await invoiceQuoteRest(db, workspace.id, quote.id, now(), quotePartLabel, "cli");
    io.out(`Issued invoice ${invoice.number} for the rest of quote ${quote.number}: ${formatMoney(invoice.total, invoice.currency, workspace.locale)}.`);
  },
});
