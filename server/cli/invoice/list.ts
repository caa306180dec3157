import { invoiceStatuses } from "#app/billing/invoice-status.ts";
import { listInvoices } from "#app/billing/invoices.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { listCommand } from "../command.ts";

export const invoiceList = listCommand({
  name: "invoice list",
  summary: "List a workspace's invoices, newest first.",
  statuses: invoiceStatuses,
  statusHelp: "Only invoices in this status",
  none: "No invoices.",
  list: (db, workspaceId, status) => listInvoices(db, workspaceId, { status }, 1000),
  line: (invoice, workspace) =>
    [
      invoice.number,
      invoice.status.padEnd(13),
      formatMoney(invoice.total, invoice.currency, workspace.locale).padStart(14),
      `due ${invoice.dueDate.toISOString().slice(0, 10)}`,
      invoice.customer.name,
    ].join("  "),
});
