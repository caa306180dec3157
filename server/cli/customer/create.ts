import { createCustomer } from "#app/billing/customers.server.ts";
import { multiline } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";

export const customerCreate = workspaceCommand({
  name: "customer create",
  summary: "Add a client to a workspace.",
  options: {
    name: { type: "string", value: "NAME", description: "The client's name", required: true },
    email: { type: "string", value: "EMAIL", description: "Where invoices, reminders and receipts go" },
    address: { type: "string", value: '"Street 1\\nCity"', description: "Postal address printed on invoices (\\n starts a new line)" },
    "tax-id": { type: "string", value: "VAT", description: "The client's tax id, printed on invoices" },
    currency: { type: "string", value: "EUR", description: "The client's currency (the workspace's when not given)" },
    locale: { type: "string", value: "de-DE", description: "The client's language and formats" },
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
