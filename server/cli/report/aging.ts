import { writeFileSync } from "node:fs";
import { agingCsv, collectionsReport } from "#app/billing/aging.server.ts";
import { agingBucketLabels, agingBuckets } from "#app/billing/aging.ts";
import { reasonText } from "#app/billing/engagement.ts";
import { formatMoney } from "#app/billing/money.ts";
import { formatCalendarDate } from "#app/platform/calendar.ts";
import { command } from "../command.ts";
import { text, workspaceOption } from "#app/platform/cli/command.ts";

export const reportAging = command({
  name: "report aging",
  summary: "Receivables by age per currency, the invoices at risk and why, and how each customer pays.",
  options: {
    ...workspaceOption,
    csv: text("FILE", "Also write one row per open invoice to FILE, as CSV for an accountant"),
  },
  notes: [
    "Ages are days past the due date in the workspace's timezone: current (not yet due), 1–30, 31–60, 61–90, 90+.",
    "The CSV has amounts in major units with a dot (1234.50), one currency per row, never added across currencies.",
  ].join("\n"),
  async run({ options, io, app }) {
    const { db, now } = await app();
    const report = await collectionsReport(db, options.workspace, now());
    const { workspace } = report;
    const money = (amount: number, currency: string) => formatMoney(amount, currency, workspace.locale);
    io.out(`Receivables of ${workspace.name} on ${formatCalendarDate(report.today)} (${workspace.timezone})`);
    if (!report.aging.length) io.out("Nothing is owed.");
    for (const row of report.aging) {
      io.out("");
      io.out(row.currency);
      for (const bucket of agingBuckets) io.out(`  ${agingBucketLabels[bucket].padEnd(12)}${money(row.buckets[bucket], row.currency).padStart(18)}`);
      io.out(`  ${"Total".padEnd(12)}${money(row.total, row.currency).padStart(18)}`);
    }
    io.out("");
    io.out(`At risk: ${report.atRisk.length}`);
    for (const invoice of report.atRisk) {
      io.out(`  ${invoice.number}  ${invoice.customerName}  ${money(invoice.balance, invoice.currency)}: ${invoice.reasons.map(reasonText).join("; ")}`);
    }
    if (report.customers.length) {
      io.out("");
      io.out("Average days to pay");
      for (const customer of report.customers) {
        io.out(
          `  ${customer.name}: ${customer.averageDaysToPay} days over ${customer.paid} paid invoice(s)${customer.paidLate ? `, ${customer.paidLate} late` : ""}`,
        );
      }
    }
    if (options.csv) {
      writeFileSync(options.csv, agingCsv(report));
      io.out("");
      io.out(`Wrote ${report.invoices.length} open invoice(s) to ${options.csv}.`);
    }
  },
});
