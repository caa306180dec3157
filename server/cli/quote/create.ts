import { createQuote } from "#app/billing/quotes.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { workspaceCommand } from "../command.ts";
import { invoiceFromOptions, invoiceOptions, percentOption } from "../invoice/create.ts";
import { flag, text } from "#app/platform/cli/command.ts";

const { "due-date": _due, draft: _draft, file: _file, ...contentOptions } = invoiceOptions;

export const quoteCreate = workspaceCommand({
  name: "quote create",
  summary: "Create a quote (sent to the client unless --draft): lines, taxes and discounts as for an invoice.",
  options: {
    ...contentOptions,
    "valid-until": text("YYYY-MM-DD", "The last day the client can accept it (the workspace's quote validity when not given)"),
    deposit: text("PERCENT", "Invoice this share first when the client accepts, such as 30; the rest later"),
    draft: flag("Keep it a draft instead of sending it"),
    "no-email": flag("Do not email it to the client (send them its link yourself)"),
  },
  notes: "Prices are read in the quote's currency and the workspace's locale, as for invoice create. `remit link` gives the client's portal link.",
  async run({ options, io, context: { db, now }, workspace }) {
    const {
      dueDate,
      issue: _issue,
      emailClient: _email,
      ...content
    } = invoiceFromOptions({ ...options, "due-date": options["valid-until"], draft: false, file: undefined });
    const quote = await createQuote(
      db,
      workspace.id,
      {
        ...content,
        validUntil: dueDate,
        depositBps: options.deposit === undefined ? undefined : percentOption("--deposit", options.deposit),
        send: !options.draft,
        emailClient: !options["no-email"],
      },
      now(),
      { actor: "cli" },
    );
    io.out(
      `Created ${quote.status} quote ${quote.number} (${quote.id}) for ${formatMoney(quote.total, quote.currency, workspace.locale)}, valid until ${quote.validUntil.toISOString().slice(0, 10)}.`,
    );
  },
});
