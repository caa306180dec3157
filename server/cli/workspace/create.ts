import { oneOf, required, text, wholeNumber } from "#app/platform/cli/command.ts";
import { createWorkspace } from "#app/billing/workspaces.server.ts";
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { command } from "../command.ts";

export const workspaceCreate = command({
  name: "workspace create",
  summary: "Create a workspace: one vendor business, with its own customers, invoices and numbering.",
  options: {
    name: required("NAME", "The business's name, as clients see it"),
    currency: text("USD", "Default currency (ISO 4217)"),
    timezone: text("Europe/Paris", "Its time zone (IANA): due dates and overdue days follow it"),
    locale: text("fr-FR", "How amounts and dates are written and read"),
    prefix: text("INV-", "Invoice number prefix"),
    terms: text("DAYS", "Payment terms: days from issue to due"),
    template: text("NAME", "Default PDF template"),
  },
  async run({ options, io, app }) {
    const { db } = await app();
    const workspace = await createWorkspace(db, {
      name: options.name,
      defaultCurrency: options.currency,
      timezone: options.timezone,
      locale: options.locale,
      invoicePrefix: options.prefix,
      paymentTermsDays: wholeNumber(options.terms, "terms"),
      defaultTemplate: oneOf(options.template, "template", invoiceTemplates),
    });
    io.out(`Created workspace ${workspace.id} "${workspace.name}".`);
  },
});
