import { evenParts } from "#app/billing/instalments.ts";
import { clearInstalments, splitInvoice, type PartInput } from "#app/billing/instalments.server.ts";
import { invoiceByIdOrNumber } from "#app/billing/invoices.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { parseCalendarDate } from "#app/platform/calendar.ts";
import { flag, repeated, text, UsageError } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";

export const invoiceSplit = workspaceCommand({
  name: "invoice split",
  summary: "Split an invoice into instalments (a deposit now, the rest later; or equal monthly parts).",
  args: ["INVOICE"],
  options: {
    part: repeated('"AMOUNT|YYYY-MM-DD"', "One part and its due date, in order; once per part. They must add up to the total"),
    equal: text("N", "N equal parts instead of --part, monthly from --first-due"),
    "first-due": text("YYYY-MM-DD", "With --equal: the first part's due date (the invoice's issue date when not given)"),
    clear: flag("Undo the split: one amount, due on the invoice's due date"),
  },
  notes:
    'Example: remit invoice split INV-0007 --workspace W --part "300.00|2026-12-01" --part "900.00|2027-01-15"\n         remit invoice split INV-0007 --workspace W --equal 3 --first-due 2026-12-01',
  async run({ options, args: [idOrNumber = ""], io, context: { db, now }, workspace: ws }) {
    const invoice = await invoiceByIdOrNumber(db, ws.id, idOrNumber);
    if (options.clear) {
      await clearInstalments(db, ws.id, invoice.id, now());
      io.out(`${invoice.number} is one amount again, due ${invoice.dueDate.toISOString().slice(0, 10)}.`);
      return;
    }
    let parts: PartInput[];
    if (options.equal !== undefined) {
      if (options.part.length) throw new UsageError("Give --part or --equal, not both.");
      if (!/^\d+$/.test(options.equal)) throw new UsageError("--equal is a whole number of parts.");
      const first = options["first-due"] === undefined ? invoice.issueDate : parseCalendarDate(options["first-due"]);
      if (!first) throw new UsageError("--first-due is a date written YYYY-MM-DD.");
      parts = evenParts(invoice.total, Number(options.equal), first);
    } else {
      if (!options.part.length) throw new UsageError('Give the parts: --part "300.00|2026-12-01" once per part, or --equal N.');
      parts = options.part.map((spec, index) => {
        const [amount = "", dueDate = ""] = spec.split("|").map((piece) => piece.trim());
        if (!amount || !dueDate) throw new UsageError(`--part ${index + 1} must look like "300.00|2026-12-01".`);
        return { amount, dueDate };
      });
    }
    const split = await splitInvoice(db, { workspaceId: ws.id, invoiceId: invoice.id, parts, locale: ws.locale }, now());
    io.out(`Split ${invoice.number} (${formatMoney(invoice.total, invoice.currency, ws.locale)}) into ${split.length} parts:`);
    for (const part of split)
      io.out(`  ${part.position}. ${formatMoney(part.amount, invoice.currency, ws.locale).padStart(14)}  due ${part.dueDate.toISOString().slice(0, 10)}`);
  },
});
