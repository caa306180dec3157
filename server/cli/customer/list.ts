import { searchCustomers } from "#app/billing/customers.server.ts";
import { workspaceCommand } from "../command.ts";
import { text } from "#app/platform/cli/command.ts";

export const customerList = workspaceCommand({
  name: "customer list",
  summary: "List a workspace's clients.",
  options: {
    search: text("TEXT", "Only clients whose name or email contains it"),
  },
  async run({ options, io, context: { db }, workspace }) {
    for (const customer of await searchCustomers(db, workspace.id, options.search, 1000)) {
      io.out(`${customer.id}  ${customer.name}${customer.email ? `  <${customer.email}>` : ""}`);
    }
  },
});
