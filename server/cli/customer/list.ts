import { searchCustomers } from "#app/billing/customers.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { command } from "../command.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

export const customerList = command({
  name: "customer list",
  summary: "List a workspace's clients.",
  options: {
    ...workspaceOption,
    search: { type: "string", value: "TEXT", description: "Only clients whose name or email contains it" },
  },
  async run({ options, io, app }) {
    const { db } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    for (const customer of await searchCustomers(db, workspace.id, options.search, 1000)) {
      io.out(`${customer.id}  ${customer.name}${customer.email ? `  <${customer.email}>` : ""}`);
    }
  },
});
