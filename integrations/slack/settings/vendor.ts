import type { Workspace } from "#app/generated/prisma/client.ts";
import type { WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import type { SettingsSection } from "./section.ts";
import { textField, textValue } from "./section.ts";

type VendorField = Extract<
  keyof WorkspaceSettingsInput,
  | "legalName"
  | "address"
  | "taxId"
  | "registrationNumber"
  | "billingEmail"
  | "phone"
  | "website"
  | "bankName"
  | "bankAccountHolder"
  | "bankAccount"
  | "bankBic"
  | "paymentInstructions"
>;

/** The vendor's details as invoices print them (docs/languages.md), in the order a form asks for them. */
const fields: { field: VendorField; blockId: string; label: string; max: number; multiline?: boolean; hint?: string }[] = [
  { field: "legalName", blockId: "settings_legal_name", label: "Legal name", max: 200, hint: "As registered; your workspace's name is printed when empty." },
  { field: "address", blockId: "settings_address", label: "Address", max: 500, multiline: true },
  { field: "taxId", blockId: "settings_tax_id", label: "VAT / tax ID", max: 40 },
  { field: "registrationNumber", blockId: "settings_registration", label: "Registration number", max: 80 },
  { field: "billingEmail", blockId: "settings_billing_email", label: "Billing email", max: 254 },
  { field: "phone", blockId: "settings_phone", label: "Phone", max: 40 },
  { field: "website", blockId: "settings_website", label: "Website", max: 200 },
  {
    field: "bankName",
    blockId: "settings_bank_name",
    label: "Bank",
    max: 120,
    hint: "Bank details are printed on invoices with a balance, and offered when online payment is off.",
  },
  { field: "bankAccountHolder", blockId: "settings_bank_holder", label: "Account holder", max: 200 },
  { field: "bankAccount", blockId: "settings_bank_account", label: "IBAN or account number", max: 80 },
  { field: "bankBic", blockId: "settings_bank_bic", label: "BIC / SWIFT", max: 20 },
  { field: "paymentInstructions", blockId: "settings_payment_instructions", label: "Payment instructions", max: 1000, multiline: true },
];

export const vendorSection: SettingsSection = {
  title: "Your business on invoices",
  blocks: (workspace: Workspace) =>
    fields.map(({ field, blockId, label, max, multiline, hint }) =>
      textField({ blockId, label, optional: true, hint, max, multiline, initial: workspace[field] }),
    ),
  // An emptied field clears it: the form shows every detail, so what is left empty is meant to be.
  read: (values) => ({
    ok: true,
    value: Object.fromEntries(fields.map(({ field, blockId }) => [field, textValue(values, blockId)])) as WorkspaceSettingsInput,
  }),
  fields: Object.fromEntries(fields.map(({ field, blockId }) => [field, blockId])),
};
