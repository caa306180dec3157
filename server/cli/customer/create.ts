import { createCustomer } from "#app/billing/customers.server.ts";
import { multiline, required, text } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";

export const customerCreate = workspaceCommand({
  name: "customer create",
  summary: "Add a client to a workspace.",
  options: {
    name: required("NAME", "The client's name"),
    email: text("EMAIL", "Where invoices, reminders and receipts go"),
    address: text('"Street 1\\nCity"', "Postal address printed on invoices (\\n starts a new line)"),
    "tax-id": text("VAT", "The client's tax id, printed on invoices"),
    currency: text("EUR", "The client's currency (the workspace's when not given)"),
    locale: text("de-DE", "The client's language and formats"),
  },
  async run({ options, io, context: { db }, workspace }) {
    const customer = await createCustomer(db, workspace.id, {
      name: options.name,
      email: options.email,
      address: multiline(options.address),
      taxId: options["tax-id"],
      currency: options.currency,
      locale: options.locale,
    });
    io.out(`Created customer ${customer.id} "${customer.name}".`);
  },
});
