import { invoiceByIdOrNumber } from "#app/billing/invoices.server.ts";
import { frequencies } from "#app/billing/schedule-dates.ts";
import { createSchedule, getSchedule, scheduleFromInvoice } from "#app/billing/schedules.server.ts";
import { oneOf, required, text, UsageError } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";
import { invoiceFromOptions, invoiceOptions } from "../invoice/create.ts";
import { describeSchedule } from "./shared.ts";

const { customer, line, currency, tax, discount, notes, footer, po, template } = invoiceOptions;

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} is a whole number.`);
  return Number(value);
}

export const recurringCreate = workspaceCommand({
  name: "recurring create",
  summary: "Create a recurring invoice: a template (from an invoice, or --line) issued on a schedule.",
  options: {
    from: text("INVOICE", "Repeat this invoice's lines, tax and notes for its client (id or number)"),
    customer,
    line,
    currency,
    tax,
    discount,
    notes,
    footer,
    po,
    template,
    name: text("TEXT", 'What the vendor and client call it ("Monthly retainer")'),
    frequency: required(frequencies.join("|"), "How often"),
    day: text("1-31", "Day of the month (monthly, quarterly, yearly); a shorter month takes its last day"),
    start: text("YYYY-MM-DD", "The first invoice on this day or the first fitting day after it (today when not given)"),
    "end-after": text("N", "Stop after N invoices"),
    "end-date": text("YYYY-MM-DD", "Issue no invoice after this day"),
  },
  notes:
    'Example: remit recurring create --workspace W --from INV-0007 --frequency monthly --day 1 --end-after 12\n          remit recurring create --workspace W --customer C --line "Retainer|1|1500.00" --frequency quarterly',
  async run({ options, io, context: { db, now }, workspace: ws }) {
    const recurrence = {
      name: options.name ?? null,
      frequency: oneOf(options.frequency, "frequency", frequencies) ?? "monthly",
      dayOfMonth: whole("day", options.day) ?? null,
      startDate: options.start,
      endAfter: whole("end-after", options["end-after"]) ?? null,
      endDate: options["end-date"] ?? null,
    };
    let created;
    if (options.from) {
      if (options.line.length) throw new UsageError("Give --from or --line, not both.");
      const invoice = await invoiceByIdOrNumber(db, ws.id, options.from);
      created = await scheduleFromInvoice(db, ws.id, invoice.id, recurrence, now(), "cli");
    } else {
      const {
        customerId,
        lines,
        currency: code,
        taxRateBps,
        discountBps,
        notes: text,
        footer: foot,
        poNumber,
        template: look,
      } = invoiceFromOptions({ ...options, "issue-date": undefined, "due-date": undefined, "supply-date": undefined, file: undefined, draft: false });
      created = await createSchedule(
        db,
        ws.id,
        { ...recurrence, customerId, invoice: { lines, currency: code, taxRateBps, discountBps, notes: text, footer: foot, poNumber, template: look } },
        now(),
        "cli",
      );
    }
    io.out(`Created ${describeSchedule(await getSchedule(db, ws.id, created.id), ws.locale)}`);
  },
});
