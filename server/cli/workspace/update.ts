import { readFile } from "node:fs/promises";
import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { multiline, oneOf, onOff, text, UsageError, wholeNumber, workspaceOption } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";

export const workspaceUpdate = command({
  name: "workspace update",
  summary: 'Change a workspace\'s branding, settings and what invoices print about you ("" clears a value).',
  options: {
    ...workspaceOption,
    name: text("NAME", "The business's name"),
    "brand-color": text("#0f766e", "Brand colour of the portal, PDFs and emails"),
    logo: text("logo.png", "A PNG logo (at most 512 KB)"),
    template: text("NAME", `Default PDF template: ${invoiceTemplates.join(", ")}`),
    terms: text("DAYS", "Payment terms: days from issue to due"),
    prefix: text("PREFIX", "Invoice number prefix"),
    "credit-note-prefix": text("PREFIX", "Credit note number prefix (its own series, CN- by default)"),
    reminders: text("1,7,14", "Days after the due date on which the team is reminded in Slack"),
    "self-service-links": text("on|off", "Clients whose link lapsed may ask for a fresh one by email"),
    "legal-name": text("NAME", "Legal name printed on invoices"),
    address: text('"Street 1\\nCity"', "Postal address (\\n starts a new line)"),
    "billing-email": text("EMAIL", "Billing email printed on invoices"),
    phone: text("PHONE", "Phone number printed on invoices"),
    website: text("URL", "Website printed on invoices"),
    "tax-id": text("VAT", "Tax id (VAT number)"),
    registration: text("NUMBER", "Company registration number"),
    "bank-name": text("BANK", "Bank name, for payment by transfer"),
    "bank-holder": text("HOLDER", "Account holder"),
    "bank-account": text("IBAN", "Account number or IBAN"),
    "bank-bic": text("BIC", "BIC / SWIFT code"),
    "payment-instructions": text("TEXT", "How to pay when not paying online (\\n starts a new line)"),
  },
  async run({ options, io, app }) {
    const { db } = await app();
    const reminders = options.reminders?.split(",").map((day) => wholeNumber(day.trim(), "reminders") ?? 0);
    const workspace = await updateWorkspaceSettings(db, options.workspace, {
      name: options.name,
      brandColor: options["brand-color"],
      logoPng: options.logo ? await readLogo(options.logo) : undefined,
      defaultTemplate: oneOf(options.template, "template", invoiceTemplates),
      paymentTermsDays: wholeNumber(options.terms, "terms"),
      invoicePrefix: options.prefix,
      creditNotePrefix: options["credit-note-prefix"],
      reminderDays: reminders,
      selfServiceLinks: onOff(options["self-service-links"], "self-service-links"),
      legalName: options["legal-name"],
      address: multiline(options.address),
      billingEmail: options["billing-email"],
      phone: options.phone,
      website: options.website,
      taxId: options["tax-id"],
      registrationNumber: options.registration,
      bankName: options["bank-name"],
      bankAccountHolder: options["bank-holder"],
      bankAccount: options["bank-account"],
      bankBic: options["bank-bic"],
      paymentInstructions: multiline(options["payment-instructions"]),
    });
    io.out(`Updated workspace ${workspace.id} "${workspace.name}".`);
  },
});

async function readLogo(path: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new UsageError(`Cannot read ${path}.`);
  }
}
