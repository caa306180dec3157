import { readFile } from "node:fs/promises";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { createInvoice } from "#app/billing/invoices.server.ts";
import { formatMoney } from "#app/billing/money.ts";
import { flag, multiline, oneOf, type OptionSpecs, type OptionValues, repeated, text, UsageError } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";

/** The options that say what an invoice holds (beside --workspace), shared with quote create and recurring create. */
export const invoiceOptions = {
  customer: text("ID", "The client (with --line)"),
  line: repeated(
    '"Product|quantity|unit price[|description][|tax=PERCENT][|discount=PERCENT]"',
    "One line of the invoice, with its own tax rate and discount if given; once per line",
  ),
  file: text("invoice.json", "The whole invoice as JSON (fields as in docs/cli.md, amounts in minor units), instead of --line"),
  currency: text("C", "The invoice's currency (the client's, else the workspace's, when not given)"),
  "issue-date": text("YYYY-MM-DD", "Issue date (today in the workspace's time zone when not given)"),
  "due-date": text("YYYY-MM-DD", "Due date (the workspace's payment terms when not given)"),
  "supply-date": text("YYYY-MM-DD", "When the goods or services were supplied, if not on the issue date"),
  tax: text("PERCENT", "Tax rate of every line that names none, such as 20 or 8.25"),
  discount: text("PERCENT", "A discount on the whole invoice, taken before tax"),
  notes: text("TEXT", "Notes printed on the invoice"),
  footer: text("TEXT", "Printed at the foot of the invoice (legal wording, terms); \\n is a line break"),
  po: text("REFERENCE", "The client's purchase order reference"),
  template: text("NAME", `PDF template: ${invoiceTemplates.join(", ")}`),
  draft: flag("Keep it a draft instead of issuing it"),
} as const satisfies OptionSpecs;

export const invoiceCreate = workspaceCommand({
  name: "invoice create",
  summary: "Create an invoice (issued unless --draft), from options or from a JSON file.",
  options: invoiceOptions,
  notes: "Prices are read in the invoice's currency and the workspace's locale: 1200.00, or 1.200,00 in de-DE.",
  async run({ options, io, context: { db, now }, workspace }) {
    const input = options.file ? await invoiceFromFile(options.file) : invoiceFromOptions(options);
    const invoice = await createInvoice(db, workspace.id, input, now(), { actor: "cli" });
    io.out(
      `Created ${invoice.status} invoice ${invoice.number} (${invoice.id}) for ${formatMoney(invoice.total, invoice.currency, workspace.locale)}, due ${invoice.dueDate.toISOString().slice(0, 10)}.`,
    );
  },
});

async function invoiceFromFile(path: string): Promise<CreateInvoiceInput> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
  try {
    return JSON.parse(json) as CreateInvoiceInput; // validated by createInvoice
  } catch {
    throw new UsageError(`${path} is not valid JSON.`);
  }
}

/** A percentage ("20", "8.25") in basis points. */
export function percentOption(name: string, value: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(value)) throw new UsageError(`${name} is a percentage such as 20 or 8.25.`);
  return Math.round(Number(value) * 100);
}

/** Prices stay as typed: the domain reads them in the invoice's currency and the workspace's locale. */
export function invoiceFromOptions(options: OptionValues<typeof invoiceOptions>): CreateInvoiceInput {
  if (!options.line.length) throw new UsageError('Give at least one --line "Product|quantity|unit price", or --file.');
  if (!options.customer) throw new UsageError("--customer is required.");
  const lines = options.line.map((spec, index) => {
    const [productName = "", quantity = "", unitPrice = "", ...rest] = spec.split("|").map((part) => part.trim());
    if (!/^\d+(\.\d+)?$/.test(quantity) || !unitPrice) {
      throw new UsageError(`--line ${index + 1} must look like "Website redesign|1|1200.00" (a quantity and a price).`);
    }
    // "tax=7" and "discount=10" parts set the line's own rate and discount; the rest is its description.
    const option = (name: string) => rest.find((part) => part.startsWith(`${name}=`))?.slice(name.length + 1);
    const description = rest.filter((part) => !/^(tax|discount)=/.test(part)).join("|") || null;
    const taxRate = option("tax");
    const discount = option("discount");
    return {
      productName,
      quantity: Number(quantity),
      unitPrice,
      description,
      taxRateBps: taxRate === undefined ? undefined : percentOption(`--line ${index + 1} tax=`, taxRate),
      discountBps: discount === undefined ? undefined : percentOption(`--line ${index + 1} discount=`, discount),
    };
  });
  return {
    customerId: options.customer,
    currency: options.currency,
    issueDate: options["issue-date"],
    dueDate: options["due-date"],
    supplyDate: options["supply-date"],
    taxRateBps: options.tax === undefined ? undefined : percentOption("--tax", options.tax),
    discountBps: options.discount === undefined ? undefined : percentOption("--discount", options.discount),
    notes: options.notes,
    footer: multiline(options.footer),
    poNumber: options.po,
    template: oneOf(options.template, "template", invoiceTemplates),
    lines,
    issue: !options.draft,
  };
}
