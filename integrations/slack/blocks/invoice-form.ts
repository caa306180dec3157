import type { ViewOutput } from "@slack/bolt";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import { customerSelect } from "../ids.ts";
import { block, emailClientOption, lineBlock, saveAsDraft } from "./invoice-modal.ts";
import { valueId } from "./kit.ts";

type Values = ViewOutput["state"]["values"];

/** What the person typed. Prices stay text: the domain reads them in the invoice's currency and the vendor's locale. */
export interface InvoiceForm {
  customerId: string | null;
  newCustomer: { name: string; email: string | null; address: string | null } | null;
  invoice: Omit<CreateInvoiceInput, "customerId">;
}

/** A form part read: its value, or its mistakes with what could still be read (checked further, so every mistake shows at once). */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; value?: T };

/** What a form said, with every mistake found in it (empty when there is none). */
export interface FormReading<T> {
  value: T;
  errors: Record<string, string>;
}

const text = (values: Values, blockId: string) => values[blockId]?.[valueId]?.value?.trim() || null;

/**
 * Reads the invoice modal; number formats are checked here, everything else by the domain. The
 * form is read whole even when something is wrong, so every mistake is shown at once.
 */
export function readInvoiceForm(values: Values, keys: string[]): FormReading<InvoiceForm> {
  const errors: Record<string, string> = {};
  const customerId = values[block.customer]?.[customerSelect]?.selected_option?.value ?? null;
  const name = text(values, block.customerName);
  if (customerId && name) errors[block.customerName] = "Pick an existing customer or type a new one, not both.";
  if (!customerId && !name) errors[block.customer] = "Pick a customer, or type a new customer's name below.";

  /** A percentage field in basis points; undefined when empty. */
  const percent = (blockId: string, what: string): number | undefined => {
    const typed = text(values, blockId);
    if (typed === null) return undefined;
    if (!/^\d+(\.\d{1,2})?$/.test(typed)) errors[blockId] = `${what} is a percentage such as 20 or 8.25.`;
    return Math.round(Number(typed) * 100);
  };

  const lines = keys.map((key) => {
    const quantity = text(values, lineBlock(key, "quantity"));
    if (quantity === null || !Number.isFinite(Number(quantity))) errors[lineBlock(key, "quantity")] = "Quantity must be a number such as 1 or 2.5.";
    const unitPrice = text(values, lineBlock(key, "price"));
    if (unitPrice === null) errors[lineBlock(key, "price")] = "Unit price is required.";
    return {
      productName: text(values, lineBlock(key, "product")) ?? "",
      description: text(values, lineBlock(key, "description")),
      quantity: Number(quantity),
      unitPrice: unitPrice ?? "",
      taxRateBps: percent(lineBlock(key, "tax"), "Tax rate"),
      discountBps: percent(lineBlock(key, "discount"), "Discount"),
    };
  });
  return {
    errors,
    value: {
      customerId,
      newCustomer: name ? { name, email: text(values, block.customerEmail), address: text(values, block.customerAddress) } : null,
      invoice: {
        currency: text(values, block.currency) ?? undefined,
        issueDate: values[block.issueDate]?.[valueId]?.selected_date ?? undefined,
        dueDate: values[block.dueDate]?.[valueId]?.selected_date ?? undefined,
        supplyDate: values[block.supplyDate]?.[valueId]?.selected_date ?? undefined,
        taxRateBps: percent(block.tax, "Tax rate"),
        discountBps: percent(block.discount, "Discount"),
        notes: text(values, block.notes),
        footer: text(values, block.footer),
        template: (values[block.template]?.[valueId]?.selected_option?.value ?? undefined) as CreateInvoiceInput["template"],
        // A form drawn before the box existed has no such block: the email goes, as it always did.
        emailClient: values[block.emailClient]
          ? Boolean(values[block.emailClient]?.[valueId]?.selected_options?.some((chosen) => chosen.value === emailClientOption))
          : true,
        lines,
        issue: !values[block.saveAs]?.[valueId]?.selected_options?.some((chosen) => chosen.value === saveAsDraft),
      },
    },
  };
}

const fieldBlocks: Record<string, string> = {
  customerId: block.customer,
  currency: block.currency,
  issueDate: block.issueDate,
  dueDate: block.dueDate,
  taxRateBps: block.tax,
  discountBps: block.discount,
  supplyDate: block.supplyDate,
  notes: block.notes,
  footer: block.footer,
  template: block.template,
};
const lineFieldBlocks = {
  productName: "product",
  description: "description",
  quantity: "quantity",
  unitAmount: "price",
  unitPrice: "price",
  taxRateBps: "tax",
  discountBps: "discount",
} as const;

/** The domain's field paths ("lines.1.quantity", "customer.email") as the modal's block ids. */
export function errorsByBlock(issues: Record<string, string>, keys: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(issues)) {
    const line = /^lines\.(\d+)\.(\w+)/.exec(field);
    const lineField = line ? lineFieldBlocks[line[2] as keyof typeof lineFieldBlocks] : undefined;
    const target =
      line && lineField
        ? lineBlock(keys[Number(line[1])] ?? keys[0] ?? "0", lineField)
        : field === "customer.email"
          ? block.customerEmail
          : field === "customer.address"
            ? block.customerAddress
            : field.startsWith("customer.")
              ? block.customerName
              : (fieldBlocks[field] ?? lineBlock(keys[0] ?? "0", "product"));
    errors[target] ??= message;
  }
  return errors;
}
