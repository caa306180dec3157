import { formatMoney } from "#app/billing/money.ts";
import { invoiceQuoteRest, quoteByNumber } from "#app/billing/quotes.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { command } from "../command.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const quoteInvoiceRest = command({
  name: "quote invoice-rest",
  summary: "Invoice the rest of an accepted quote after its deposit invoice (issued and emailed), once.",
  options: {
    ...workspaceOption,
    number: { type: "string", value: "Q-0001", description: "The accepted quote", required: true },
  },
  async run({ options, io, app }) {
    const { db, now } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const quote = await quoteByNumber(db, workspace.id, options.number);
    const invoice = await invoiceQuoteRest(db, workspace.id, quote.id, now(), quotePartLabel, "cli");
    io.out(`Issued invoice ${invoice.number} for the rest of quote ${quote.number}: ${formatMoney(invoice.total, invoice.currency, workspace.locale)}.`);
  },
});
