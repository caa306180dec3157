import { invoiceStatuses } from "#app/billing/invoice-status.ts";
import { listInvoices } from "#app/billing/invoices.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { oneOf } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";

export const invoiceList = command({
  name: "invoice list",
  summary: "List a workspace's invoices, newest first.",
  options: {
    workspace: { type: "string", value: "ID", description: "The workspace", required: true },
    status: { type: "string", value: invoiceStatuses.join("|"), description: "Only invoices in this status" },
  },
  async run({ options, io, app }) {
    const status = oneOf(options.status, "status", invoiceStatuses);
    const { db } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const invoices = await listInvoices(db, workspace.id, { status }, 1000);
    if (!invoices.length) io.out("No invoices.");
    for (const invoice of invoices) {
      io.out(
        [
          invoice.number,
          invoice.status.padEnd(13),
          formatMoney(invoice.total, invoice.currency, workspace.locale).padStart(14),
          `due ${invoice.dueDate.toISOString().slice(0, 10)}`,
          invoice.customer.name,
        ].join("  "),
      );
    }
  },
});
